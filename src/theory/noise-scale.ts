import type { NoiseScale } from '../core/result.js';
import { noiseFactor, type Sampler } from '../dynamics/samplers.js';

/** g (exact for the sampler), g_paper = ε(N/B − 1)/(1−m), g_approx = εN/(B(1−m)). */
export function noiseScale(lr: number, n: number, b: number, momentum: number, sampler: Sampler): NoiseScale {
  const damp = 1 - momentum;
  return {
    g: (lr * n * noiseFactor(n, b, sampler)) / damp,
    gPaper: (lr * (n - b)) / b / damp, // ε(N/B − 1), written to keep precision as B → N
    gApprox: (lr * n) / (b * damp),
  };
}

/**
 * The batch size giving noise scale g in the paper's form: B = N / (1 + g(1−m)/ε).
 * Real-valued; round to an integer in [1, N] to use it.
 */
export function batchSizeForNoiseScale(g: number, lr: number, n: number, momentum: number): number {
  return n / (1 + (g * (1 - momentum)) / lr);
}

/**
 * Its inverse: the paper's noise scale g = ε(N/B − 1)/(1 − m) of a real-valued B (e.g. a fitted
 * B_opt). The same value as noiseScale(…).gPaper, grouped as ε(N/B − 1) for a non-integer B.
 */
export function noiseScaleForBatchSize(b: number, lr: number, n: number, momentum: number): number {
  return (lr * (n / b - 1)) / (1 - momentum);
}

/**
 * The batch size giving noise scale g exactly for a Markov sampler (solves ε N c(N,B)/(1−m) = g).
 * With replacement B = εN/(g(1−m)); without replacement B = N / (1 + g(1−m)(N−1)/(εN)).
 */
export function batchSizeForNoiseScaleExact(g: number, lr: number, n: number, momentum: number, sampler: Sampler): number {
  const k = (g * (1 - momentum)) / lr; // = N c(N,B)
  if (sampler === 'with-replacement') return n / k;
  return n / (1 + (k * (n - 1)) / n);
}
