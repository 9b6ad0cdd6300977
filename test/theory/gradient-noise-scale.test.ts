import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { LinearRegressionLoss, syntheticLinearData } from '../../src/models/linear-regression.js';
import { LogisticRegressionLoss } from '../../src/models/logistic-regression.js';
import { twoGaussianClasses } from '../../src/data/gaussian-classes.js';
import { gradientNoiseScale } from '../../src/theory/gradient-noise-scale.js';
import { TwoBatchEstimator } from '../../src/stats/two-batch-estimator.js';
import { addTwoBatchPairs } from '../../src/dynamics/two-batch-sampling.js';
import { noiseFactor, type Sampler } from '../../src/dynamics/samplers.js';
import { rngFor } from '../../src/rng/streams.js';
import type { Loss } from '../../src/models/loss.js';

/**
 * The unbiased two-batch estimator of McCandlish et al. App. A agrees with
 * the exact B_simple = tr S/|G|² within 4 standard errors on randomised least-squares and logistic
 * problems at random ω (fast-check, the project's fixed global seed); the twin that drops the bias
 * correction (|G|² ≈ |G_big|²) is rejected by more than 4 s.e. on the same draws.
 * Batches: B_small = max(2, round(B_simple)), B_big = 2 B_small, so the dropped correction
 * c_big tr S is about half of |G|². The region is 1 ≤ B_simple ≤ (N − 1)/2: below 1 the noise term
 * is too small for the twin to matter; single-example batches (B_small = 1) give per-pair estimates
 * with tails so heavy that 3000 pairs underestimate the spread (mean |z| 1.1 instead of 0.8 over
 * 300 problems), which batches of ≥ 2 examples cure (mean |z| 0.74).
 */
const PAIRS = 20000;

function estimateAt(loss: Loss, w: Float64Array, sampler: Sampler, seed: number, biasCorrected: boolean) {
  const exact = gradientNoiseScale(loss, w);
  const small = Math.max(2, Math.round(exact.bSimple));
  const big = 2 * small;
  const est = new TwoBatchEstimator(noiseFactor(loss.n, small, sampler), noiseFactor(loss.n, big, sampler), biasCorrected);
  addTwoBatchPairs(loss, w, est, { small, big, sampler }, rngFor(seed, 'test-two-batch'), PAIRS);
  const e = est.estimate();
  return { exact, e, z: (e.bSimple - exact.bSimple) / e.bSimpleStdError };
}

const common = {
  seed: fc.integer({ min: 0, max: 100_000 }),
  scale: fc.double({ min: 0.3, max: 2, noNaN: true }),
  sampler: fc.constantFrom<Sampler>('with-replacement', 'without-replacement'),
};

/** The region of the claim (see the file comment). */
function inRegion(loss: Loss, w: Float64Array): boolean {
  const b = gradientNoiseScale(loss, w).bSimple;
  return b >= 1 && 2 * Math.max(2, Math.round(b)) <= loss.n - 1;
}

function randomPoint(d: number, seed: number, scale: number): Float64Array {
  const w = new Float64Array(d);
  rngFor(seed, 'test-two-batch-point').fillNormal(w);
  for (let j = 0; j < d; j++) w[j] *= scale;
  return w;
}

describe('two-batch estimator of B_simple', () => {
  it('least squares: within 4 s.e. of the exact value; without the bias correction, rejected', () => {
    fc.assert(fc.property(fc.record({ ...common, n: fc.integer({ min: 20, max: 120 }), dim: fc.integer({ min: 1, max: 6 }) }), (c) => {
      const loss = new LinearRegressionLoss(syntheticLinearData({ kind: 'linear-regression', n: c.n, dim: c.dim, labelNoise: 0.5 } as never, c.seed));
      const w = randomPoint(c.dim, c.seed, c.scale);
      fc.pre(inRegion(loss, w));
      const ok = estimateAt(loss, w, c.sampler, c.seed, true);
      const naive = estimateAt(loss, w, c.sampler, c.seed, false);
      expect(Math.abs(ok.z)).toBeLessThanOrEqual(4);
      expect(Math.abs(naive.z)).toBeGreaterThan(4);
    }), { numRuns: 25 });
  });

  it('logistic regression: within 4 s.e. of the exact value; without the bias correction, rejected', () => {
    fc.assert(fc.property(fc.record({ ...common, perClass: fc.integer({ min: 10, max: 60 }), features: fc.integer({ min: 1, max: 5 }), lambda: fc.double({ min: 0, max: 2, noNaN: true }) }), (c) => {
      const { train } = twoGaussianClasses({ features: c.features, trainPerClass: c.perClass, testPerClass: 1, separation: 2, seed: c.seed });
      const loss = new LogisticRegressionLoss(train, c.lambda);
      const w = randomPoint(loss.dim, c.seed, c.scale);
      fc.pre(inRegion(loss, w));
      const ok = estimateAt(loss, w, c.sampler, c.seed, true);
      const naive = estimateAt(loss, w, c.sampler, c.seed, false);
      expect(Math.abs(ok.z)).toBeLessThanOrEqual(4);
      expect(Math.abs(naive.z)).toBeGreaterThan(4);
    }), { numRuns: 25 });
  });

  it('exact B_simple and B_noise agree with a direct computation of S and H (least squares)', () => {
    const loss = new LinearRegressionLoss(syntheticLinearData({ kind: 'linear-regression', n: 30, dim: 3, labelNoise: 0.5 } as never, 5));
    const w = Float64Array.of(0.3, -0.2, 1.1);
    const got = gradientNoiseScale(loss, w);
    const per = new Float64Array(30 * 3);
    loss.exampleGradients(w, per);
    const mean = [0, 1, 2].map((j) => per.filter((_, k) => k % 3 === j).reduce((a, b) => a + b, 0) / 30);
    const s = Array.from({ length: 9 }, (_, k) => {
      const [a, b] = [Math.floor(k / 3), k % 3];
      let acc = 0;
      for (let i = 0; i < 30; i++) acc += (per[i * 3 + a] - mean[a]) * (per[i * 3 + b] - mean[b]);
      return acc / 30;
    });
    const h = loss.hessian();
    const trHS = [0, 1, 2].reduce((acc, i) => acc + [0, 1, 2].reduce((a2, j) => a2 + h[i * 3 + j] * s[j * 3 + i], 0), 0);
    const gHg = [0, 1, 2].reduce((acc, i) => acc + [0, 1, 2].reduce((a2, j) => a2 + mean[i] * h[i * 3 + j] * mean[j], 0), 0);
    expect(got.traceS).toBeCloseTo(s[0] + s[4] + s[8], 10);
    expect(got.bNoise).toBeCloseTo(trHS / gHg, 8);
  });
});
