import type { Loss } from '../../models/loss.js';
import type { Sampler } from '../../dynamics/samplers.js';
import { rngFor } from '../../rng/streams.js';
import { createSampler } from '../../dynamics/samplers.js';
import { DivergenceError } from '../../errors.js';
import { GradientNoiseProbe, optimalStep } from '../../theory/gradient-noise-scale.js';
import { noiseFactor } from '../../dynamics/samplers.js';
import { weightedLine } from '../../stats/weighted-line.js';

/**
 * Steps SGD needs to bring the full training loss to a target (the steps axis of the
 * steps/examples frontier, McCandlish et al. 2018; docs/theory.md §9): `replicas` independent runs
 * from `start`, stepped in lockstep (stream rngFor(seed, 'frontier', cell, replica) each), with
 * heavy-ball momentum m (v ← m v − ε ∇L_B, ω ← ω + v; m = 0 is plain SGD). L is evaluated every step.
 * Two definitions of the count:
 * - 'per-run': each run's own first step with L(ω) ≤ target, averaged (a run stops there; one that
 *   has not arrived by maxSteps, or diverges, leaves `reached` short of `replicas`);
 * - 'expected' (McCandlish's): the first step at which the runs' mean loss L̄_t ≤ target; every run
 *   continues until then. The count is where a line in t fitted to ln(L̄ − L*) over t ± w,
 *   w = max(2, ⌈t/20⌉), reaches ln(target − L*) (the raw first crossing of a noisy mean is biased
 *   early), with the delta-method standard error sd(L_t)/√R / |dL̄/dt|.
 * `stopAfter`: a search's candidate gives up once it provably cannot beat that count ('expected':
 * the mean has not crossed by then; 'per-run': the arrived runs plus the rest at the current step
 * already average more).
 *
 * `lr: 'optimal'` is McCandlish's idealised schedule (m = 0 only): every step uses the ε that
 * maximises the expected decrease of the (exactly quadratic, for least squares) loss at the current ω,
 * ε_opt = |G|²/(GᵀHG + c(N,B) tr(HS)) — the exact G, H and S, so it needs per-example gradients.
 */
export interface StepsToTarget {
  replicas: number;
  reached: number;
  meanSteps: number;
  stdError: number;
}

export interface StepsToTargetConfig {
  lr: number | 'optimal';
  momentum?: number;
  batchSize: number;
  sampler: Sampler;
  seed: number;
  cell: number;
  replicas: number;
  maxSteps: number;
  definition?: 'expected' | 'per-run';
  stopAfter?: number;
}

