import type { Cell } from '../../core/cell.js';
import type { Loss, HasMinimum } from '../../models/loss.js';
import type { FrontierCellPayload } from './cells.js';
import type { GradientNoiseScenario } from './schema.js';

const FRONTIER_TASK = 'gradient-noise/frontier';

function logGrid(min: number, max: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => Number((min * (max / min) ** (k / (count - 1))).toPrecision(6)));
}

/**
 * The frontier's worker cells, one per batch size (also the cells `run --plan/--shard` cut: cost.ts
 * costs this list, so the two cannot drift). The target is
 * L* + targetExcess·(L(start) − L*).
 */
export function frontierSweep(s: GradientNoiseScenario, loss: Loss & Partial<HasMinimum>, start: Float64Array, baseDir: string) {
  const f = s.frontier!;
  const lrs = f.lr === 'optimal' ? 'optimal' as const : logGrid(f.lr.min, f.lr.max, f.lr.count);
  const lStar = loss.minimum ? loss.loss(loss.minimum()) : 0;
  const target = lStar + f.targetExcess * (loss.loss(start) - lStar);
  const cells: Cell<FrontierCellPayload>[] = f.batchSizes.map((b, i) => ({
    task: FRONTIER_TASK,
    payload: { model: s.model, modelSeed: s.seed, baseDir, start: Array.from(start), target, batchSize: b, lrs, sampler: s.optimizer.sampler, replicas: f.replicas, maxSteps: f.maxSteps, seed: s.seed, cell: i },
  }));
  return { cells, lrs, lStar, target };
}
