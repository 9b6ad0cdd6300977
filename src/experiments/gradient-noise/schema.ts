import { z } from 'zod';
import { envelopeFields, samplerSchema } from '../../scenario/common.js';
import { quadraticSpecSchema } from '../../models/quadratic.js';
import { linearRegressionSpecSchema } from '../../models/linear-regression.js';
import { logisticRegressionSpecSchema } from '../../models/logistic-regression.js';
import { modelChecks } from '../../models/registry.js';
import type { InputProblem } from '../../errors.js';

/**
 * Scenario of the `gradient-noise` experiment (docs/theory.md §9, McCandlish et al. 2018): the gradient
 * noise scale along an SGD trajectory — exact B_simple and B_noise against the two-batch estimate —
 * and, optionally, the steps/examples frontier: steps to reach a target loss against B (the best
 * of a learning-rate grid per B), fitted to S = S_min + E_min/B, i.e. (S/S_min − 1)(E/E_min − 1) = 1.
 */
export const gradientNoiseModelSchema = z.discriminatedUnion('kind', [quadraticSpecSchema, linearRegressionSpecSchema, logisticRegressionSpecSchema])
  .describe("'quadratic', 'linear-regression' (synthetic or CSV) or 'logistic-regression': models with per-example gradients and a Hessian, so the exact noise scale exists");

const startSchema = z.strictObject({
  scale: z.number().min(0).default(1).describe('ω₀ = minimum + scale·z, z ~ N(0, I) from the seed'),
}).default({ scale: 1 });

export const gradientNoiseSchema = z.strictObject({
  experiment: z.literal('gradient-noise'),
  ...envelopeFields,
  model: gradientNoiseModelSchema,
  optimizer: z.strictObject({
    lr: z.number().positive().describe('learning rate ε of the trajectory'),
    batchSize: z.int().positive().describe('batch size B of the trajectory'),
    sampler: samplerSchema.default('with-replacement').refine((v) => v !== 'epoch-shuffle', 'epoch-shuffle is not Markov: the two-batch estimator needs the noise factor c(N,B) of a Markov sampler'),
  }),
  start: startSchema,
  trajectory: z.strictObject({
    steps: z.int().positive().describe('SGD steps from ω₀'),
    checkpoints: z.int().min(2).max(200).default(10).describe('points along the trajectory (log-spaced steps, including 0) where B_simple and B_noise are measured'),
    pairs: z.int().min(10).max(1_000_000).default(20000).describe('independent (small, big) batch pairs at each checkpoint (fixed ω)'),
    small: z.int().positive().default(2).describe('B_small of the two-batch estimator'),
    big: z.int().positive().default(16).describe('B_big of the two-batch estimator (> B_small)'),
  }),
  frontier: z.strictObject({
    batchSizes: z.array(z.int().positive()).min(3).describe('batch sizes B of the frontier'),
    lr: z.union([
      z.literal('optimal').describe("McCandlish's idealised schedule: every step takes ε_opt = |G|²/(GᵀHG + c(N,B) tr(HS)) from the exact G, H, S"),
      z.strictObject({ min: z.number().positive(), max: z.number().positive(), count: z.int().min(2).max(60) })
        .describe('a log grid of constant learning rates tried at every B; the fewest mean steps wins'),
    ]).default('optimal'),
    targetExcess: z.number().positive().lt(1).default(0.01).describe('target: L(ω) − L* ≤ targetExcess·(L(ω₀) − L*)'),
    replicas: z.int().min(2).max(10000).default(32).describe('independent runs per (B, ε)'),
    maxSteps: z.int().positive().default(100000).describe('a run that has not reached the target by then disqualifies its ε at that B'),
  }).optional(),
  tolerance: z.number().positive().default(4),
});
export type GradientNoiseScenario = z.infer<typeof gradientNoiseSchema>;

export function gradientNoiseChecks(s: GradientNoiseScenario, baseDir: string): InputProblem[] {
  const problems: InputProblem[] = [];
  const t = s.trajectory;
  if (t && !(t.big > t.small)) problems.push({ path: 'trajectory.big', message: `must exceed trajectory.small = ${t.small}`, value: t.big });
  const f = s.frontier;
  if (f?.lr && typeof f.lr === 'object' && !(f.lr.max > f.lr.min)) problems.push({ path: 'frontier.lr.max', message: `must exceed frontier.lr.min = ${f.lr.min}`, value: f.lr.max });
  if (f?.batchSizes && new Set(f.batchSizes).size !== f.batchSizes.length) problems.push({ path: 'frontier.batchSizes', message: 'must not repeat a batch size', value: f.batchSizes });
  const n = (s.model as { n?: number } | undefined)?.n;
  const sampler = s.optimizer?.sampler ?? 'with-replacement';
  if (typeof n === 'number') {
    const check = (path: string, b: number) => {
      if (sampler === 'with-replacement' ? b > n : b >= n) problems.push({ path, message: sampler === 'with-replacement' ? `must be ≤ N = ${n}` : `must be < N = ${n} with ${sampler} (a full batch has no noise)`, value: b });
    };
    if (s.optimizer?.batchSize) check('optimizer.batchSize', s.optimizer.batchSize);
    if (t?.big) check('trajectory.big', t.big);
    f?.batchSizes?.forEach((b, i) => check(`frontier.batchSizes[${i}]`, b));
  }
  if (s.model) {
    try {
      problems.push(...modelChecks(s.model as never, baseDir, 'model'));
    } catch {
      // malformed: the schema reports it
    }
  }
  return problems;
}
