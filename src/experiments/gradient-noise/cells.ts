import { buildModel, type FiniteModelSpec } from '../../models/registry.js';
import type { Loss } from '../../models/loss.js';
import type { Sampler } from '../../dynamics/samplers.js';
import { stepsToTarget, type StepsToTarget } from './steps-to-target.js';
import { searchLearningRate } from './lr-search.js';

/**
 * The steps/examples frontier (McCandlish et al. 2018, docs/theory.md §9). One worker cell per
 * (momentum, batch size B): steps to reach the target loss (steps-to-target.ts, 'expected' or
 * 'per-run'), either with the idealised per-step optimal ε (the setting of McCandlish's
 * derivation) or for the ε of a constant grid refined around the best (lr-search.ts), S(B) then
 * being the fewest steps over the ε that reached the target. The frontier (S/S_min − 1)(E/E_min − 1) = 1 with
 * E = B·S is the same as S = S_min + E_min/B, a straight line in 1/B: weighted least squares gives
 * S_min (intercept) and E_min (slope) with their covariance, and B_crit = E_min/S_min with the
 * delta-method standard error
 *     (se B_crit / B_crit)² = Var E/E² + Var S/S² − 2 Cov(E, S)/(E S).
 * Picking the best ε per B from noisy means biases S(B) slightly down (the winner's curse); with
 * the replicas' spread well below the gaps between neighbouring ε this is small, and it is not
 * corrected.
 */
export interface FrontierCellPayload {
  model: FiniteModelSpec;
  modelSeed: number;
  baseDir: string;
  start: number[];
  target: number;
  batchSize: number;
  /** constant learning rates, or the idealised per-step optimum */
  lrs: number[] | 'optimal';
  /** rounds of refinement of the grid around its best ε */
  refine?: number;
  momentum?: number;
  definition?: 'expected' | 'per-run';
  /** L* (the expected definition interpolates ln(L̄ − L*)) */
  lStar?: number;
  sampler: Sampler;
  replicas: number;
  maxSteps: number;
  seed: number;
  cell: number;
}

export interface FrontierCellResult {
  batchSize: number;
  momentum: number;
  /** spacing in ln ε of the last refinement round (absent without refinement) */
  resolution?: number;
  runs: (StepsToTarget & { lr: number | 'optimal' })[];
  /** the winning ε (null when none reached the target in every run) */
  bestLr: number | 'optimal' | null;
  steps: number;
  stepsStdError: number;
}

const cache = new Map<string, Loss>();

export function frontierCell(p: FrontierCellPayload): FrontierCellResult {
  const key = JSON.stringify([p.model, p.modelSeed, p.baseDir]);
  let loss = cache.get(key);
  if (!loss) {
    if (cache.size > 8) cache.clear();
    loss = buildModel(p.model, { seed: p.modelSeed, baseDir: p.baseDir });
    cache.set(key, loss);
  }
  const start = Float64Array.from(p.start);
  const cfg = (lr: number | 'optimal', k: number, stopAfter?: number) => ({ lr, batchSize: p.batchSize, sampler: p.sampler, seed: p.seed, cell: p.cell * 1000 + k, replicas: p.replicas, maxSteps: p.maxSteps, momentum: p.momentum ?? 0, definition: p.definition ?? 'per-run', stopAfter });
  const extra = { momentum: p.momentum ?? 0 };
  if (p.lrs === 'optimal') {
    const run = { lr: 'optimal' as const, ...stepsToTarget(loss, cfg('optimal', 0), start, p.target, p.lStar) };
    const ok = run.reached === run.replicas;
    return { batchSize: p.batchSize, ...extra, runs: [run], bestLr: ok ? 'optimal' : null, steps: ok ? run.meanSteps : NaN, stepsStdError: ok ? run.stdError : NaN };
  }
  let k = 0;
  const found = searchLearningRate(p.lrs, p.refine ?? 0, (lr, stopAfter) => {
    const r = stepsToTarget(loss, cfg(lr, k++, stopAfter), start, p.target, p.lStar);
    return { lr, replicas: r.replicas, arrived: r.reached, meanSteps: r.meanSteps, steps: r.meanSteps, stdError: r.stdError, reached: r.reached === r.replicas };
  });
  const runs = found.candidates.map(({ lr, replicas, arrived, meanSteps, stdError }) => ({ lr, replicas, reached: arrived, meanSteps, stdError }));
  const best = found.best;
  return {
    batchSize: p.batchSize, ...extra, ...((p.refine ?? 0) > 0 ? { resolution: found.resolution } : {}),
    runs, bestLr: best ? best.lr : null, steps: best ? best.meanSteps : NaN, stepsStdError: best ? best.stdError : NaN,
  };
}
