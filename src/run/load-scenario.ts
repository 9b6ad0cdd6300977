import { basename, dirname, resolve } from 'node:path';
import { MAX_TOLERANCE } from '../stats/normal.js';
import { InputError, type InputProblem } from '../errors.js';
import { experiments, experimentKinds, isExperimentKind, type ExperimentKind } from './registry.js';
import { zodProblems } from '../scenario/issues.js';
import { budgetProblems } from './budget.js';
import { isSafeName, SAFE_NAME_RULE, readBoundedFile, jsonErrorWithoutText } from '../io/safe-path.js';
import { deepMerge } from '../scenario/merge.js';
import { fromQuick, withoutPaths } from '../scenario/quick.js';
import type { Experiment } from '../core/experiment.js';
import { resultInputProblems } from './result-inputs.js';

export interface LoadedScenario {
  kind: ExperimentKind;
  /** the validated, normalised scenario (defaults filled in) */
  scenario: Record<string, unknown> & { experiment: ExperimentKind; seed: number; name?: string };
  name: string;
  baseDir: string;
  quick: boolean;
}

export interface LoadOptions {
  quick?: boolean;
  /** overrides the scenario's seed */
  seed?: number;
  /** lift the time limits of run/budget.ts (not the memory limit) */
  allowLong?: boolean;
  /** run --plan: the cost model's time estimate is printed with the plan (and what run would refuse), not refused here */
  planning?: boolean;
}

/** Read, parse and validate a scenario file; throws InputError listing every problem. */
export function loadScenarioFile(path: string, options: LoadOptions = {}): LoadedScenario {
  // a regular file of bounded size: /dev/zero or a FIFO is refused before reading (io/safe-path.ts)
  const text = readBoundedFile(path, '<file>', 'scenario file');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError([{ path: '<file>', message: `not valid JSON: ${jsonErrorWithoutText(err, text)}` }], path);
  }
  const fallbackName = basename(path).replace(/\.json$/i, '');
  const loaded = parseScenario(raw, { ...options, baseDir: dirname(resolve(path)), source: path, fallbackName });
  if (!isSafeName(loaded.name)) {
    // the file name stands in for a missing `name`, and names the output directory: `...json` would give ".."
    throw new InputError([{ path: 'name', message: `is missing, and the file name gives ${JSON.stringify(loaded.name)}, which cannot name an output directory (${SAFE_NAME_RULE}): add a "name" field` }], path);
  }
  return loaded;
}

/** Validate a scenario object (already parsed JSON). */
export function parseScenario(
  raw: unknown,
  options: LoadOptions & { baseDir?: string; source?: string; fallbackName?: string } = {},
): LoadedScenario {
  const source = options.source ?? 'scenario';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError([{ path: '<root>', message: 'a scenario must be a JSON object', value: Array.isArray(raw) ? '[array]' : raw }], source);
  }
  let obj = raw as Record<string, unknown>;
  const kind = obj.experiment;
  if (!isExperimentKind(kind)) {
    const allowed = experimentKinds.map((k) => `"${k}"`).join(', ');
    const message = kind === undefined ? `required field is missing (one of ${allowed})` : `must be one of ${allowed}`;
    throw new InputError([{ path: 'experiment', message, value: kind }], source);
  }
  if (options.seed !== undefined) obj = { ...obj, seed: options.seed };
  const experiment = experiments[kind];
  const baseDir = options.baseDir ?? process.cwd();
  const quick = obj.quick;
  let overrides = quick !== null && typeof quick === 'object' && !Array.isArray(quick) ? (quick as Record<string, unknown>) : undefined;
  // the command line wins: --seed overrides a quick.seed as well as the scenario's seed
  if (options.seed !== undefined && overrides && 'seed' in overrides) overrides = { ...overrides, seed: options.seed };
  const merged = overrides ? deepMerge(obj, overrides) : obj;
  // the scenario that runs, and the other one too: a broken `quick` block is an error in the file either way
  const main = scenarioProblems(experiment, options.quick ? merged : obj, baseDir);
  const problems = options.quick && overrides ? main.problems.map((p) => fromQuick(p, overrides, obj)) : main.problems;
  if (overrides) {
    const other = options.quick
      ? scenarioProblems(experiment, obj, baseDir).problems
      : scenarioProblems(experiment, merged, baseDir).problems.map((p) => fromQuick(p, overrides, obj)).filter((p) => p.path.startsWith('quick.'));
    for (const p of other) if (!problems.some((q) => q.path === p.path)) problems.push(p);
  }
  if (problems.length > 0 || main.data === undefined) throw new InputError(problems, source);
  const scenario = main.data as LoadedScenario['scenario'];
  // refuse up front what cannot fit in memory or finish in reasonable time (run/budget.ts)
  const budget = budgetProblems(kind, scenario, { allowLong: options.allowLong, baseDir, estimateTime: !options.planning });
  if (budget.length > 0) throw new InputError(budget, source);
  return { kind, scenario, name: scenario.name ?? options.fallbackName ?? kind, baseDir, quick: Boolean(options.quick) };
}

