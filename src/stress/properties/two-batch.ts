import fc from 'fast-check';
import type { StressProperty } from '../property.js';
import { LinearRegressionLoss, syntheticLinearData, type LinearRegressionSpec } from '../../models/linear-regression.js';
import { gradientNoiseScale } from '../../theory/gradient-noise-scale.js';
import { TwoBatchEstimator } from '../../stats/two-batch-estimator.js';
import { addTwoBatchPairs } from '../../dynamics/two-batch-sampling.js';
import { rngFor } from '../../rng/streams.js';
import { caseSeed, markovSampler } from '../arbitraries.js';
import { caseFalseFailureRate, comparisonThreshold } from '../tolerance.js';
import { round4 } from '../format.js';
import { twoSidedTail } from '../../stats/normal.js';
import type { Sampler } from '../../dynamics/samplers.js';

/**
 * The two-batch estimator of the simple noise scale (McCandlish et al. 2018 App. A, docs/theory.md §9;
 * src/stats/two-batch-estimator.ts) against the exact B_simple = tr S/|G|² of random least-squares
 * problems at random ω. The estimator's noise factors c(N,B) come from the formulas under test, so
 * a wrong c (the planted 2/B) halves the estimated tr S and is caught.
 *
 * Region (where the delta-method standard error of the ratio is trustworthy): 1 ≤ B_simple and
 * B_big = 2 B_small ≤ N − 1 with B_small = max(2, round(B_simple)), so the big batch's gradient
 * norm is not dominated by noise (|G_big|² ≈ |G|² + tr S/(2 B_simple)) and 20 000 pairs make the
 * relative error of the mean |G|² estimate small. Outside it (B_big ≪ B_simple with few pairs,
 * e.g. B_simple ≈ 1500 against B_big = 16 and 2000 pairs) the ratio is heavy-tailed and the
 * estimate falls far below the exact value.
 */
const PAIRS = 20000;

interface Case {
  n: number;
  dim: number;
  twentieths: number[];
  labelNoisePercent: number;
  /** distance of ω from ω*, in hundredths per coordinate */
  offsetHundredths: number;
  sampler: Sampler;
  seed: number;
}

export const twoBatch: StressProperty<Case> = {
  title: 'two-batch noise-scale estimator',
  prediction: 'the unbiased two-batch estimate of B_simple = tr S/|G|² (small and big minibatch gradient norms, c(N,B) bias correction) agrees with the exact value',
  region: 'linear regression, Markov sampler, 20 ≤ N ≤ 200, d ≤ 6, ω = ω* + offset (0.05 to 2 per coordinate), 1 ≤ B_simple, B_small = max(2, round(B_simple)), B_big = 2 B_small ≤ N − 1, 20 000 pairs',
  method: 'simulation',
  arbitrary: () =>
    fc.record({
      n: fc.integer({ min: 20, max: 200 }),
      dim: fc.integer({ min: 1, max: 6 }),
      twentieths: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 6, maxLength: 6 }),
      labelNoisePercent: fc.integer({ min: 10, max: 100 }),
      offsetHundredths: fc.integer({ min: 5, max: 200 }),
      sampler: markovSampler,
      seed: caseSeed,
    }),
  falseFailureRate: (ctx) => caseFalseFailureRate(ctx.tolerance),
  check(c, ctx) {
    const model: LinearRegressionSpec = {
      kind: 'linear-regression', n: c.n, dim: c.dim,
      inputSpectrum: c.twentieths.slice(0, c.dim).map((k) => k / 20), teacher: 'random', labelNoise: c.labelNoisePercent / 100,
    };
    const loss = new LinearRegressionLoss(syntheticLinearData(model, c.seed));
    const w = new Float64Array(c.dim);
    rngFor(c.seed, 'stress-two-batch-point').fillNormal(w);
    const star = loss.minimum();
    for (let j = 0; j < c.dim; j++) w[j] = star[j] + (c.offsetHundredths / 100) * w[j];
    const exact = gradientNoiseScale(loss, w);
    const small = Math.max(2, Math.round(exact.bSimple));
    const big = 2 * small;
    fc.pre(exact.bSimple >= 1 && big <= c.n - 1);
    const cSmall = ctx.formulas.noiseFactor(c.n, small, c.sampler);
    const cBig = ctx.formulas.noiseFactor(c.n, big, c.sampler);
    const est = new TwoBatchEstimator(cSmall, cBig);
    addTwoBatchPairs(loss, w, est, { small, big, sampler: c.sampler }, rngFor(c.seed, 'stress-two-batch'), PAIRS);
    const e = est.estimate();
    const z = (e.bSimple - exact.bSimple) / e.bSimpleStdError;
    const threshold = comparisonThreshold(ctx.tolerance, 1, PAIRS);
    return {
      pass: Math.abs(z) <= threshold,
      lines: [
        `N = ${c.n}, d = ${c.dim}, ${c.sampler}, B_small = ${small}, B_big = ${big}, c = ${round4(cSmall)}, ${round4(cBig)}`,
        `B_simple: exact ${round4(exact.bSimple)}, two-batch ${round4(e.bSimple)} ± ${round4(e.bSimpleStdError)} (${PAIRS} pairs), z = ${z.toFixed(2)} (allowed ${threshold.toFixed(2)})`,
      ],
      axes: { B_simple: exact.bSimple, 'B_big/N': big / c.n, d: c.dim, N: c.n },
      scenarios: [],
      pValue: twoSidedTail(Math.abs(z)),
    };
  },
};
