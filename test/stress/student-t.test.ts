import { describe, it, expect } from 'vitest';
import { studentTwoSidedQuantile, studentTwoSidedTail } from '../../src/stats/student-t.js';
import { normalCdf } from '../../src/stats/normal.js';
import { caseFalseFailureRate, comparisonThreshold } from '../../src/stress/tolerance.js';

describe('Student t tails (thresholds of the simulation checks)', () => {
  it('matches closed forms and table values', () => {
    expect(studentTwoSidedTail(2, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(2), 14); // Cauchy
    expect(studentTwoSidedTail(1.5, 2)).toBeCloseTo(1 - 1.5 / Math.sqrt(2 + 1.5 ** 2), 14);
    expect(studentTwoSidedTail(2.228, 10)).toBeCloseTo(0.05, 4); // t_{0.975, 10} = 2.228
    expect(studentTwoSidedTail(2.0, 63)).toBeCloseTo(0.04985, 4);
    expect(studentTwoSidedTail(0, 5)).toBe(1);
  });

  it('tends to the normal tail for many degrees of freedom', () => {
    const normal = 2 * (1 - normalCdf(4));
    expect(studentTwoSidedTail(4, 20000) / normal).toBeCloseTo(1, 2);
  });

  it('the quantile inverts the tail, and is wider than the normal one at 63 degrees of freedom', () => {
    for (const [p, nu] of [[0.05, 10], [6.3e-5, 63], [1e-6, 7], [0.5, 1]] as const) {
      expect(studentTwoSidedTail(studentTwoSidedQuantile(p, nu), nu) / p).toBeCloseTo(1, 6);
    }
    const t = comparisonThreshold(4, 1, 64);
    expect(t).toBeGreaterThan(4.2);
    expect(studentTwoSidedTail(t, 63)).toBeCloseTo(caseFalseFailureRate(4), 10);
    expect(caseFalseFailureRate(4)).toBeCloseTo(6.334e-5, 7);
    // Bonferroni: 11 comparisons share the case's rate
    expect(studentTwoSidedTail(comparisonThreshold(4, 11, 64), 63) * 11).toBeCloseTo(caseFalseFailureRate(4), 10);
  });
});
