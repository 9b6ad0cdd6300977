import { readBoundedFile, jsonErrorWithoutText } from './safe-path.js';
import { InputError, type InputProblem } from '../errors.js';
import { SCHEMA_VERSION, VERDICTS, type Prediction, type Result, type Verdict } from '../core/result.js';

/**
 * Read results.json back (for `sgd-sde plot`, `export` and `judge`): one Result, or an array of
 * them. Checks the envelope that every Result has; the experiment-specific blocks are checked by
 * whoever reads them. Every problem is reported at once with its JSON path (InputError: exit 2).
 * A file of schema version 1 (before predictions had a verdict) is upgraded as it is read: its
 * verdict is what its fields said (N/E when it had a reason, INFO when not judged, otherwise PASS
 * or FAIL by `pass`), and its `pass` becomes true only for a PASS; `sgd-sde judge` judges it
 * again by the current rule.
 */
export function readResultsFile(path: string): Result[] {
  const text = readBoundedFile(path, '<file>', 'results file');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError([{ path: '<file>', message: `not valid JSON: ${jsonErrorWithoutText(err, text)}` }], `results file ${path}`);
  }
  const list = Array.isArray(raw) ? raw : [raw];
  const problems: InputProblem[] = [];
  if (list.length === 0) problems.push({ path: '<root>', message: 'an empty array holds no results' });
  list.forEach((item, i) => problems.push(...resultProblems(item, Array.isArray(raw) ? `[${i}]` : '')));
  if (problems.length > 0) throw new InputError(problems, `results file ${path} (expected the results.json that \`sgd-sde run\` writes)`);
  const results = list as Result[];
  for (const r of results) {
    for (const p of r.predictions) {
      for (const k of ['predicted', 'measured', 'stdError', 'z', 'tolerance'] as const) if (p[k] === null) p[k] = Number.NaN;
      if (p.verdict === undefined) upgradeVersion1(p);
    }
  }
  return results;
}

/** A version-1 prediction's verdict, from the fields it had (also for results read as a scenario's input). */
export function upgradeVersion1(p: Prediction): void {
  const verdict: Verdict = p.notEvaluable ? 'N/E' : p.expect === 'not-judged' ? 'INFO' : p.pass ? 'PASS' : 'FAIL';
  p.verdict = verdict;
  p.pass = verdict === 'PASS';
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The problems of one candidate Result (empty when its envelope is sound). */
export function resultProblems(value: unknown, prefix = ''): InputProblem[] {
  const at = (key: string) => (prefix ? `${prefix}.${key}` : key);
  if (!isObject(value)) return [{ path: prefix || '<root>', message: 'must be a results object', value: Array.isArray(value) ? 'array' : value }];
  const problems: InputProblem[] = [];
  const tool = value.tool;
  if (!isObject(tool) || tool.name !== 'sgd-sde') problems.push({ path: at('tool.name'), message: 'must be "sgd-sde": this is not an sgd-sde results file', value: isObject(tool) ? tool.name : tool });
  if (typeof value.schemaVersion !== 'number' || !Number.isInteger(value.schemaVersion)) {
    problems.push({ path: at('schemaVersion'), message: 'must be an integer', value: value.schemaVersion });
  } else if (value.schemaVersion < 1) {
    problems.push({ path: at('schemaVersion'), message: `must be an integer from 1 to ${SCHEMA_VERSION} (versions start at 1)`, value: value.schemaVersion });
  } else if (value.schemaVersion > SCHEMA_VERSION) {
    problems.push({ path: at('schemaVersion'), message: `this sgd-sde reads results up to schema version ${SCHEMA_VERSION}; upgrade sgd-sde`, value: value.schemaVersion });
  }
  for (const key of ['experiment', 'name'] as const) {
    if (typeof value[key] !== 'string') problems.push({ path: at(key), message: 'must be a string', value: value[key] });
  }
  if (typeof value.seed !== 'number') problems.push({ path: at('seed'), message: 'must be a number', value: value.seed });
  for (const key of ['scenario', 'measured', 'theory'] as const) {
    if (!isObject(value[key])) problems.push({ path: at(key), message: 'must be an object', value: typeof value[key] });
  }
  if (!Array.isArray(value.predictions)) {
    problems.push({ path: at('predictions'), message: 'must be an array', value: typeof value.predictions });
  } else {
    value.predictions.forEach((p, i) => {
      const path = at(`predictions[${i}]`);
      if (!isObject(p)) return problems.push({ path, message: 'must be an object' });
      if (typeof p.id !== 'string') problems.push({ path: `${path}.id`, message: 'must be a string', value: p.id });
      if (typeof p.pass !== 'boolean') problems.push({ path: `${path}.pass`, message: 'must be true or false', value: p.pass });
      const version = typeof value.schemaVersion === 'number' ? value.schemaVersion : SCHEMA_VERSION;
      if (version >= 2 || p.verdict !== undefined) {
        if (!VERDICTS.includes(p.verdict as Verdict)) problems.push({ path: `${path}.verdict`, message: `must be one of ${VERDICTS.join(', ')}`, value: p.verdict });
        else if (typeof p.pass === 'boolean' && p.pass !== (p.verdict === 'PASS')) problems.push({ path: `${path}.pass`, message: `must be true exactly when verdict is PASS (verdict ${p.verdict as string})`, value: p.pass });
      }
      for (const k of ['predicted', 'measured', 'stdError', 'z', 'tolerance']) {
        // null stands for a non-finite number (JSON has no NaN)
        if (typeof p[k] !== 'number' && p[k] !== null) problems.push({ path: `${path}.${k}`, message: 'must be a number', value: p[k] });
      }
    });
  }
  if (value.warnings !== undefined && !(Array.isArray(value.warnings) && value.warnings.every((w) => typeof w === 'string'))) {
    problems.push({ path: at('warnings'), message: 'must be an array of strings', value: value.warnings });
  }
  return problems;
}
