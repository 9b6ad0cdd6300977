import { describe, it, expect } from 'vitest';
import { DiagonalOuExact } from '../../src/dynamics/ou-exact.js';
import { EulerMaruyama, eulerMaruyama } from '../../src/dynamics/integrators/euler-maruyama.js';
import type { DiagonalSde } from '../../src/dynamics/integrators/integrator.js';
import { runConvergenceStudy } from '../../src/dynamics/convergence-study.js';
import { rngFor } from '../../src/rng/streams.js';
import { meanAndStdError } from '../../src/stats/replica-moments.js';
import { gbmEulerMean, gbmMean, gbmSolution, ouEulerSecondMoment, ouSecondMoment } from '../../src/theory/sde-test-problems.js';

/**
 * The scalar/diagonal solvers against closed forms, fixed seeds, 4σ: the exact OU stepper has the
 * OU law for any step (also when one coarse step replaces many fine ones), Euler–Maruyama has its
 * own exact moments on OU and GBM, and the convergence driver's coarse levels are sums of the fine
 * increments (a level with the fine step reproduces a direct run bit for bit).
 */
const M = 20000;

function sample(f: (rng: ReturnType<typeof rngFor>) => number, seed: number, count = M): { mean: number; stdError: number } {
  const rng = rngFor(seed, 'test-sde-solvers');
  const values = new Float64Array(count);
  for (let p = 0; p < count; p++) values[p] = f(rng);
  return meanAndStdError(values);
}

describe('DiagonalOuExact', () => {
  const theta = 0.8, sigma = 0.6, x0 = 1.5, T = 2;
  const p = { theta, sigma, x0 };
  for (const steps of [1, 4, 40]) {
    it(`E X_T² after ${steps} exact step(s) equals the OU value (exact in law for any h)`, () => {
      const stepper = new DiagonalOuExact([theta], [sigma], T / steps);
      const x = new Float64Array(1), z = new Float64Array(1), r = new Float64Array(1);
      const m = sample((rng) => {
        x[0] = x0;
        for (let k = 0; k < steps; k++) { z[0] = rng.normal(); r[0] = rng.normal(); stepper.step(x, z, r); }
        return x[0] * x[0];
      }, steps);
      expect(Math.abs(m.mean - ouSecondMoment(p, T)) / m.stdError).toBeLessThan(4);
    });
  }

  it('twin: the same samples reject Euler–Maruyama’s second moment at h = T', () => {
    const stepper = new DiagonalOuExact([theta], [sigma], T);
    const x = new Float64Array(1), z = new Float64Array(1), r = new Float64Array(1);
    const m = sample((rng) => { x[0] = x0; z[0] = rng.normal(); r[0] = rng.normal(); stepper.step(x, z, r); return x[0] * x[0]; }, 1);
    expect(Math.abs(m.mean - ouEulerSecondMoment(p, T, 1)) / m.stdError).toBeGreaterThan(4);
  });

  it('with a = 0 it is Brownian motion: X += b ΔW, and the extra normal r is unused', () => {
    const stepper = new DiagonalOuExact([0], [2], 0.25);
    const x = Float64Array.of(1);
    stepper.step(x, Float64Array.of(0.5), Float64Array.of(123));
    expect(x[0]).toBeCloseTo(1 + 2 * Math.sqrt(0.25) * 0.5, 14);
  });
});

describe('Euler–Maruyama', () => {
  const gbmP = { mu: 0.7, sigma: 0.5, x0: 1 };
  const gbm: DiagonalSde = { noise: 'diagonal', dim: 1, drift: (x, _t, o) => { o[0] = gbmP.mu * x[0]; }, diffusion: (x, _t, o) => { o[0] = gbmP.sigma * x[0]; } };

  function emTerminal(sde: DiagonalSde, x0: number, h: number, n: number, rng: ReturnType<typeof rngFor>): number {
    const em = new EulerMaruyama(sde);
    const x = Float64Array.of(x0), dW = new Float64Array(1);
    for (let k = 0; k < n; k++) { dW[0] = Math.sqrt(h) * rng.normal(); em.step(x, k * h, h, dW); }
    return x[0];
  }

  it('has its exact second moment on OU, (1 − θh)² m + σ²h per step, at a coarse step', () => {
    const coarse: DiagonalSde = { noise: 'diagonal', dim: 1, drift: (x, _t, o) => { o[0] = -x[0]; }, diffusion: (_x, _t, o) => { o[0] = 1; } };
    const p = { theta: 1, sigma: 1, x0: 0.5 };
    const h = 0.5, n = 8;
    const m = sample((rng) => emTerminal(coarse, p.x0, h, n, rng) ** 2, 11);
    expect(Math.abs(m.mean - ouEulerSecondMoment(p, h, n)) / m.stdError).toBeLessThan(4);
    // twin: at θh = 1/2 Euler's variance is σ²/(θ(2 − θh)), a third above the OU value σ²/(2θ)
    expect(Math.abs(m.mean - ouSecondMoment(p, h * n)) / m.stdError).toBeGreaterThan(4);
  });

  it('has its exact mean x₀(1 + μh)ⁿ on GBM', () => {
    const h = 0.25, n = 8;
    const m = sample((rng) => emTerminal(gbm, 1, h, n, rng), 12, 60000);
    expect(Math.abs(m.mean - gbmEulerMean(gbmP, h, n)) / m.stdError).toBeLessThan(4);
    expect(Math.abs(m.mean - gbmMean(gbmP, h * n)) / m.stdError).toBeGreaterThan(4);
  });

  it('the convergence driver: coarse increments are sums of fine ones, errors are measured against the exact GBM path', () => {
    let w = 0;
    const study = runConvergenceStudy({
      sde: gbm,
      integrator: eulerMaruyama,
      reference: { reset() { w = 0; }, advance(dW) { w += dW[0]; }, value: () => gbmSolution(gbmP, 1, w) },
      x0: 1, horizon: 1, steps: [4, 8, 64], weak: (x) => x, paths: 3000, seed: 4, cell: 0,
    });
    // E|e| shrinks with h, and the paired weak error agrees with the closed form at each level
    expect(study.strong.map((s) => meanAndStdError(s).mean)).toEqual([...study.strong.map((s) => meanAndStdError(s).mean)].sort((a, b) => b - a));
    study.steps.forEach((n, l) => {
      const m = meanAndStdError(study.weak[l]);
      expect(Math.abs(m.mean - (gbmEulerMean(gbmP, 1 / n, n) - gbmMean(gbmP, 1))) / m.stdError).toBeLessThan(4);
    });
    expect(() => runConvergenceStudy({ sde: gbm, integrator: eulerMaruyama, reference: { reset() {}, advance() {}, value: () => 0 }, x0: 1, horizon: 1, steps: [3, 8], weak: (x) => x, paths: 1, seed: 1, cell: 0 })).toThrow(/divide/);
  });
});
