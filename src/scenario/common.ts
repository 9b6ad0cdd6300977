import { z } from 'zod';
import { SAFE_NAME, SAFE_NAME_RULE } from '../io/safe-path.js';

/**
 * Fragments shared by the scenario schemas of several experiments. Every object is strict:
 * an unknown field is an error, not silently ignored.
 */

export const seedSchema = z.int().min(0).max(0xffffffff).describe('random seed: an integer in [0, 4294967295]');

export const samplerSchema = z
  .enum(['with-replacement', 'without-replacement', 'epoch-shuffle'])
  .describe('how a minibatch is drawn: B i.i.d. indices, a uniform B-subset each step, or consecutive batches of a per-epoch shuffle');

/**
 * The optimizer's numbers, one schema each: scenario files use them inside optimizerSchema, the
 * library (src/library/) checks the arguments of its functions with the same ones.
 */
export const lrSchema = z.number().positive().describe('learning rate ε > 0, acting on the mean minibatch loss');
export const batchSizeSchema = z.int().positive().describe('batch size B, 1 ≤ B ≤ N');
export const momentumSchema = z.number().min(0).lt(1);
export const weightDecaySchema = z.number().min(0);
/** The training-set size N. */
export const trainingSetSizeSchema = z.int().positive().describe('training-set size N ≥ 1');
/** A noise scale g = ε N c(N,B)/(1 − m), as a target (noise-scale --g, the library's inverses). */
export const noiseScaleValueSchema = z.number().positive().describe('noise scale g > 0');

/** Minibatch SGD with heavy-ball momentum (docs/theory.md §1). */
export const optimizerSchema = z.strictObject({
  lr: lrSchema,
  batchSize: batchSizeSchema,
  momentum: momentumSchema.default(0).describe('heavy-ball momentum m, 0 ≤ m < 1'),
  sampler: samplerSchema.default('without-replacement'),
  weightDecay: weightDecaySchema.default(0).describe('weight decay wd ≥ 0 (mean convention: L gains (wd/2)|ω|²)'),
});
export type OptimizerSpec = z.infer<typeof optimizerSchema>;

/** A list of eigenvalues, or a power law λ_k = scale · k^(−exponent), k = 1..dim. */
export const spectrumSchema = z.union([
  // bounded so that λ², ε λ and the covariance 1/λ stay finite (a spectrum [1e308, 1] overflowed into a false "λ_min = 0" warning)
  z.array(z.number().positive().min(1e-150, 'must be at least 1e-150 (its inverse must stay finite)').max(1e150, 'must be at most 1e150 (its square must stay finite)')).min(1).describe('explicit positive eigenvalues in [1e-150, 1e150]'),
  z.strictObject({
    powerLaw: z.strictObject({
      exponent: z.number().min(0).describe('λ_k = scale · k^(−exponent)'),
      scale: z.number().positive().default(1),
    }),
  }),
]);
export type SpectrumSpec = z.infer<typeof spectrumSchema>;

/** Resolve a spectrum spec to `dim` eigenvalues (explicit lists must have length dim). */
export function resolveSpectrum(spec: SpectrumSpec, dim: number): Float64Array {
  if (Array.isArray(spec)) return Float64Array.from(spec);
  const { exponent, scale } = spec.powerLaw;
  const out = new Float64Array(dim);
  for (let k = 0; k < dim; k++) out[k] = scale * Math.pow(k + 1, -exponent);
  return out;
}

/** How long an ensemble runs and how it is sampled. */
export const runSchema = z.strictObject({
  replicas: z.int().min(2).max(1_000_000).default(256).describe('independent replicas R (standard errors come from their spread)'),
  steps: z.int().positive().describe('SGD steps recorded after burn-in'),
  burnIn: z.union([z.int().min(0), z.literal('auto')]).default('auto')
    .describe("steps discarded first; 'auto' = ceil(10 / (ε_eff λ_min)), ten relaxation times of the slowest mode"),
  thin: z.int().positive().default(1).describe('record every thin-th step'),
});
export type RunSpec = z.infer<typeof runSchema>;

/** Fields every scenario has. */
export const envelopeFields = {
  name: z.string().min(1).max(200).regex(SAFE_NAME, SAFE_NAME_RULE).optional().describe('names the output directory out/<name>: one path component'),
  description: z.string().optional(),
  seed: seedSchema.default(1),
  /** Overrides applied by --quick (deep-merged before validation); recorded, not validated twice. */
  quick: z.record(z.string(), z.unknown()).optional(),
  $schema: z.string().optional(),
  /**
   * Declared outcomes by prediction id, e.g. {"sgd.trace.vs.ou": "disagree"} where theory says an
   * approximation should break. Stated before the run, in the scenario file, never fitted to it.
   */
  expect: z.record(z.string(), z.enum(['agree', 'disagree', 'not-judged'])).optional()
    .describe('prediction id → "agree" | "disagree": the outcome this scenario expects (default agree)'),
};
