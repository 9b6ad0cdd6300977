import { z } from 'zod';
import { resultEnvelope } from '../core/result-schema.js';
import { InputError, type InputProblem } from '../errors.js';
import { experimentKinds, isExperimentKind, resultBlocks, type ExperimentKind } from './registry.js';

/**
 * The schema of a result (one object of results.json): the shared envelope (core/result-schema.ts)
 * with `experiment` as the discriminant and that kind's `measured` / `theory` schemas (declared in
 * its registry entry, experiments/<kind>/result-schema.ts). `Result` is the union of the inferred
 * types, so a script that checks `r.experiment === 'stationary'` gets typed blocks.
 */
function kindResultSchema<K extends ExperimentKind>(kind: K) {
  const blocks = resultBlocks[kind];
  return z.object({
    ...resultEnvelope,
    experiment: z.literal(kind),
    measured: blocks.measured as (typeof resultBlocks)[K]['measured'],
    theory: blocks.theory as (typeof resultBlocks)[K]['theory'],
  });
}

/** The result of one experiment kind, as results.json holds it (non-finite numbers are null). */
export type ResultOf<K extends ExperimentKind> = z.infer<ReturnType<typeof kindResultSchema<K>>>;
/** A result of any kind, discriminated on `experiment`. */
export type Result = { [K in ExperimentKind]: ResultOf<K> }[ExperimentKind];

export const resultSchemas = Object.fromEntries(experimentKinds.map((k) => [k, kindResultSchema(k)])) as {
  readonly [K in ExperimentKind]: ReturnType<typeof kindResultSchema<K>>;
};

export const resultSchema = z.discriminatedUnion(
  'experiment',
  Object.values(resultSchemas) as unknown as [ReturnType<typeof kindResultSchema<ExperimentKind>>, ...ReturnType<typeof kindResultSchema<ExperimentKind>>[]],
) as unknown as z.ZodType<Result>;

/**
 * Parse one result read from results.json: the typed result, or an InputError naming each wrong
 * field by its JSON path, the value found and what is allowed (exit code 2).
 */
export function parseResult(value: unknown, source = 'results file'): Result {
  const kind = (value as { experiment?: unknown } | null)?.experiment;
  if (!isExperimentKind(kind)) {
    throw new InputError([{ path: 'experiment', message: `must be one of ${experimentKinds.map((k) => `"${k}"`).join(', ')}`, value: kind }], source);
  }
  const parsed = resultSchemas[kind].safeParse(value);
  if (parsed.success) return parsed.data as Result;
  const problems: InputProblem[] = parsed.error.issues.flatMap((issue) => closestAlternative(issue, [])).map((issue) => ({
    path: issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(root)',
    message: issue.message,
    value: valueAt(value, issue.path),
  }));
  throw new InputError(problems, source);
}

type Issue = z.core.$ZodIssue;

/**
 * A union none of whose forms matched (e.g. a block that is either a finite-data or an online
 * frontier): the problems of the form the value came closest to (fewest problems), at full paths.
 */
function closestAlternative(issue: Issue, prefix: readonly PropertyKey[]): { path: PropertyKey[]; message: string }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ path, message: issue.message }];
  const best = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
  return best.flatMap((sub) => closestAlternative(sub, path));
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  if (Array.isArray(v)) return `array of ${v.length}`;
  if (v !== null && typeof v === 'object') return 'object';
  return v;
}
