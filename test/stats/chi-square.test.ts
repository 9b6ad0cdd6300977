import { describe, it, expect } from 'vitest';
import { chiSquareNormalScore, chiSquareSurvival, chiSquareTest, gammaQ, lnGamma } from '../../src/stats/chi-square.js';
import { tThresholdFor, tToNormalScore } from '../../src/stats/t-normal-score.js';
import { weightedProportional } from '../../src/stats/weighted-least-squares.js';
import { rngFor } from '../../src/rng/streams.js';

/** The chi-square and t helpers against tabulated values, and their calibration by simulation. */
describe('chi-square', () => {
  it('ln Γ and Q(a, x) match known values', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(gammaQ(1, 2)).toBeCloseTo(Math.exp(-2), 12);
  });

  it('survival function: the tabulated 5 % and 0.1 % points', () => {
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(18.307038, 10)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(59.703, 30)).toBeCloseTo(0.001, 5);
  });

  it('the Wilson–Hilferty score is close to the exact normal equivalent in the tail', () => {
    // χ²₃₀ = 59.703 has p = 0.001, i.e. z = 3.090
    expect(chiSquareNormalScore(59.703, 30)).toBeCloseTo(3.09, 1);
    expect(chiSquareNormalScore(30 - 2 / 3, 30)).toBeCloseTo(0, 1);
  });

  it('chiSquareTest of standard normal deviations has mean dof and a uniform p-value (simulation, 2000 draws)', () => {
    const rng = rngFor(1, 'test-chi-square');
    const k = 12;
    let sum = 0, small = 0;
    for (let r = 0; r < 2000; r++) {
      const y = Array.from({ length: k }, () => rng.normal());
      const t = chiSquareTest(y, new Array(k).fill(0), new Array(k).fill(1));
      sum += t.chiSquare;
      if (t.pValue < 0.05) small++;
    }
    expect(Math.abs(sum / 2000 - k) / Math.sqrt((2 * k) / 2000)).toBeLessThan(4);
    expect(Math.abs(small / 2000 - 0.05) / Math.sqrt((0.05 * 0.95) / 2000)).toBeLessThan(4);
  });

  it('weightedProportional recovers k and leaves dof − 1 residual degrees of freedom', () => {
    const fit = weightedProportional([1, 2, 3, 4], [2, 4.1, 5.9, 8], [0.1, 0.1, 0.1, 0.1]);
    expect(fit.k).toBeCloseTo(2, 1);
    expect(fit.residuals.dof).toBe(3);
  });
});

describe('Student t to normal scores', () => {
  it('agree with the normal for many degrees of freedom and shrink heavy tails for few', () => {
    expect(tToNormalScore(2, 100000)).toBeCloseTo(2, 3);
    // t₁₀ = 2.228 is the two-sided 5 % point: normal score 1.960
    expect(tToNormalScore(2.228139, 10)).toBeCloseTo(1.959964, 4);
    expect(tToNormalScore(-2.228139, 10)).toBeCloseTo(-1.959964, 4);
    expect(tThresholdFor(1.959964, 10)).toBeCloseTo(2.228139, 4);
  });
});
