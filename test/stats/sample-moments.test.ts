import { describe, it, expect } from 'vitest';
import { mean, variance } from '../../src/stats/sample-moments.js';
import { quantile } from '../../src/stats/quantile.js';

// References from numpy 1.x/2.x: np.mean, np.var(ddof=1), np.quantile (method 'linear') of
// x = [3, 1, 4, 1, 5, 9, 2, 6]. Deterministic arithmetic: compared to 1e-14 relative.
const x = [3, 1, 4, 1, 5, 9, 2, 6];
const sorted = [...x].sort((a, b) => a - b);

describe('sample mean and variance', () => {
  it('agree with numpy (mean 3.875, variance with n − 1: 7.553571428571429)', () => {
    expect(mean(x)).toBe(3.875);
    expect(Math.abs(variance(x) - 7.553571428571429)).toBeLessThan(1e-14 * 7.55);
    // twin: the divisor is n − 1, not n (np.var ddof=0 gives 6.609375)
    expect(Math.abs(variance(x) - 6.609375)).toBeGreaterThan(0.1);
  });

  it('empty input has mean NaN; one value has variance NaN', () => {
    expect(mean([])).toBeNaN();
    expect(variance([2])).toBeNaN();
  });
});

describe('quantile of sorted data (linear interpolation, numpy default)', () => {
  it('agrees with numpy at p = 0, 0.025, 0.25, 0.5, 0.975, 1', () => {
    const want: [number, number][] = [[0, 1], [0.025, 1], [0.25, 1.75], [0.5, 3.5], [0.975, 8.475000000000001], [1, 9]];
    for (const [p, q] of want) expect(Math.abs(quantile(sorted, p) - q)).toBeLessThan(1e-14 * 9);
    // twin: the nearest-rank median (4) is not what it returns
    expect(quantile(sorted, 0.5)).not.toBe(4);
  });

  it('is NaN for empty data', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});
