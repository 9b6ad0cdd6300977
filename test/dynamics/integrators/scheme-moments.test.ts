import { describe, it, expect } from 'vitest';
import { eulerMaruyama } from '../../../src/dynamics/integrators/euler-maruyama.js';
import { schemeMoments } from '../../../src/dynamics/integrators/scheme-moments.js';
import {
  gbmEulerMean, gbmMean, gbmPairProblem, gbmProblem, ouEulerSecondMoment, ouProblem, ouSecondMoment,
} from '../../../src/theory/sde-test-problems.js';
import type { DiagonalSde } from '../../../src/dynamics/integrators/integrator.js';

/**
 * The exact moments of a scheme, read off its stepper by quadrature (scheme-moments.ts), checked
 * without sampling against Euler–Maruyama's closed forms (theory/sde-test-problems.ts), relative
 * 1e-12: its second moment on OU and its mean on GBM, with one and two Brownian motions. Twins: the
 * same numbers are not the SDE's exact moments; a step that is not affine in the state is refused.
 */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('schemeMoments', () => {
  const ou = { theta: 1.3, sigma: 0.7, x0: 1.5 };
  const gbm = { mu: 0.8, sigma: 0.6, x0: 1.2 };

  for (const [h, n] of [[0.25, 4], [1 / 64, 64]] as const) {
    it(`Euler–Maruyama on OU: E X_n² = its closed form at h = ${h}, n = ${n}; twin: not the OU value`, () => {
      const m = schemeMoments(eulerMaruyama, ouProblem(ou).sde, ou.x0, h, n);
      expect(rel(m.secondMoment, ouEulerSecondMoment(ou, h, n))).toBeLessThan(1e-12);
      expect(rel(m.secondMoment, ouSecondMoment(ou, h * n))).toBeGreaterThan(1e-4);
    });

    it(`Euler–Maruyama on GBM, one and two noises: E X_n = x₀(1 + μh)ⁿ at h = ${h}, n = ${n}; twin: not x₀e^{μT}`, () => {
      for (const sde of [gbmProblem(gbm).sde, gbmPairProblem({ ...gbm, sigma: [0.36, 0.48] }).sde]) {
        const m = schemeMoments(eulerMaruyama, sde, gbm.x0, h, n);
        expect(rel(m.mean, gbmEulerMean(gbm, h, n))).toBeLessThan(1e-12);
        expect(rel(m.mean, gbmMean(gbm, h * n))).toBeGreaterThan(1e-4);
      }
    });
  }

  it('refuses a scheme whose step is not affine in the state', () => {
    const nonlinear: DiagonalSde = { noise: 'diagonal', dim: 1, drift: (x, _t, out) => { out[0] = -x[0] * x[0] * x[0]; }, diffusion: (_x, _t, out) => { out[0] = 1; } };
    expect(() => schemeMoments(eulerMaruyama, nonlinear, 1, 0.1, 3)).toThrow(/not affine/);
  });
});
