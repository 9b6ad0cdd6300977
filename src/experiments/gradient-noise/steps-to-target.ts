import type { Loss } from '../../models/loss.js';
import type { Sampler } from '../../dynamics/samplers.js';
import { rngFor } from '../../rng/streams.js';
import { createSampler } from '../../dynamics/samplers.js';
import { DivergenceError } from '../../errors.js';
import { GradientNoiseProbe, optimalStep } from '../../theory/gradient-noise-scale.js';
import { noiseFactor } from '../../dynamics/samplers.js';

/**
 * Steps SGD needs to bring the full training loss to a target (the steps axis of the
 * steps/examples frontier, McCandlish et al. 2018): `replicas` independent runs from `start`,
 * each stopped at the first step with L(ω) ≤ target, or at maxSteps (then `reached` is short of
 * `replicas` and the mean is over the runs that arrived). Stream: rngFor(seed, 'frontier', cell,
 * replica). L is evaluated every step.
 *
 * `lr: 'optimal'` is McCandlish's idealised schedule: every step uses the ε that maximises the
 * expected decrease of the (exactly quadratic, for least squares) loss at the current ω,
 * ε_opt = |G|²/(GᵀHG + c(N,B) tr(HS)) — the exact G, H and S, so it needs per-example gradients.
 */
export interface StepsToTarget {
  replicas: number;
  reached: number;
  meanSteps: number;
  stdError: number;
}

export function stepsToTarget(
  loss: Loss,
  cfg: { lr: number | 'optimal'; batchSize: number; sampler: Sampler; seed: number; cell: number; replicas: number; maxSteps: number },
  start: Float64Array, target: number,
): StepsToTarget {
  const d = loss.dim;
  const w = new Float64Array(d);
  const g = new Float64Array(d);
  const idx = new Int32Array(cfg.batchSize);
  const probe = cfg.lr === 'optimal' ? new GradientNoiseProbe(loss) : null;
  const c = noiseFactor(loss.n, cfg.batchSize, cfg.sampler);
  const fixedLr = cfg.lr === 'optimal' ? 0 : cfg.lr;
  let reached = 0;
  let sum = 0;
  let sumSq = 0;
  for (let r = 0; r < cfg.replicas; r++) {
    const sampler = createSampler(cfg.sampler, loss.n, cfg.batchSize, rngFor(cfg.seed, 'frontier', cfg.cell, r));
    w.set(start);
    let t = 0;
    let value = loss.loss(w);
    while (value > target && t < cfg.maxSteps) {
      sampler.next(idx);
      const lr = probe ? optimalStep(probe.measure(w), c) : fixedLr;
      loss.batchGradient(w, idx, cfg.batchSize, g);
      for (let j = 0; j < d; j++) w[j] -= lr * g[j];
      t++;
      value = loss.loss(w);
      if (!Number.isFinite(value)) throw new DivergenceError('SGD', t, r, `ε λ_max < 2 (ε = ${cfg.lr})`);
      if (value > 1e12) break; // diverging: counts as not reached
    }
    if (value <= target) {
      reached++;
      sum += t;
      sumSq += t * t;
    }
  }
  const mean = reached ? sum / reached : NaN;
  const variance = reached > 1 ? (sumSq - reached * mean * mean) / (reached - 1) : NaN;
  return { replicas: cfg.replicas, reached, meanSteps: mean, stdError: Math.sqrt(Math.max(variance, 0) / reached) };
}
