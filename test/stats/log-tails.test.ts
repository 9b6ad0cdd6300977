import { describe, it, expect } from 'vitest';
import { bonferroniThreshold, bonferroniThresholdFor, lnTwoSidedTail, MAX_TOLERANCE, twoSidedTail, upperQuantileFromLog, normalQuantile } from '../../src/stats/normal.js';
import { lnStudentTwoSidedTail, studentTwoSidedQuantile, studentTwoSidedTail } from '../../src/stats/student-t.js';
import { tThresholdFor, tToNormalScore } from '../../src/stats/t-normal-score.js';
import { lnFTail } from '../../src/stats/hotelling.js';
import { regularizedBeta } from '../../src/stats/incomplete-beta.js';

/**
 * Thresholds of any tolerance up to MAX_TOLERANCE must be finite and right: tolerance 38 made a
 * Bonferroni threshold Infinity (a FAIL at 0.3σ), 1e308 wrote "tolerance": null. The log-space
 * tails against known values, and their twins (the linear-space forms that underflow).
 */
describe('normal tails in log space', () => {
  it('agree with erfc where it is representable, and continue beyond it', () => {
    for (const z of [0.5, 2, 4, 10, 20, 29.9]) expect(lnTwoSidedTail(z)).toBeCloseTo(Math.log(twoSidedTail(z)), 5);
    // 2(1 − Φ(40)) = 7.31e-350: below the smallest double; its logarithm is ln 2 − 800 − ½ ln 2π − ln 40 (Mills) = −803.915
    expect(lnTwoSidedTail(40)).toBeCloseTo(Math.log(2) - 800 - 0.5 * Math.log(2 * Math.PI) - Math.log(40) + Math.log(1 - 1 / 1600), 4);
    expect(twoSidedTail(40)).toBe(0); // twin: the linear form underflows
  });

  it('upperQuantileFromLog inverts the tail, also where the tail underflows', () => {
    for (const z of [0.1, 1.96, 4, 12, 37, 45, 100]) expect(upperQuantileFromLog(lnTwoSidedTail(z) - Math.log(2))).toBeCloseTo(z, 6);
    expect(upperQuantileFromLog(Math.log(0.025))).toBeCloseTo(-normalQuantile(0.025), 9);
  });

  it('Bonferroni thresholds are finite for every tolerance up to MAX_TOLERANCE and any count; the linear form was not', () => {
    expect(bonferroniThresholdFor(1, 4)).toBeCloseTo(4, 6);
    expect(bonferroniThresholdFor(6, 4)).toBeCloseTo(bonferroniThreshold(6, twoSidedTail(4)), 6);
    const t = bonferroniThresholdFor(1e6, MAX_TOLERANCE);
    expect(Number.isFinite(t) && t > MAX_TOLERANCE && t < MAX_TOLERANCE + 1).toBe(true);
    expect(bonferroniThreshold(3, twoSidedTail(40))).toBe(Infinity); // twin
  });
});

describe('Student t and F tails from the incomplete beta', () => {
  it('tabulated points: t₁₀ two-sided 5% at 2.228, t₃ 1% at 5.841, t₁ = Cauchy', () => {
    expect(studentTwoSidedTail(2.228139, 10)).toBeCloseTo(0.05, 6);
    expect(studentTwoSidedTail(5.840909, 3)).toBeCloseTo(0.01, 6);
    expect(studentTwoSidedTail(1, 1)).toBeCloseTo(0.5, 12);
    expect(studentTwoSidedQuantile(0.05, 10)).toBeCloseTo(2.228139, 5);
  });

  it('far tails stay exact: P(|T₁| > t) = 2/(π t) for large t, and t₁₅ thresholds of 10σ and 37σ are finite and ordered', () => {
    expect(Math.exp(lnStudentTwoSidedTail(1e12, 1))).toBeCloseTo(2 / (Math.PI * 1e12), 22);
    const a = tThresholdFor(10, 15);
    const b = tThresholdFor(37, 15);
    expect(Number.isFinite(a) && Number.isFinite(b) && b > a && a > 10).toBe(true);
    // and the threshold has the stated tail
    expect(lnStudentTwoSidedTail(b, 15)).toBeCloseTo(lnTwoSidedTail(37), 6);
  });

  it('tToNormalScore keeps its meaning where the old series lost it (1 − A below 1e-12)', () => {
    expect(tToNormalScore(2.228139, 10)).toBeCloseTo(1.959964, 4);
    const big = tToNormalScore(1e4, 15);
    expect(Number.isFinite(big) && big > 10 && big < 1e4).toBe(true);
  });

  it('F: F(1, ν) is t² on ν, and the incomplete beta has I_x(1, 1) = x', () => {
    expect(Math.exp(lnFTail(2.228139 ** 2, 1, 10))).toBeCloseTo(0.05, 6);
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedBeta(0.3, 2, 3) + regularizedBeta(0.7, 3, 2)).toBeCloseTo(1, 12);
  });
});
