import type { z } from 'zod';
import { InputError } from '../errors.js';

/**
 * Checked access to the experiment-specific blocks of a Result. Builders also run on results.json
 * files read back from disk (`sgd-sde plot`), so a malformed block must become an InputError
 * naming its JSON path (exit 2), not a TypeError deep in a builder.
 */
export function invalid(path: string, message: string, value?: unknown): never {
  throw new InputError([{ path, message, value: summarise(value) }], 'results file');
}

function summarise(value: unknown): unknown {
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'object';
  return value;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function object(value: unknown, path: string): Record<string, unknown> {
  if (!isObject(value)) invalid(path, 'must be an object', value);
  return value;
}

/** An optional sub-object: undefined when absent, an error when present but not an object. */
export function optionalObject(value: unknown, path: string): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : object(value, path);
}

/** A number; null stands for a non-finite value (JSON has no NaN) and reads back as NaN. */
export function num(value: unknown, path: string): number {
  if (value === null) return Number.NaN;
  if (typeof value !== 'number') invalid(path, 'must be a number', value);
  return value;
}

export function numbers(value: unknown, path: string): number[] {
  if (!Array.isArray(value)) invalid(path, 'must be an array of numbers', value);
  return value.map((v, i) => num(v, `${path}[${i}]`));
}

/** A square matrix as an array of rows. */
export function matrix(value: unknown, path: string): number[][] {
  if (!Array.isArray(value) || value.length === 0) invalid(path, 'must be a non-empty square matrix (array of rows)', value);
  const rows = value.map((row, i) => numbers(row, `${path}[${i}]`));
  if (rows.some((row) => row.length !== rows.length)) invalid(path, `must be square (${rows.length} rows)`, value);
  return rows;
}

/** Pairs [x, y]. */
export function points(value: unknown, path: string): [number, number][] {
  if (!Array.isArray(value)) invalid(path, 'must be an array of [x, y] pairs', value);
  return value.map((p, i) => {
    const pair = numbers(p, `${path}[${i}]`);
    if (pair.length !== 2) invalid(`${path}[${i}]`, 'must be a pair [x, y]', p);
    return [pair[0], pair[1]];
  });
}

export function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) invalid(path, 'must be an array', value);
  return value;
}

/**
 * Parse a block of a result with its kind's zod schema (experiments/<kind>/result-schema.ts):
 * the typed block, or an InputError naming every wrong field by its JSON path under `path`.
 */
export function parseBlock<T extends z.ZodType>(schema: T, value: unknown, path: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InputError(parsed.error.issues.map((issue) => {
    let v: unknown = value;
    for (const key of issue.path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
    return {
      path: `${path}${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`,
      message: issue.message,
      value: summarise(v),
    };
  }), 'results file');
}
