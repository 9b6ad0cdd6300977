import { describe, it, expect } from 'vitest';
import { localLinearAt, localLinearFit, localLinearWeights } from '../../src/stats/local-linear.js';
import { fitScaledCommonCurve } from '../../src/stats/scaled-common-curve.js';

/**
 * The local-linear smoother and the common curve with a scale per group (the batch-size-collapse
 * fit). Exact properties, no randomness: a local line reproduces any straight line at any
 * bandwidth (a local mean does not, the twin); its hat-matrix trace runs from n (tiny h) to 2 (a
 * global line); a family of scaled copies of one curve is recovered with its scales.
 */
const u = Array.from({ length: 21 }, (_, i) => -2 + 0.2 * i + 0.03 * Math.sin(7 * i)); // uneven spacing
const w = u.map((_, i) => 1 + (i % 3));

describe('local-linear smoother', () => {
  it('reproduces a straight line exactly, at the ends too, whatever h and the weights', () => {
    const y = u.map((x) => 3 - 1.5 * x);
    for (const h of [0.1, 0.5, 3]) {
      const fit = localLinearFit(u, y, w, h);
      fit.fitted.forEach((f, i) => expect(f).toBeCloseTo(y[i], 10));
      expect(localLinearAt(u, y, w, h, [-2.5, 0, 2.5])).toEqual([3 + 3.75, 3, 3 - 3.75].map((v) => expect.closeTo(v, 7)));
    }
  });

  it('twin: a local mean (the fit at an end, weights without the slope correction) misses the same line by O(h)', () => {
    const y = u.map((x) => 3 - 1.5 * x);
    const h = 0.5;
    const k = u.map((x) => Math.exp(-0.5 * ((x - u[0]) / h) ** 2) * w[u.indexOf(x)]);
    const localMean = k.reduce((a, v, j) => a + v * y[j], 0) / k.reduce((a, v) => a + v, 0);
    expect(Math.abs(localMean - y[0])).toBeGreaterThan(0.5);
    expect(localLinearFit(u, y, w, h).fitted[0]).toBeCloseTo(y[0], 10);
  });

  it('has weights that sum to 1, and a hat trace from about n (tiny h) down to 2 (a global line)', () => {
    const l = localLinearWeights(u, w, 0.4, 0.3);
    expect(l.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
    const y = u.map(() => 0);
    expect(localLinearFit(u, y, w, 1e-3).effectiveParameters).toBeCloseTo(u.length, 6);
    expect(localLinearFit(u, y, w, 1e4).effectiveParameters).toBeCloseTo(2, 6);
    const mid = localLinearFit(u, y, w, 0.4).effectiveParameters;
    expect(mid).toBeGreaterThan(2);
    expect(mid).toBeLessThan(u.length);
  });

  it('refuses a bandwidth that is not a positive number', () => {
    expect(() => localLinearWeights(u, w, 0, 0)).toThrow(/bandwidth must be a positive number/);
    expect(() => localLinearWeights(u, w, Number.NaN, 0)).toThrow(/bandwidth/);
  });
});

describe('common curve with a scale per group', () => {
  const f = (x: number) => 1 / (1 + Math.exp(2 * (x - 1))); // an edge
  // three groups sample the curve on shifted grids, with plateaus 0.6, 0.8 and 0.9
  const scales = [0.6, 0.8, 0.9];
  const cells = scales.flatMap((s, p) => Array.from({ length: 15 }, (_, k) => ({ u: -3 + 0.45 * k + 0.15 * p, s, p })));
  const uu = cells.map((c) => c.u);
  const se = cells.map(() => 0.01);
  const group = cells.map((c) => c.p);

  it('recovers the ratios of the scales of exact scaled copies of one curve, and their common shape', () => {
    const y = cells.map((c) => c.s * f(c.u));
    const fit = fitScaledCommonCurve(uu, y, se, group, 0.2);
    expect(fit.converged).toBe(true);
    expect(fit.scales[1] / fit.scales[0]).toBeCloseTo(0.8 / 0.6, 2);
    expect(fit.scales[2] / fit.scales[0]).toBeCloseTo(0.9 / 0.6, 2);
    expect(Math.max(...fit.curve)).toBeCloseTo(1, 12);
    // residuals (the smoother's bias at the edge) below the 0.01 standard error: the copies collapse
    const worst = Math.max(...y.map((v, i) => Math.abs(v - fit.fitted[i])));
    expect(worst).toBeLessThan(0.01);
    expect(fit.effectiveParameters).toBeGreaterThan(2);
  });

  it('twin: copies shifted along u (a different variable) do not collapse: residuals of many standard errors', () => {
    const y = cells.map((c) => c.s * f(c.u + 0.8 * c.p));
    const fit = fitScaledCommonCurve(uu, y, se, group, 0.2);
    const worst = Math.max(...y.map((v, i) => Math.abs(v - fit.fitted[i])));
    expect(worst).toBeGreaterThan(0.05);
  });
});
