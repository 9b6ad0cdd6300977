import { buildModel, type FiniteModelSpec } from '../../models/registry.js';
import type { Loss } from '../../models/loss.js';
import type { Sampler } from '../../dynamics/samplers.js';
import { stepsToTarget, type StepsToTarget } from './steps-to-target.js';

/**
 * The steps/examples frontier (McCandlish et al. 2018, docs/theory.md §9). One worker cell per batch
 * size B: steps to reach the target loss, either with the idealised per-step optimal ε (the setting
 * of McCandlish's derivation) or for every ε of a constant grid, S(B) then being the fewest mean
 * steps over the ε that reached the target in every run. The frontier (S/S_min − 1)(E/E_min − 1) = 1 with
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
  sampler: Sampler;
  replicas: number;
  maxSteps: number;
  seed: number;
  cell: number;
}

export interface FrontierCellResult {
  batchSize: number;
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
  const lrs: (number | 'optimal')[] = p.lrs === 'optimal' ? ['optimal'] : p.lrs;
  const runs = lrs.map((lr, k) => ({ lr, ...stepsToTarget(loss, { lr, batchSize: p.batchSize, sampler: p.sampler, seed: p.seed, cell: p.cell * 1000 + k, replicas: p.replicas, maxSteps: p.maxSteps }, start, p.target) }));
  let best: (typeof runs)[number] | null = null;
  for (const r of runs) if (r.reached === r.replicas && (!best || r.meanSteps < best.meanSteps)) best = r;
  return { batchSize: p.batchSize, runs, bestLr: best ? best.lr : null, steps: best ? best.meanSteps : NaN, stepsStdError: best ? best.stdError : NaN };
}
