import type { z } from 'zod';
import type { Loss } from './loss.js';
import type { InputProblem } from '../errors.js';
import type { ModelSize } from './model-size.js';

/**
 * How a scenario's `model` block becomes a Loss: the contract each model family implements (one
 * file per family) and the registry (registry.ts) lists. In its own file so that the families and
 * the registry do not import each other.
 */
export interface ModelFactory<S extends { kind: string } = any, L extends Loss = Loss, Schema extends z.ZodType<S> = z.ZodType<S>> {
  readonly kind: S['kind'];
  /** the zod schema of its `model` block (its precise type, so that the registry can join the families' schemas) */
  readonly schema: Schema;
  /** cross-field checks beyond the schema; `path` is the JSON path of the model block */
  checks?(spec: S, baseDir: string, path: string): InputProblem[];
  /**
   * N and d of a raw model block (it may have failed the schema: read defensively), without
   * building the model: validation checks B ≤ N and the start's length with them.
   */
  size(raw: Record<string, unknown>, baseDir: string): ModelSize;
  /** deterministic in (spec, seed) */
  build(spec: S, ctx: { seed: number; baseDir: string }): L;
}
