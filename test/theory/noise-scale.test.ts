import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { batchSizeForNoiseScale, batchSizeForNoiseScaleExact, noiseScale } from '../../src/theory/noise-scale.js';
import { isExactSampler, noiseFactor } from '../../src/dynamics/samplers.js';
import { subsets, tuples } from './batches.js';

/**
 * Covariance (d×d) of the minibatch-mean gradient over the uniform distribution on `batches`,
 * and S = (1/N) Σ (g_i − ḡ)(g_i − ḡ)ᵀ: the exact definition of c(N,B) by enumeration.
 */
function batchCovariance(grads: number[][], batches: number[][]): { cov: number[]; s: number[] } {
  const n = grads.length;
  const d = grads[0].length;
  const mean = new Array(d).fill(0);
  for (const g of grads) for (let j = 0; j < d; j++) mean[j] += g[j] / n;
  const s = new Array(d * d).fill(0);
  for (const g of grads) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) s[j * d + k] += ((g[j] - mean[j]) * (g[k] - mean[k])) / n;
  const cov = new Array(d * d).fill(0);
  for (const batch of batches) {
    const gb = new Array(d).fill(0);
    for (const i of batch) for (let j = 0; j < d; j++) gb[j] += grads[i][j] / batch.length;
    for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) cov[j * d + k] += ((gb[j] - mean[j]) * (gb[k] - mean[k])) / batches.length;
  }
  return { cov, s };
}

function expectMatrixClose(actual: number[], expected: number[], relTol: number): void {
  const scale = Math.max(...expected.map(Math.abs), 1e-300);
  for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(relTol * scale);
}

// gradients on a 1/256 grid: exact enumeration is compared at 1e-10 relative, which subnormal inputs would defeat
const gradient = fc.array(fc.integer({ min: -2560, max: 2560 }).map((v) => v / 256), { minLength: 2, maxLength: 2 });

describe('noiseFactor c(N,B) by exact enumeration of the samplers', () => {
  it('without replacement: Cov over all B-subsets equals (N−B)/(B(N−1)) · S', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }), fc.array(gradient, { minLength: n, maxLength: n }))),
        ([n, b, grads]) => {
          const { cov, s } = batchCovariance(grads, subsets(n, b));
          const c = noiseFactor(n, b, 'without-replacement');
          expectMatrixClose(cov, s.map((v) => c * v), 1e-10);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('with replacement: Cov over all ordered B-tuples equals S / B', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 })).chain(([n, b]) =>
          fc.tuple(fc.constant(n), fc.constant(b), fc.array(gradient, { minLength: n, maxLength: n })),
        ),
        ([n, b, grads]) => {
          const { cov, s } = batchCovariance(grads, tuples(n, b));
          const c = noiseFactor(n, b, 'with-replacement');
          expect(c).toBe(1 / b);
          expectMatrixClose(cov, s.map((v) => c * v), 1e-10);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('fixed small cases, including B = N (no noise without replacement) and N = 1', () => {
    const grads = [[1, 0], [0, 2], [-3, 1], [2, 2], [0.5, -1]];
    for (let b = 1; b <= 5; b++) {
      const wo = batchCovariance(grads, subsets(5, b));
      expectMatrixClose(wo.cov, wo.s.map((v) => v * noiseFactor(5, b, 'without-replacement')), 1e-12);
      const wr = batchCovariance(grads, tuples(5, b));
      expectMatrixClose(wr.cov, wr.s.map((v) => v / b), 1e-12);
    }
    expect(noiseFactor(5, 5, 'without-replacement')).toBe(0);
    expect(noiseFactor(1, 1, 'without-replacement')).toBe(0);
    expect(noiseFactor(10, 3, 'without-replacement')).toBeCloseTo(7 / 27, 15);
  });

  it('a wrong factor is caught: 1/B is not the without-replacement covariance when 1 < B < N', () => {
    const grads = [[1, 0], [0, 2], [-3, 1], [2, 2], [0.5, -1], [1, 1]];
    const { cov, s } = batchCovariance(grads, subsets(6, 3));
    const wrong = s.map((v) => v / 3);
    const err = Math.max(...cov.map((v, i) => Math.abs(v - wrong[i])));
    expect(err).toBeGreaterThan(0.1 * Math.max(...cov.map(Math.abs)));
  });

  it('epoch-shuffle borrows the without-replacement factor and is flagged as not exact', () => {
    expect(noiseFactor(50, 7, 'epoch-shuffle')).toBe(noiseFactor(50, 7, 'without-replacement'));
    expect(isExactSampler('epoch-shuffle')).toBe(false);
    expect(isExactSampler('with-replacement')).toBe(true);
    expect(isExactSampler('without-replacement')).toBe(true);
  });
});

