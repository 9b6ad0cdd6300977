import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { InputError, type InputProblem } from '../errors.js';
import { experiments, experimentKinds, isExperimentKind, type ExperimentKind } from '../experiments/registry.js';
import { zodProblems } from './issues.js';
import { deepMerge } from './merge.js';

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
}

/** Read, parse and validate a scenario file; throws InputError listing every problem. */
export function loadScenarioFile(path: string, options: LoadOptions = {}): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError([{ path: '<file>', message: `cannot read scenario file ${path}: ${(err as Error).message}` }], path);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError([{ path: '<file>', message: `not valid JSON: ${(err as Error).message}` }], path);
  }
  const fallbackName = basename(path).replace(/\.json$/i, '');
  return parseScenario(raw, { ...options, baseDir: dirname(resolve(path)), source: path, fallbackName });
}

/** Validate a scenario object (already parsed JSON). */
export function parseScenario(
  raw: unknown,
  options: LoadOptions & { baseDir?: string; source?: string; fallbackName?: string } = {},
): LoadedScenario {
  const source = options.source ?? 'scenario';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError([{ path: '<root>', message: 'a scenario must be a JSON object', value: raw }], source);
  }
  let obj = raw as Record<string, unknown>;
  const kind = obj.experiment;
  if (!isExperimentKind(kind)) {
    throw new InputError([{ path: 'experiment', message: `must be one of ${experimentKinds.map((k) => `"${k}"`).join(', ')}`, value: kind }], source);
  }
  if (options.quick && obj.quick !== undefined) {
    if (obj.quick === null || typeof obj.quick !== 'object' || Array.isArray(obj.quick)) {
      throw new InputError([{ path: 'quick', message: 'must be an object of overrides', value: obj.quick }], source);
    }
    obj = deepMerge(obj, obj.quick as Record<string, unknown>);
  }
  if (options.seed !== undefined) obj = { ...obj, seed: options.seed };
  const experiment = experiments[kind];
  const parsed = experiment.schema.safeParse(obj);
  if (!parsed.success) {
    // report cross-field problems too (B > N, …) where the raw input is complete enough to tell
    const problems = zodProblems(parsed.error, obj);
    try {
      for (const p of experiment.checks?.(obj as never, options.baseDir ?? process.cwd()) ?? []) {
        if (!problems.some((q) => q.path === p.path)) problems.push(p);
      }
    } catch {
      // the raw input is too malformed for cross-field checks; the schema problems say why
    }
    throw new InputError(problems, source);
  }
  const scenario = parsed.data as LoadedScenario['scenario'];
  const baseDir = options.baseDir ?? process.cwd();
  const problems: InputProblem[] = experiment.checks ? experiment.checks(scenario as never, baseDir) : [];
  if (problems.length > 0) throw new InputError(problems, source);
  return { kind, scenario, name: scenario.name ?? options.fallbackName ?? kind, baseDir, quick: Boolean(options.quick) };
}
