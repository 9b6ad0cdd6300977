import { z } from 'zod';

/**
 * The schema of a cell's result, for the cells that come back from a file rather than from a worker
 * (shard files at `merge`): each kind declares, per task, a zod schema built from the cell's payload
 * (so that fields the cell echoes from its payload, such as N, B or the replica count, must equal
 * the planned values, and counts are bounded by them). `cellResultSchema<P, R>()(build)` type-checks
 * that the schema's output type is exactly the task's result type R, both ways: a field added to the
 * result type and not to its schema (or the reverse) does not compile.
 */
export type CellResultSchema<P = any, R = unknown> = (payload: P) => z.ZodType<R>;

/** A and B are mutually assignable. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export function cellResultSchema<P, R>() {
  return <S extends z.ZodType>(build: (payload: P) => S): Same<z.output<S>, R> extends true ? CellResultSchema<P, R> : { schemaOutputDiffersFromResultType: [z.output<S>, R] } =>
    build as never;
}

/** Any JavaScript number: a cell may hold NaN, ±Infinity or −0 (the shard encoding keeps them). */
export const anyNumber = z.custom<number>((v) => typeof v === 'number', { message: 'must be a number' });

/** A non-negative integer of at most `max` (a count, a step, an index). */
export const countUpTo = (max: number) => z.int().min(0).max(Math.max(0, Math.min(Number.MAX_SAFE_INTEGER, Math.floor(max))));

/** A number that must equal the planned value exactly (Object.is: NaN and −0 compare as themselves). */
export const plannedNumber = (value: number) => z.custom<number>((v) => typeof v === 'number' && Object.is(v, value), { message: `must equal the planned value ${value}` });

/** A finite number in [0, 1] or NaN (a fraction of an empty set). */
export const fraction = z.custom<number>((v) => typeof v === 'number' && (Number.isNaN(v) || (v >= 0 && v <= 1)), { message: 'must be a fraction in [0, 1] (or NaN)' });

/**
 * Why a cell read back from a file (a shard at `merge`, the cells kept in a results.json at
 * `judge`) is not a result of its planned cell, or undefined when it is: the kind's schema for the
 * cell's task, built from the planned payload.
 */
export function cellResultProblem(schemas: Readonly<Record<string, CellResultSchema>>, planned: { task: string; payload: unknown }, result: unknown): string | undefined {
  const schema = schemas[planned.task];
  if (!schema) return 'has no result schema for its task (a bug in sgd-sde: every task of a shardable kind declares one)';
  const parsed = schema(planned.payload).safeParse(result);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const field = issue.path.length > 0 ? `field "${issue.path.map(String).join('.')}"` : 'the result';
  return `is not a result of its planned cell: ${field} ${issue.message}`;
}
