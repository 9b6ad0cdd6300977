import fc from 'fast-check';
import type { Sampler } from '../dynamics/samplers.js';

/**
 * Generators shared by several properties. Integers wherever possible (percentages, twentieths),
 * so that shrunk counterexamples read as round numbers and scenario files stay short.
 */
export const markovSampler = fc.constantFrom<Sampler>('without-replacement', 'with-replacement');
export const anySampler = fc.constantFrom<Sampler>('without-replacement', 'with-replacement', 'epoch-shuffle');
export const caseSeed = fc.integer({ min: 0, max: 999_999 });

/** A quadratic model: Hessian eigenvalues k/20 with k ∈ [4, 20] (condition number ≤ 5), noise S = I or H. */
export interface QuadraticShape {
  dim: number;
  /** four integers in [4, 20]; the first `dim` are the eigenvalues in twentieths */
  twentieths: number[];
  rotate: boolean;
  noise: 'isotropic' | 'hessian';
}

export function quadraticShape(maxDim: number): fc.Arbitrary<QuadraticShape> {
  return fc.record({
    dim: fc.integer({ min: 1, max: maxDim }),
    twentieths: fc.array(fc.integer({ min: 4, max: 20 }), { minLength: maxDim, maxLength: maxDim }),
    rotate: fc.boolean(),
    noise: fc.constantFrom<'isotropic' | 'hessian'>('isotropic', 'hessian'),
  });
}

export function spectrumOf(q: QuadraticShape): number[] {
  return q.twentieths.slice(0, q.dim).map((k) => k / 20);
}

/** The quadratic model block of a scenario (every default written out, so the file is self-contained). */
export function quadraticModelSpec(q: QuadraticShape, n: number): Record<string, unknown> & { kind: 'quadratic'; dim: number; n: number; spectrum: number[]; noise: { shape: 'isotropic' | 'hessian'; variance: number }; rotate: boolean } {
  return { kind: 'quadratic', dim: q.dim, n, spectrum: spectrumOf(q), noise: { shape: q.noise, variance: 1 }, rotate: q.rotate };
}

/**
 * B from a percentage of N, in [1, N]; without replacement (or reshuffling each epoch) B = N is the
 * full batch, no noise at all and nothing to test, so it stops at N − 1 there.
 */
export function batchSizeOf(percent: number, n: number, sampler: Sampler): number {
  const top = sampler === 'with-replacement' ? n : n - 1;
  return Math.min(top, Math.max(1, Math.round((percent / 100) * n)));
}
