import type { Loss, HasMinimum } from '../../models/loss.js';
import { rngFor } from '../../rng/streams.js';
import type { ProgressTask } from '../../core/progress.js';
import { createSampler } from '../../dynamics/samplers.js';
import { addTwoBatchPairs } from '../../dynamics/two-batch-sampling.js';
import { gradientNoiseScale, type GradientNoiseScale } from '../../theory/gradient-noise-scale.js';
import { TwoBatchEstimator, normSq, type TwoBatchEstimate } from '../../stats/two-batch-estimator.js';
import { noiseFactor, type Sampler } from '../../dynamics/samplers.js';
import { DivergenceError } from '../../errors.js';

/**
 * The gradient noise scale along one SGD trajectory from ω₀ (docs/theory.md §9). At log-spaced
 * checkpoints: the exact B_simple and B_noise (where the model has per-example gradients and a
 * Hessian), the two-batch estimate from `pairs` independent pairs at that fixed ω (and its twin
 * without the bias correction), and the running estimate a practitioner gets from training: one
 * (small, big) pair per SGD step since the previous checkpoint, at the moving ω (its standard error
 * treats the steps as independent; windows of fewer than MIN_RUNNING_PAIRS steps report none). Streams: rngFor(seed, 'gns-sgd'), ('gns-pairs', checkpoint),
 * ('gns-running').
 */
export interface TrajectoryConfig {
  lr: number;
  batchSize: number;
  sampler: Sampler;
  seed: number;
  start: Float64Array;
  steps: number;
  checkpoints: number;
  pairs: number;
  small: number;
  big: number;
}

export interface TrajectoryPoint {
  step: number;
  loss: number;
  exact: GradientNoiseScale | null;
  estimate: TwoBatchEstimate;
  uncorrected: TwoBatchEstimate;
  /** from the pairs drawn during the steps since the previous checkpoint (null at step 0) */
  running: TwoBatchEstimate | null;
}

/** Fewer training steps than this in a window give no running estimate (the ratio of means is unreliable). */
export const MIN_RUNNING_PAIRS = 50;

/** 0 and log-spaced steps up to `steps`, distinct, increasing. */
export function checkpointSteps(steps: number, count: number): number[] {
  const out = new Set<number>([0]);
  for (let k = 1; k < count; k++) out.add(Math.round(steps ** (k / (count - 1))));
  return [...out].sort((a, b) => a - b);
}

export function startingPoint(loss: Loss & Partial<HasMinimum>, scale: number, seed: number): Float64Array {
  const w = new Float64Array(loss.dim);
  rngFor(seed, 'gns-start').fillNormal(w);
  const m = loss.minimum ? loss.minimum() : new Float64Array(loss.dim);
  for (let j = 0; j < w.length; j++) w[j] = m[j] + scale * w[j];
  return w;
}

/** `task` (optional) is ticked once per checkpoint (progress with an ETA). */
export function noiseScaleTrajectory(loss: Loss, cfg: TrajectoryConfig, task?: ProgressTask): TrajectoryPoint[] {
  const d = loss.dim;
  const n = loss.n;
  const cs = noiseFactor(n, cfg.small, cfg.sampler);
  const cb = noiseFactor(n, cfg.big, cfg.sampler);
  const batches = { small: cfg.small, big: cfg.big, sampler: cfg.sampler };
  const exactAvailable = !!(loss.exampleGradients && loss.hessian);
  const w = Float64Array.from(cfg.start);
  const g = new Float64Array(d);
  const idx = new Int32Array(cfg.batchSize);
  const sampler = createSampler(cfg.sampler, n, cfg.batchSize, rngFor(cfg.seed, 'gns-sgd'));
  const runningRng = rngFor(cfg.seed, 'gns-running');
  const marks = checkpointSteps(cfg.steps, cfg.checkpoints);
  const points: TrajectoryPoint[] = [];
  let running = new TwoBatchEstimator(cs, cb);
  let step = 0;
  marks.forEach((mark, k) => {
    for (; step < mark; step++) {
      addTwoBatchPairs(loss, w, running, batches, runningRng, 1);
      sampler.next(idx);
      loss.batchGradient(w, idx, cfg.batchSize, g);
      for (let j = 0; j < d; j++) w[j] -= cfg.lr * g[j];
      if (!(normSq(w) < 1e30)) throw new DivergenceError('SGD', step + 1, 0, `ε λ_max < 2 (ε = ${cfg.lr})`);
    }
    const fixed = new TwoBatchEstimator(cs, cb);
    const naive = new TwoBatchEstimator(cs, cb, false);
    addTwoBatchPairs(loss, w, fixed, batches, rngFor(cfg.seed, 'gns-pairs', k), cfg.pairs);
    addTwoBatchPairs(loss, w, naive, batches, rngFor(cfg.seed, 'gns-pairs', k), cfg.pairs);
    points.push({
      step: mark,
      loss: loss.loss(w),
      exact: exactAvailable ? gradientNoiseScale(loss, w) : null,
      estimate: fixed.estimate(),
      uncorrected: naive.estimate(),
      running: running.pairs >= MIN_RUNNING_PAIRS ? running.estimate() : null,
    });
    running = new TwoBatchEstimator(cs, cb);
    task?.tick(k + 1, mark / cfg.steps);
  });
  task?.end();
  return points;
}