/** An `expect` key that no prediction of this kind can carry (a typo must fail validate). */
function expectKeyProblems(experiment: Experiment, scenario: unknown): InputProblem[] {
  const patterns = experiment.predictionIds?.(scenario);
  const declared = (scenario as { expect?: Record<string, unknown> }).expect;
  if (!patterns || !declared) return [];
  return Object.keys(declared)
    .filter((id) => !patterns.some((re) => re.test(id)))
    .map((id) => ({
      path: `expect.${id}`,
      message: `no ${experiment.kind} prediction has this id; the ids are ${patterns.map((re) => re.source.replace(/^\^|\$$/g, '').replace(/\\\./g, '.')).join(', ')}`,
      value: id,
    }));
}

/**
 * Every kind's `tolerance` is bounded by MAX_TOLERANCE (stats/normal.ts): beyond ~37σ the normal
 * tail probability is not representable, and no stated false-failure rate is left.
 */
function toleranceProblems(scenario: unknown): InputProblem[] {
  const t = (scenario as { tolerance?: unknown }).tolerance;
  if (typeof t !== 'number' || t <= MAX_TOLERANCE) return [];
  return [{ path: 'tolerance', value: t, message: `must be at most ${MAX_TOLERANCE} standard errors: beyond that the normal tail probability 2(1 − Φ(tolerance)) (5.7e-300 at 37) is not representable in double precision, so the tolerance states no false-failure rate` }];
}

/** Schema and cross-field problems of one candidate scenario object; the normalised data if none. */
function scenarioProblems(experiment: Experiment, obj: Record<string, unknown>, baseDir: string): { problems: InputProblem[]; data?: unknown } {
  const parsed = experiment.schema.safeParse(obj);
  if (parsed.success) {
    const problems = [...(experiment.checks ? experiment.checks(parsed.data, baseDir) : []), ...expectKeyProblems(experiment, parsed.data), ...toleranceProblems(parsed.data)];
    // the results files it reads, only once the fields naming them are sound
    if (problems.length === 0) problems.push(...resultInputProblems(experiment, parsed.data, baseDir));
    return { problems, data: parsed.data };
  }
  const problems = zodProblems(parsed.error, obj);
  // report cross-field problems too (B > N, …), on the input without the fields already found invalid
  try {
    const sane = withoutPaths(obj, parsed.error.issues.filter((i) => i.code !== 'unrecognized_keys').map((i) => i.path));
    for (const p of experiment.checks?.(sane as never, baseDir) ?? []) {
      if (!problems.some((q) => q.path === p.path)) problems.push(p);
    }
  } catch {
    // the raw input is too malformed for cross-field checks; the schema problems say why
  }
  return { problems };
}
