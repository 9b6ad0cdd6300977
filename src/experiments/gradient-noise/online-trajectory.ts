import type { OnlineLoss } from '../../models/online-loss.js';
import { rngFor } from '../../rng/streams.js';
import type { ProgressTask } from '../../core/progress.js';
import type { GradientNoiseScale } from '../../theory/gradient-noise-scale.js';
import { TwoBatchEstimator, normSq } from '../../stats/two-batch-estimator.js';
import { DivergenceError } from '../../errors.js';
import { checkpointSteps, MIN_RUNNING_PAIRS, type TrajectoryConfig, type TrajectoryPoint } from './trajectory.js';

/**
 * The gradient noise scale along one SGD trajectory of an online model (docs/theory.md §9), the
 * counterpart of trajectory.ts: no examples to sample, so every minibatch gradient is ∇L + (C/B)^{1/2} z
 * with fresh z ~ N(0, I). The exact values come from the diagonal H and C: B_simple = tr C/|G|²,
 * B_noise = tr(HC)/(GᵀHG), G = Hω. The two-batch estimates use noise factors 1/B (infinite data).
 * Streams as in trajectory.ts: rngFor(seed, 'gns-sgd'), ('gns-pairs', checkpoint), ('gns-running').
 */
export function exactOnlineNoiseScale(model: OnlineLoss, w: Float64Array): GradientNoiseScale {
  const h = model.curvature, c = model.noiseVariance;
  let traceS = 0, traceHS = 0, gg = 0, gHg = 0;
  for (let i = 0; i < model.dim; i++) {
    const g = h[i] * w[i];
    traceS += c[i]; traceHS += h[i] * c[i]; gg += g * g; gHg += h[i] * g * g;
  }
  return { gradientNormSq: gg, traceS, traceHS, gHg, bSimple: traceS / gg, bNoise: traceHS / gHg };
}

/** `pairs` independent (small, big) pairs of online batch gradients at a fixed ω into the estimator. */
function addOnlinePairs(model: OnlineLoss, w: Float64Array, estimator: TwoBatchEstimator, small: number, big: number, rng: ReturnType<typeof rngFor>, pairs: number, z: Float64Array, g: Float64Array): void {
  for (let k = 0; k < pairs; k++) {
    rng.fillNormal(z);
    model.batchGradient(w, small, z, g);
    const s = normSq(g);
    rng.fillNormal(z);
    model.batchGradient(w, big, z, g);
    estimator.add(s, normSq(g));
  }
}

export function onlineNoiseScaleTrajectory(model: OnlineLoss, cfg: Omit<TrajectoryConfig, 'sampler'>, task?: ProgressTask): TrajectoryPoint[] {
  const d = model.dim;
  const cs = 1 / cfg.small, cb = 1 / cfg.big;
  const w = Float64Array.from(cfg.start);
  const g = new Float64Array(d);
  const z = new Float64Array(d);
  const sgd = rngFor(cfg.seed, 'gns-sgd');
  const runningRng = rngFor(cfg.seed, 'gns-running');
  const marks = checkpointSteps(cfg.steps, cfg.checkpoints);
  const points: TrajectoryPoint[] = [];
  let running = new TwoBatchEstimator(cs, cb);
  let step = 0;
  marks.forEach((mark, k) => {
    for (; step < mark; step++) {
      addOnlinePairs(model, w, running, cfg.small, cfg.big, runningRng, 1, z, g);
      sgd.fillNormal(z);
      model.batchGradient(w, cfg.batchSize, z, g);
      for (let j = 0; j < d; j++) w[j] -= cfg.lr * g[j];
      if (!(normSq(w) < 1e30)) throw new DivergenceError('SGD', step + 1, 0, `ε h_max < 2 (ε = ${cfg.lr})`);
    }
    const fixed = new TwoBatchEstimator(cs, cb);
    const naive = new TwoBatchEstimator(cs, cb, false);
    addOnlinePairs(model, w, fixed, cfg.small, cfg.big, rngFor(cfg.seed, 'gns-pairs', k), cfg.pairs, z, g);
    addOnlinePairs(model, w, naive, cfg.small, cfg.big, rngFor(cfg.seed, 'gns-pairs', k), cfg.pairs, z, g);
    points.push({
      step: mark,
      loss: model.loss(w),
      exact: exactOnlineNoiseScale(model, w),
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
