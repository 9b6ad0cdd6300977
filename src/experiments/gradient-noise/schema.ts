import { z } from 'zod';
import { envelopeFields, samplerSchema } from '../../scenario/common.js';
import { modelCapabilities, modelChecks, modelSpecSchemaWhere, type ModelKind } from '../../models/registry.js';
import type { InputProblem } from '../../errors.js';

/**
 * Scenario of the `gradient-noise` experiment (docs/theory.md §9, McCandlish et al. 2018): the gradient
 * noise scale along an SGD trajectory — exact B_simple and B_noise against the two-batch estimate —
 * and, optionally, the steps/examples frontier: steps to reach a target loss against B (the best
 * of a learning-rate grid per B), fitted to S = S_min + E_min/B, i.e. (S/S_min − 1)(E/E_min − 1) = 1.
 */
export const gradientNoiseModelSchema = modelSpecSchemaWhere((c) => c.exactNoiseScale, 'a model whose exact gradient noise scale exists (per-example gradients and a Hessian, or an online model with H and C in closed form)');

const startSchema = z.strictObject({
  scale: z.number().min(0).default(1).describe('ω₀ = minimum + scale·z, z ~ N(0, I) from the seed'),
  draw: z.enum(['once', 'per-run']).optional()
    .describe("'once' (default): one ω₀ for every run; 'per-run' (online models only): each frontier run draws its own ω₀ = minimum + scale·z, as in the NQM paper (E x² = scale² per coordinate)"),
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
      z.literal('optimal').describe("McCandlish's idealised schedule (finite-data models): every step takes ε_opt = |G|²/(GᵀHG + c(N,B) tr(HS)) from the exact G, H, S"),
      z.literal('closed-form').describe('online models: the best constant ε at each B by golden section in ln ε on the exact closed form (docs/theory.md §3, NQM); the runs use it'),
      z.strictObject({
        min: z.number().positive(), max: z.number().positive(), count: z.int().min(2).max(60),
        refine: z.int().min(0).max(8).optional().describe('rounds of refinement around the best ε: each halves the grid spacing in ln ε next to the best point (default 0)'),
      }).describe('a log grid of constant learning rates tried at every B, the fewest steps winning; a candidate stops once it cannot beat the best so far'),
    ]).default('optimal'),
    steps: z.enum(['expected', 'per-run']).optional()
      .describe("'expected' (default; the NQM's and McCandlish's): the first step where the runs' mean loss reaches the target; 'per-run': the mean of each run's own first step there (smaller at small B: runs arrive through downward fluctuations)"),
    momentum: z.array(z.number().min(0).lt(1)).min(1).max(8).optional()
      .describe('heavy-ball momenta m, one frontier and one B_crit each (default [0]); ε is reported with ε/(1 − m), its plain-SGD equivalent'),
    targetExcess: z.number().positive().lt(1).default(0.01).describe('target: L(ω) − L* ≤ targetExcess·(L(ω₀) − L*) (E L(ω₀) for a per-run start)'),
    targetLoss: z.number().positive().optional().describe('an absolute target L − L* ≤ targetLoss instead (the NQM paper’s 0.01); replaces targetExcess'),
    knee: z.boolean().optional().describe('online models: also solve S(B) = 2·S_min on the closed form (default true)'),
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
  const kind = (s.model as { kind?: unknown } | undefined)?.kind;
  const caps = capabilitiesOf(kind);
  if (caps) {
    const online = caps.data === 'online';
    if (f && !caps.knownMinimum) problems.push({ path: 'frontier', message: `needs a model whose minimum is known (the target is an excess over L*); model.kind '${String(kind)}' has none`, value: kind });
    if (online && f?.lr === 'optimal') problems.push({ path: 'frontier.lr', message: "'optimal' (the idealised per-step ε) is for finite-data models; an online model takes 'closed-form' or a grid", value: f.lr });
    if (!online && f?.lr === 'closed-form') problems.push({ path: 'frontier.lr', message: `'closed-form' needs an online model with an exact closed form (model.kind '${String(kind)}' has none): use 'optimal' or a grid`, value: f.lr });
    if (!online && s.start?.draw === 'per-run') problems.push({ path: 'start.draw', message: "'per-run' is for online models (the closed form knows E x² of the start); a finite-data model runs from one ω₀", value: 'per-run' });
    if (f?.lr === 'optimal' && f.momentum?.some((m) => m > 0)) problems.push({ path: 'frontier.momentum', message: "the idealised per-step ε ('optimal') is defined for plain SGD only: use a grid of constant ε with momentum", value: f.momentum });
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

/** The declared capabilities of a raw model block's family, or undefined for an unknown kind (the schema reports it). */
function capabilitiesOf(kind: unknown) {
  try {
    return typeof kind === 'string' ? modelCapabilities(kind as ModelKind) : undefined;
  } catch {
    return undefined;
  }
}
