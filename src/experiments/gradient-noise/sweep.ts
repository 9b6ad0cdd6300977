import type { Cell } from '../../core/cell.js';
import type { Loss, HasMinimum } from '../../models/loss.js';
import type { OnlineLoss } from '../../models/online-loss.js';
import type { FiniteModelSpec, OnlineModelSpec } from '../../models/registry.js';
import type { FrontierCellPayload } from './cells.js';
import type { OnlineFrontierPayload } from './online-cells.js';
import type { GradientNoiseScenario } from './schema.js';

const FRONTIER_TASK = 'gradient-noise/frontier';
const ONLINE_FRONTIER_TASK = 'gradient-noise/online-frontier';

function logGrid(min: number, max: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => Number((min * (max / min) ** (k / (count - 1))).toPrecision(6)));
}

/** The target loss: L* + targetExcess·(L(start) − L*), or L* + targetLoss. */
export function frontierTarget(f: NonNullable<GradientNoiseScenario['frontier']>, lStar: number, startLoss: number): number {
  return lStar + (f.targetLoss ?? f.targetExcess * (startLoss - lStar));
}

/** The momenta of the frontier (one frontier each), default [0]. */
export const frontierMomenta = (f: NonNullable<GradientNoiseScenario['frontier']>): number[] => f.momentum ?? [0];

/**
 * The frontier's worker cells of a finite-data model, one per (momentum, batch size), momentum
 * outermost (also the cells `run --plan/--shard` cut: cost.ts costs this list, so the two
 * cannot drift).
 */
export function frontierSweep(s: GradientNoiseScenario, loss: Loss & Partial<HasMinimum>, start: Float64Array, baseDir: string) {
  const f = s.frontier!;
  const grid = typeof f.lr === 'object' ? f.lr : null;
  const lrs = grid ? logGrid(grid.min, grid.max, grid.count) : 'optimal' as const;
  const lStar = loss.minimum ? loss.loss(loss.minimum()) : 0;
  const target = frontierTarget(f, lStar, loss.loss(start));
  const cells: Cell<FrontierCellPayload>[] = frontierMomenta(f).flatMap((momentum, mi) => f.batchSizes.map((b, i) => ({
    task: FRONTIER_TASK,
    payload: {
      model: s.model as FiniteModelSpec, modelSeed: s.seed, baseDir, start: Array.from(start), target, batchSize: b, lrs,
      ...(grid?.refine ? { refine: grid.refine } : {}),
      momentum, definition: f.steps ?? 'expected', lStar,
      sampler: s.optimizer.sampler, replicas: f.replicas, maxSteps: f.maxSteps, seed: s.seed, cell: mi * f.batchSizes.length + i,
    },
  })));
  return { cells, lrs, lStar, target };
}

/**
 * The frontier's worker cells of an online model (online-cells.ts), one per (momentum, batch
 * size), momentum outermost. A per-run start gives every run its own x₀ with E x_i² = scale², so
 * the starting excess is ½ Σ h_i scale²; otherwise all runs start from `start`.
 */
export function onlineFrontierSweep(s: GradientNoiseScenario, model: OnlineLoss, start: Float64Array, baseDir: string) {
  const f = s.frontier!;
  const perRun = s.start.draw === 'per-run';
  const variance = Array.from(model.curvature, () => s.start.scale * s.start.scale);
  const startLoss = perRun ? 0.5 * model.curvature.reduce((a, h) => a + h * s.start.scale * s.start.scale, 0) : model.loss(start);
  const target = frontierTarget(f, 0, startLoss);
  const lr: OnlineFrontierPayload['lr'] = typeof f.lr === 'object' ? { grid: logGrid(f.lr.min, f.lr.max, f.lr.count), refine: f.lr.refine ?? 0 } : 'closed-form';
  const cells: Cell<OnlineFrontierPayload>[] = frontierMomenta(f).flatMap((momentum, mi) => f.batchSizes.map((b, i) => ({
    task: ONLINE_FRONTIER_TASK,
    payload: {
      model: s.model as OnlineModelSpec, modelSeed: s.seed, baseDir, start: perRun ? { variance } : { point: Array.from(start) }, target, batchSize: b, momentum, lr,
      definition: f.steps ?? 'expected', replicas: f.replicas, maxSteps: f.maxSteps, seed: s.seed, cell: mi * f.batchSizes.length + i,
    },
  })));
  return { cells, lStar: 0, target, startLoss };
}