export function stepsToTarget(loss: Loss, cfg: StepsToTargetConfig, start: Float64Array, target: number, lStar = 0): StepsToTarget {
  const d = loss.dim;
  const R = cfg.replicas;
  const m = cfg.momentum ?? 0;
  const expected = cfg.definition === 'expected';
  if (m > 0 && cfg.lr === 'optimal') throw new RangeError('the idealised per-step ε is defined for plain SGD only');
  const w = new Float64Array(R * d);
  const v = new Float64Array(m > 0 ? R * d : 0);
  const g = new Float64Array(d);
  const idx = new Int32Array(cfg.batchSize);
  const probe = cfg.lr === 'optimal' ? new GradientNoiseProbe(loss) : null;
  const c = noiseFactor(loss.n, cfg.batchSize, cfg.sampler);
  const fixedLr = cfg.lr === 'optimal' ? 0 : cfg.lr;
  const samplers = Array.from({ length: R }, (_, r) => createSampler(cfg.sampler, loss.n, cfg.batchSize, rngFor(cfg.seed, 'frontier', cfg.cell, r)));
  const values = new Float64Array(R);
  const hit = new Float64Array(R).fill(-1);
  const active = new Uint8Array(R).fill(1); // per-run: stepping until it arrives or diverges
  for (let r = 0; r < R; r++) {
    w.set(start, r * d);
    values[r] = loss.loss(start);
    if (values[r] <= target) { hit[r] = 0; if (!expected) active[r] = 0; }
  }
  const meanLoss: number[] = [mean(values)];
  const varLoss: number[] = [variance(values)];
  const stopAfter = cfg.stopAfter ?? Infinity;
  let crossing = meanLoss[0] <= target ? 0 : -1;
  let window = 0;
  let diverged = false;
  for (let t = 1; t <= cfg.maxSteps + window; t++) {
    if (expected ? crossing >= 0 && t > crossing + window : !active.some((a) => a === 1)) break;
    if (expected && crossing < 0 && t > Math.min(cfg.maxSteps, stopAfter)) break;
    if (!expected && t > cfg.maxSteps) break;
    if (!expected && Number.isFinite(stopAfter)) {
      let sum = 0;
      for (let r = 0; r < R; r++) sum += hit[r] >= 0 ? hit[r] : t;
      if (sum / R > stopAfter) break;
    }
    for (let r = 0; r < R; r++) {
      if (!active[r]) continue;
      const wr = w.subarray(r * d, (r + 1) * d);
      samplers[r].next(idx);
      const lr = probe ? optimalStep(probe.measure(wr), c) : fixedLr;
      loss.batchGradient(wr, idx, cfg.batchSize, g);
      if (m > 0) {
        const off = r * d;
        for (let j = 0; j < d; j++) { const vj = m * v[off + j] - lr * g[j]; v[off + j] = vj; wr[j] += vj; }
      } else {
        for (let j = 0; j < d; j++) wr[j] -= lr * g[j];
      }
      const value = loss.loss(wr);
      if (!Number.isFinite(value)) throw new DivergenceError('SGD', t, r, `ε λ_max < 2(1 + m) (ε = ${cfg.lr}, m = ${m})`);
      values[r] = value;
      if (value > 1e12) { active[r] = 0; diverged = true; continue; } // diverging: never counts as arrived
      if (hit[r] < 0 && value <= target) { hit[r] = t; if (!expected) active[r] = 0; }
    }
    if (expected) {
      if (diverged) break;
      meanLoss.push(mean(values));
      varLoss.push(variance(values));
      if (crossing < 0 && meanLoss[t] <= target) { crossing = t; window = Math.max(2, Math.ceil(t / 20)); }
    }
  }
  if (expected) {
    if (crossing < 0 || diverged) return { replicas: R, reached: 0, meanSteps: NaN, stdError: NaN };
    if (crossing === 0) return { replicas: R, reached: R, meanSteps: 0, stdError: 0 };
    const lo = Math.max(0, crossing - window), hi = Math.min(meanLoss.length - 1, crossing + window);
    const us = Array.from({ length: hi - lo + 1 }, (_, k) => lo + k - crossing);
    const { intercept: a, slope: b } = weightedLine(us, us.map((u) => Math.log(meanLoss[crossing + u] - lStar)), us.map(() => 1));
    const u = (Math.log(target - lStar) - a) / b;
    const se = Math.sqrt(varLoss[crossing] / R) / ((target - lStar) * -b);
    return { replicas: R, reached: R, meanSteps: crossing + u, stdError: b < 0 ? se : NaN };
  }
  let reached = 0, sum = 0, sumSq = 0;
  for (let r = 0; r < R; r++) if (hit[r] >= 0) { reached++; sum += hit[r]; sumSq += hit[r] * hit[r]; }
  const meanSteps = reached ? sum / reached : NaN;
  const v2 = reached > 1 ? (sumSq - reached * meanSteps * meanSteps) / (reached - 1) : NaN;
  return { replicas: R, reached, meanSteps, stdError: Math.sqrt(Math.max(v2, 0) / reached) };
}

function mean(a: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k];
  return s / a.length;
}

function variance(a: Float64Array): number {
  const mu = mean(a);
  let q = 0;
  for (let k = 0; k < a.length; k++) q += (a[k] - mu) ** 2;
  return q / (a.length - 1);
}
