import { z } from 'zod';
import { envelopeFields, optimizerSchema, runSchema } from '../../scenario/common.js';
import { modelChecks, modelSize, modelSpecSchema } from '../../models/registry.js';
import type { InputProblem } from '../../errors.js';
import { effectiveLearningRate } from '../../dynamics/effective-learning-rate.js';
import { loadedCurvature } from './curvature.js';
import { AUTO_BURN_IN_CAP, relaxationBurnIn } from './auto-burn-in.js';

/**
 * The stationary experiment's scenario: a model, an optimizer, which dynamics to simulate (SGD,
 * its SDE limit, or both), the run schedule and the starting point; and the cross-field checks
 * beyond the schema (B ≤ N, start has dim coordinates, SME-2 only without momentum, …).
 */
export const stationarySchema = z.strictObject({
  experiment: z.literal('stationary'),
  ...envelopeFields,
  model: modelSpecSchema,
  optimizer: optimizerSchema,
  dynamics: z.strictObject({
    sgd: z.boolean().default(true).describe('simulate discrete SGD'),
    sde: z.union([
      z.literal(false),
      z.strictObject({
        substeps: z.union([z.int().min(1).max(10000), z.literal('auto')]).default('auto')
          .describe("Euler–Maruyama steps per SGD step (h = ε_eff / substeps); 'auto' makes h λ_max ≤ 0.004, so the integrator's O(hλ) bias of the stationary covariance (≈ hλ/2) stays near 0.2%"),
        smeOrder: z.union([z.literal(1), z.literal(2)]).default(1).describe("the order of the stochastic modified equation: 1, first-order SME; 2, SME-2 drift correction (m = 0 only). Not the integrator's order (Euler–Maruyama, see substeps)"),
        order: z.never({ error: "renamed: write smeOrder (the order of the stochastic modified equation, 1 or 2), so that 'order' is not read as the integrator's order" })
          .optional().describe('renamed to smeOrder; refused'),
      }),
    ]).default({ substeps: 'auto', smeOrder: 1 }).describe('simulate the SDE limit, or false'),
  }).default({ sgd: true, sde: { substeps: 'auto', smeOrder: 1 } }),
  run: runSchema,
  start: z.union([z.literal('minimum'), z.array(z.number())]).default('minimum').describe("starting point of every replica: 'minimum' or explicit coordinates"),
  tolerance: z.number().positive().default(4).describe('allowed |z| of each scalar prediction, in standard errors'),
});

export type StationaryScenario = z.infer<typeof stationarySchema>;

/** Cross-field checks; every problem at once. */
export function stationaryChecks(s: StationaryScenario, baseDir: string): InputProblem[] {
  // written defensively: also called on raw input that failed the schema, to list every problem at once
  const problems: InputProblem[] = [];
  const { n, d: dim } = modelSize(s.model, baseDir);
  if (n !== undefined && typeof s.optimizer?.batchSize === 'number' && s.optimizer.batchSize > n) {
    const from = typeof (s.model as { n?: unknown }).n === 'number' ? 'model.n' : 'the number of training examples';
    problems.push({ path: 'optimizer.batchSize', message: `must be ≤ N = ${n} (${from})`, value: s.optimizer.batchSize });
  }
  if (Array.isArray(s.start) && dim !== undefined && s.start.length !== dim) {
    problems.push({ path: 'start', message: `must have dim = ${dim} coordinates`, value: `[${s.start.length} values]` });
  }
  if (n !== undefined && s.optimizer?.batchSize === n && s.optimizer.sampler !== 'with-replacement') {
    problems.push({ path: 'optimizer.batchSize', message: `B = N = ${n} without replacement has no minibatch noise (c(N,B) = 0): SGD is deterministic and has no stationary spread to test; use B < N or sampler "with-replacement"`, value: n });
  }
  if (s.dynamics?.sde && s.dynamics.sde.smeOrder === 2 && s.optimizer?.momentum) {
    problems.push({ path: 'dynamics.sde.smeOrder', message: 'SME-2 is defined for momentum 0 only', value: 2 });
  }
  const model = s.model as { kind?: unknown; lambda?: unknown } | undefined;
  if (model?.kind === 'logistic-regression' && model.lambda === 0) {
    problems.push({ path: 'model.lambda', message: 'must be > 0 here: the stationary theory needs the minimum, which λ = 0 does not guarantee (separable classes have none)', value: 0 });
  }
  if (s.dynamics && !s.dynamics.sgd && !s.dynamics.sde) problems.push({ path: 'dynamics', message: 'enable at least one of sgd, sde', value: '{sgd: false, sde: false}' });
  try {
    problems.push(...modelChecks(s.model, baseDir, 'model'));
  } catch {
    // a raw model block too malformed to check further; the schema reports it
  }
  if (problems.length === 0) problems.push(...burnInProblems(s, baseDir));
  return problems;
}

/**
 * An automatic burn-in that its cap would cut short: nearly collinear data (or a nearly flat
 * direction of any model) make λ_min tiny and 10 / (ε_eff λ_min) astronomical, and a run capped
 * at AUTO_BURN_IN_CAP steps would record a state far from stationary in that direction (and the
 * cost model would plan it at the cap). Read from the loaded model, as the run reads it.
 */
function burnInProblems(s: StationaryScenario, baseDir: string): InputProblem[] {
  const o = s.optimizer;
  if (s.run?.burnIn !== 'auto' || !(o?.lr > 0) || !(o.momentum >= 0 && o.momentum < 1)) return [];
  let lambdaMin: number;
  try {
    lambdaMin = loadedCurvature(s.model, s.seed ?? 1, o.weightDecay ?? 0, baseDir).lambdaMin;
  } catch {
    return []; // a model that cannot be built: the run reports it with its own message
  }
  const lrEff = effectiveLearningRate(o.lr, o.momentum);
  const needed = relaxationBurnIn(lrEff, lambdaMin);
  if (needed <= AUTO_BURN_IN_CAP) return [];
  const data = s.model.kind === 'linear-regression' || s.model.kind === 'logistic-regression' ? ' (nearly collinear data columns?)' : '';
  return [{
    path: 'run.burnIn',
    message: `"auto" needs 10/(ε_eff λ_min) = ${needed.toExponential(2)} steps to relax the slowest mode (λ_min = ${lambdaMin.toExponential(2)}, the smallest Hessian eigenvalue at the minimum${data}), more than the ${AUTO_BURN_IN_CAP.toExponential(0)} steps the automatic burn-in allows, so the run would record a state far from stationary; remove or combine the collinear columns, or give run.burnIn a number of steps`,
    value: 'auto',
  }];
}
