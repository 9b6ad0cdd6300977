import { resolve } from 'node:path';
import type { Experiment, ResultInput } from '../core/experiment.js';
import type { Result } from '../core/result.js';
import { InputError, type InputProblem } from '../errors.js';
import { readBoundedFile, jsonErrorWithoutText } from '../io/safe-path.js';
import { parseResult } from './result-schema.js';
import { upgradeVersion1 } from '../io/results-file.js';
import type { Prediction } from '../core/result.js';

/**
 * The results files a scenario reads (Experiment.resultInputs): each read with the bounded reader
 * (a regular file under the size cap, never echoed), parsed as JSON, and every result in it (a
 * file holds one result or an array of them) validated against the result schema of the kind the
 * scenario asks for. A kind only names the files; the runner, which knows every kind's result
 * schema, checks them, so that one kind can read another's results without importing it. Every
 * problem is reported at the scenario field that names the file.
 */
export function readResultInputs(inputs: readonly ResultInput[], baseDir: string): { results: Result[][]; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const results = inputs.map((input) => {
    try {
      return readOne(input, baseDir);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.problems.map((p) => ({ path: input.field, message: `${p.path && p.path !== '<file>' ? `${p.path}: ` : ''}${p.message}`, ...(p.value !== undefined ? { value: p.value } : {}) })));
      return [];
    }
  });
  return { results, problems };
}

/** The problems of a scenario's results files (empty when the kind reads none, or all are sound). */
export function resultInputProblems(experiment: Experiment, scenario: unknown, baseDir: string): InputProblem[] {
  const inputs = experiment.resultInputs?.(scenario);
  return inputs && inputs.length > 0 ? readResultInputs(inputs, baseDir).problems : [];
}

function readOne(input: ResultInput, baseDir: string): Result[] {
  const path = resolve(baseDir, input.path);
  const text = readBoundedFile(path, '<file>', 'results file');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError([{ path: '', message: `results file ${input.path} is not valid JSON: ${jsonErrorWithoutText(err, text)}` }]);
  }
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw new InputError([{ path: '', message: `results file ${input.path} holds an empty array, no results` }]);
  return list.map((value, i) => {
    const at = Array.isArray(raw) ? `[${i}]` : '';
    const kind = (value as { experiment?: unknown } | null)?.experiment;
    if (kind !== input.kind) {
      throw new InputError([{ path: '', message: `results file ${input.path}${at}: must hold ${input.kind} results, not ${JSON.stringify(kind)}`, value: kind }]);
    }
    // a file of schema version 1 (before predictions had a verdict) reads as readResultsFile reads it
    const predictions = (value as { schemaVersion?: unknown; predictions?: unknown }).predictions;
    if ((value as { schemaVersion?: unknown }).schemaVersion === 1 && Array.isArray(predictions)) {
      for (const p of predictions) if (p !== null && typeof p === 'object' && (p as Prediction).verdict === undefined) upgradeVersion1(p as Prediction);
    }
    try {
      return parseResult(value, `results file ${input.path}`) as unknown as Result;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      throw new InputError(err.problems.map((p) => ({ ...p, path: '', message: `results file ${input.path}${at}, ${p.path}: ${p.message}` })));
    }
  });
}
