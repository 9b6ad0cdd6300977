import { describe, it, expect } from 'vitest';
import type { Loss } from '../../src/models/loss.js';
import { newtonMinimum } from '../../src/theory/minimum.js';
import { NumericalError } from '../../src/errors.js';

/**
 * L(ω) = Σ_j (cosh(ω_j − a_j) − 1) + ½|ω|²/10: smooth and strictly convex, minimum ω* solving
 * sinh(ω_j − a_j) + ω_j/10 = 0 (no closed form), so Newton needs several steps from afar.
 * `flipGradient` plants a wrong gradient (uphill), `hessianScale` a wrong curvature.
 */
function coshLoss(a: number[], planted: { flipGradient?: boolean; hessianScale?: number } = {}): Loss {
  const d = a.length;
  return {
    kind: 'cosh-test', dim: d, n: 1, noise: 'additive',
    loss: (w) => a.reduce((t, aj, j) => t + Math.cosh(w[j] - aj) - 1 + (w[j] * w[j]) / 20, 0),
    gradient(w, out) {
      for (let j = 0; j < d; j++) out[j] = (planted.flipGradient ? -1 : 1) * (Math.sinh(w[j] - a[j]) + w[j] / 10);
    },
    batchGradient() {
      throw new Error('not used');
    },
    hessian(w) {
      const h = new Float64Array(d * d);
      for (let j = 0; j < d; j++) h[j * d + j] = (planted.hessianScale ?? 1) * (Math.cosh(w[j] - a[j]) + 0.1);
      return h;
    },
  };
}

describe('newtonMinimum (theory/minimum.ts)', () => {
  const a = [3, -2];
  const start = new Float64Array([8, 6]);

  it('converges to the stationary point of a convex loss without a closed form', () => {
    const w = newtonMinimum(coshLoss(a), start);
    for (let j = 0; j < a.length; j++) expect(Math.abs(Math.sinh(w[j] - a[j]) + w[j] / 10)).toBeLessThan(1e-10);
  });

  it('raises NumericalError when the iterations run out before convergence (it used to return quietly)', () => {
    expect(() => newtonMinimum(coshLoss(a), start, { maxIterations: 2 })).toThrow(NumericalError);
    expect(() => newtonMinimum(coshLoss(a), start, { maxIterations: 2 })).toThrow(/did not converge in 2 iterations: the gradient is still/);
  });

  it('raises NumericalError when no step decreases the loss far from the minimum (a planted curvature 10⁻³⁰ too small)', () => {
    // the Newton step is then ~10³⁰ too long: even 2⁻⁶⁰ of it raises the loss, so the line search finds nothing
    expect(() => newtonMinimum(coshLoss(a, { hessianScale: 1e-30 }), start)).toThrow(NumericalError);
    expect(() => newtonMinimum(coshLoss(a, { hessianScale: 1e-30 }), start)).toThrow(/stalled at iteration 1: no step along the Newton direction decreases the loss/);
  });

  it('raises NumericalError for a planted uphill gradient (it never reaches a zero gradient)', () => {
    expect(() => newtonMinimum(coshLoss(a, { flipGradient: true }), start)).toThrow(NumericalError);
  });

  it('twin: started at the minimum it returns at once, without error', () => {
    const w = newtonMinimum(coshLoss(a), start);
    expect(Array.from(newtonMinimum(coshLoss(a), w))).toEqual(Array.from(w));
  });
});
