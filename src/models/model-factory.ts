import type { z } from 'zod';
import type { Loss } from './loss.js';
import type { OnlineLoss } from './online-loss.js';
import type { InputProblem } from '../errors.js';
import type { ModelSize } from './model-size.js';

/**
 * How a scenario's `model` block becomes a Loss: the contract each model family implements (one
 * file per family) and the registry (registry.ts) lists. In its own file so that the families and
 * the registry do not import each other.
 */
export interface ModelFactory<S extends { kind: string } = any, L extends Loss | OnlineLoss = Loss | OnlineLoss, Schema extends z.ZodType<S> = z.ZodType<S>> {
  readonly kind: S['kind'];
  /** what every model of the family offers, known before one is built: scenario schemas choose families by it */
  readonly capabilities: ModelCapabilities<L extends OnlineLoss ? 'online' : 'finite'>;
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

/**
 * A family's declared capabilities (test/models/contract.test.ts checks each against a built model).
 * Experiments select model families by these, never by a list of kind names.
 */
export interface ModelCapabilities<D extends 'finite' | 'online' = 'finite' | 'online'> {
  /**
   * 'finite': N training examples, minibatches drawn by index (a Loss, loss.ts); 'online': infinite
   * data, every minibatch gradient drawn afresh with covariance C/B (an OnlineLoss, online-loss.ts).
   */
  readonly data: D;
  /**
   * The exact gradient noise scale (B_simple, B_noise; docs/theory.md §9) is computable: per-example
   * gradients and a Hessian (finite data), or H and C in closed form (online).
   */
  readonly exactNoiseScale: boolean;
  /** minimum() gives the exact minimum (so L* and an excess loss are known) */
  readonly knownMinimum: boolean;
}
