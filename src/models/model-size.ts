import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readCsvDataset } from '../data/csv.js';

/**
 * The size of the problem a model block describes — N training examples and d parameters —
 * without building the model, so that B ≤ N and the length of a starting point are checked before
 * any work starts, CSV data included. Each model family answers for itself (ModelFactory.size);
 * these are the pieces they share. Written defensively: a factory's size() also sees raw input
 * that failed the schema. A field is undefined when it cannot be told (a missing or broken file:
 * the model's own checks report that).
 */
export interface ModelSize {
  /** training examples N */
  n?: number;
  /** parameters d */
  d?: number;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A number field of a raw block, or undefined. */
export function numberField(block: Record<string, unknown>, key: string): number | undefined {
  const v = block[key];
  return typeof v === 'number' ? v : undefined;
}

/** Rows and feature columns of a CSV data file (relative to baseDir); undefined when it cannot be read. */
export function csvShape(file: unknown, baseDir: string): { n: number; d: number } | undefined {
  if (typeof file !== 'string') return undefined;
  const full = resolve(baseDir, file);
  if (!existsSync(full)) return undefined;
  try {
    const data = readCsvDataset(full);
    return { n: data.n, d: data.d };
  } catch {
    return undefined;
  }
}
