import { describe, it, expect } from 'vitest';
import { fitConvergenceOrder } from '../../src/stats/convergence-order.js';
import { rngFor } from '../../src/rng/streams.js';

/**
 * The order fit with a correction term: exact on e = C h^p (1 + D h), where a plain log-log line
 * is biased; and its standard error is calibrated (simulated noise on ln e, 400 ladders).
 */
const h = [0.1, 0.05, 0.025, 0.0125, 0.00625];

describe('fitConvergenceOrder', () => {
  it('recovers p from C h^p (1 + D h) to O(h²), where the plain slope is off by O(h)', () => {
    for (const p of [0.5, 1, 2]) {
      const e = h.map((v) => 3 * v ** p * (1 + 2 * v));
      const fit = fitConvergenceOrder(h, e, null, 1);
      expect(fit.order).toBeCloseTo(p, 2);
      expect(Math.abs(fit.plainSlope - p)).toBeGreaterThan(0.05);
    }
  });

  it('its standard error is calibrated: z = (p̂ − p)/s.e. has unit spread (400 noisy ladders)', () => {
    const rng = rngFor(3, 'test-order-fit');
    const se = h.map((_, i) => 0.02 * 1.5 ** i);
    const zs: number[] = [];
    for (let r = 0; r < 400; r++) {
      const e = h.map((v, i) => 2 * v * Math.exp(3 * v + se[i] * rng.normal())); // ln e exactly linear in h: tests the statistics alone
      const fit = fitConvergenceOrder(h, e, se, 1);
      zs.push((fit.order - 1) / fit.stdError);
    }
    const mean = zs.reduce((a, b) => a + b, 0) / zs.length;
    const sd = Math.sqrt(zs.reduce((a, b) => a + (b - mean) ** 2, 0) / (zs.length - 1));
    expect(Math.abs(mean) / (1 / Math.sqrt(400))).toBeLessThan(4);
    expect(Math.abs(sd - 1)).toBeLessThan(4 / Math.sqrt(2 * 400));
  });

  it('twin: the same ladders reject order 2', () => {
    const e = h.map((v) => 2 * v * (1 + 3 * v));
    const se = h.map(() => 0.02);
    const fit = fitConvergenceOrder(h, e, se, 1);
    expect(Math.abs(fit.order - 2) / fit.stdError).toBeGreaterThan(4);
  });
});