const setting = fc.record({
  n: fc.integer({ min: 2, max: 100000 }),
  frac: fc.double({ min: 0, max: 1, noNaN: true }),
  lr: fc.double({ min: 1e-4, max: 10, noNaN: true }),
  m: fc.double({ min: 0, max: 0.99, noNaN: true }),
});
const batchOf = (n: number, frac: number): number => 1 + Math.floor(frac * (n - 1));

describe('noiseScale and its inverses', () => {
  it('g_paper equals the exact without-replacement g up to the factor N/(N−1)', () => {
    fc.assert(
      fc.property(setting, ({ n, frac, lr, m }) => {
        const b = batchOf(n, frac);
        const ns = noiseScale(lr, n, b, m, 'without-replacement');
        // g_paper is computed as ε(N/B − 1): the subtraction costs ~1e-16·(N/B) absolute, hence the second term.
        const roundoff = (1e-15 * lr * (n / b) * n) / ((n - 1) * (1 - m));
        expect(Math.abs(ns.g - (ns.gPaper * n) / (n - 1))).toBeLessThanOrEqual(1e-12 * Math.abs(ns.g) + roundoff);
        expect(Math.abs(ns.gApprox - (lr * n) / (b * (1 - m)))).toBeLessThanOrEqual(1e-12 * ns.gApprox);
      }),
    );
  });

  it('with replacement g = g_approx = εN/(B(1−m))', () => {
    fc.assert(
      fc.property(setting, ({ n, frac, lr, m }) => {
        const b = batchOf(n, frac);
        const ns = noiseScale(lr, n, b, m, 'with-replacement');
        expect(Math.abs(ns.g - ns.gApprox)).toBeLessThanOrEqual(1e-12 * ns.gApprox);
      }),
    );
  });

  it('batchSizeForNoiseScale inverts the paper form g_paper', () => {
    fc.assert(
      fc.property(setting, ({ n, frac, lr, m }) => {
        const b = batchOf(n, frac);
        const { gPaper } = noiseScale(lr, n, b, m, 'without-replacement');
        expect(Math.abs(batchSizeForNoiseScale(gPaper, lr, n, m) - b)).toBeLessThanOrEqual(1e-9 * b);
      }),
    );
  });

  it('batchSizeForNoiseScaleExact inverts the exact g for both Markov samplers', () => {
    fc.assert(
      fc.property(setting, fc.constantFrom('with-replacement' as const, 'without-replacement' as const), ({ n, frac, lr, m }, sampler) => {
        const b = batchOf(n, frac);
        const { g } = noiseScale(lr, n, b, m, sampler);
        expect(Math.abs(batchSizeForNoiseScaleExact(g, lr, n, m, sampler) - b)).toBeLessThanOrEqual(1e-9 * b);
      }),
    );
  });

  it('the paper inverse is not the exact inverse (they differ by the N/(N−1) factor in g)', () => {
    // N = 10, B = 5, ε = 1, m = 0: exact g = 10·5/(5·9) = 10/9; the paper inverse at that g gives 10/(1+10/9) = 90/19 ≠ 5.
    const { g } = noiseScale(1, 10, 5, 0, 'without-replacement');
    expect(g).toBeCloseTo(10 / 9, 14);
    expect(batchSizeForNoiseScale(g, 1, 10, 0)).toBeCloseTo(90 / 19, 12);
    expect(batchSizeForNoiseScaleExact(g, 1, 10, 0, 'without-replacement')).toBeCloseTo(5, 12);
  });

  it('momentum divides g by (1−m)', () => {
    const a = noiseScale(0.1, 1000, 10, 0, 'without-replacement');
    const b = noiseScale(0.1, 1000, 10, 0.9, 'without-replacement');
    expect(b.g / a.g).toBeCloseTo(10, 10);
    expect(b.gPaper / a.gPaper).toBeCloseTo(10, 10);
    expect(b.gApprox / a.gApprox).toBeCloseTo(10, 10);
  });
});
