import { describe, it, expect } from 'vitest';
import { gaussHermite } from '../../src/stats/gauss-hermite.js';

/**
 * Gauss–Hermite for the standard normal, exactly (no sampling): n nodes integrate Z^k exactly for
 * k ≤ 2n − 1, E Z^k = (k − 1)!! for even k and 0 for odd k (to 1e-12 k!!); twin: Z^{2n} is not
 * integrated exactly (its rule value differs from (2n − 1)!! by far more than rounding).
 */
const doubleFactorial = (k: number): number => (k <= 0 ? 1 : k * doubleFactorial(k - 2));
const moment = (nodes: Float64Array, weights: Float64Array, k: number) => nodes.reduce((s, x, i) => s + weights[i] * x ** k, 0);

describe('gaussHermite', () => {
  for (const n of [1, 3, 12]) {
    it(`${n} nodes integrate Z^k exactly for k ≤ ${2 * n - 1}; twin: not Z^${2 * n}`, () => {
      const { nodes, weights } = gaussHermite(n);
      expect(nodes.length).toBe(n);
      for (let k = 0; k <= 2 * n - 1; k++) {
        const exact = k % 2 === 1 ? 0 : doubleFactorial(k - 1);
        expect(Math.abs(moment(nodes, weights, k) - exact), `k = ${k}`).toBeLessThanOrEqual(1e-12 * doubleFactorial(k)); // k!! bounds the terms' size
      }
      const top = doubleFactorial(2 * n - 1);
      expect(Math.abs(moment(nodes, weights, 2 * n) - top) / top).toBeGreaterThan(1e-3);
    });
  }

  it('refuses a node count outside 1…100', () => {
    expect(() => gaussHermite(0)).toThrow(/1 ≤ n ≤ 100/);
    expect(() => gaussHermite(2.5)).toThrow(/1 ≤ n ≤ 100/);
  });
});
