import type { Loss } from '../../models/loss.js';
import { GradientNoiseProbe } from '../../theory/gradient-noise-scale.js';

/**
 * The critical batch size the noise-scale theory predicts for the frontier (McCandlish et al.
 * 2018 §2.2–2.3): with a well-tuned step, a batch of B makes per-step progress ∝ 1/(1 + B_noise/B),
 * so summing over the steps of the noiseless path gives S = S_min + (Σ_t B_noise(ω_t))/B: the
 * frontier's B_crit = E_min/S_min is the step-average of B_noise along the path of full-batch
 * gradient descent to the target. With the idealised schedule that path is steepest descent with
 * ε_max = |G|²/(GᵀHG) at every step (exact for a quadratic loss, up to the continuum of steps);
 * with constant ε it is GD at the fastest ε of the grid (an approximation: McCandlish's argument
 * assumes a tuned step). Deterministic. Also reports B_noise and B_simple at the start and the end,
 * and (idealised schedule only) the steps of noiseless descent with the greedy step shrunk to
 * f·ε_max, f = 1, 0.9, …, 0.5: the greedy step is optimal for one step, not for the count of steps
 * (steepest descent with exact line search zigzags on an ill-conditioned quadratic), so a shorter
 * step — which is what minibatch noise imposes, ε_max/(1 + B_noise/B) — can need fewer steps than
 * the S_min the theory assumes.
 */
export interface PathNoiseScale {
  lr: number | 'optimal';
  steps: number;
  meanBNoise: number;
  meanBSimple: number;
  start: { bNoise: number; bSimple: number };
  end: { bNoise: number; bSimple: number };
  dampedSteps?: { factor: number; steps: number }[];
}

const DAMPING = [1, 0.9, 0.8, 0.7, 0.6, 0.5];

export function gradientDescentPath(loss: Loss, start: Float64Array, target: number, lrs: number[] | 'optimal', maxSteps: number): PathNoiseScale | null {
  const d = loss.dim;
  const w = new Float64Array(d);
  const g = new Float64Array(d);
  const probe = new GradientNoiseProbe(loss);
  const step = (lr: number | 'optimal') => (lr === 'optimal' ? (() => { const m = probe.measure(w); return m.gradientNormSq / m.gHg; })() : lr);
  let bestLr: number | 'optimal' = NaN;
  let bestSteps = Infinity;
  for (const lr of lrs === 'optimal' ? ['optimal' as const] : lrs) {
    w.set(start);
    let t = 0;
    let v = loss.loss(w);
    while (v > target && t < Math.min(maxSteps, bestSteps)) {
      const e = step(lr);
      loss.gradient(w, g);
      for (let j = 0; j < d; j++) w[j] -= e * g[j];
      v = loss.loss(w);
      t++;
      if (!Number.isFinite(v) || v > 1e12) break;
    }
    if (v <= target && t < bestSteps) { bestSteps = t; bestLr = lr; }
  }
  if (!Number.isFinite(bestSteps)) return null;
  w.set(start);
  let sumNoise = 0;
  let sumSimple = 0;
  const first = probe.measure(w);
  let last = first;
  for (let t = 0; t < bestSteps; t++) {
    last = probe.measure(w);
    sumNoise += last.bNoise;
    sumSimple += last.bSimple;
    const e = bestLr === 'optimal' ? last.gradientNormSq / last.gHg : bestLr;
    loss.gradient(w, g);
    for (let j = 0; j < d; j++) w[j] -= e * g[j];
  }
  last = probe.measure(w);
  const dampedSteps = lrs === 'optimal' ? DAMPING.map((factor) => {
    w.set(start);
    let t = 0;
    while (loss.loss(w) > target && t < maxSteps) {
      const m = probe.measure(w);
      const e = (factor * m.gradientNormSq) / m.gHg;
      loss.gradient(w, g);
      for (let j = 0; j < d; j++) w[j] -= e * g[j];
      t++;
    }
    return { factor, steps: t };
  }) : undefined;
  return {
    lr: bestLr,
    steps: bestSteps,
    meanBNoise: sumNoise / Math.max(bestSteps, 1),
    meanBSimple: sumSimple / Math.max(bestSteps, 1),
    start: { bNoise: first.bNoise, bSimple: first.bSimple },
    end: { bNoise: last.bNoise, bSimple: last.bSimple },
    ...(dampedSteps ? { dampedSteps } : {}),
  };
}
