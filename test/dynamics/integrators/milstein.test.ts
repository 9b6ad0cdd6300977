import { describe, it, expect } from 'vitest';
import { milstein } from '../../../src/dynamics/integrators/milstein.js';
import { eulerMaruyama } from '../../../src/dynamics/integrators/euler-maruyama.js';
import { schemeMoments } from '../../../src/dynamics/integrators/scheme-moments.js';
import { gbmProblem, ouProblem } from '../../../src/theory/sde-test-problems.js';
import type { DiagonalSde } from '../../../src/dynamics/integrators/integrator.js';

/**
 * Milstein's step, exactly (no sampling; its orders are measured by contract.test.ts): one step on a
 * two-dimensional diagonal SDE is x + f h + g ΔW + ½ g ∂g/∂x (ΔW² − h), bit for bit; on additive
 * noise it is Euler–Maruyama's step, bit for bit; on GBM its second moment after n steps is
 * x₀² ((1 + μh)² + σ²h + σ⁴h²/2)ⁿ (relative 1e-12), and the twin rejects Euler–Maruyama's
 * x₀² ((1 + μh)² + σ²h)ⁿ, so the correction term is there with its factor ½.
 */
describe('Milstein', () => {
  it('one step on diagonal noise is x + f h + g ΔW + ½ g ∂g/∂x (ΔW² − h), bit for bit', () => {
    const sde: DiagonalSde = {
      noise: 'diagonal', dim: 2,
      drift: (x, _t, out) => { out[0] = Math.sin(x[1]); out[1] = -x[0]; },
      diffusion: (x, _t, out) => { out[0] = 0.5 * x[0]; out[1] = 1 + x[1] * x[1]; },
      diffusionDerivative: (x, _t, out) => { out[0] = 0.5; out[1] = 2 * x[1]; },
    };
    const x = Float64Array.of(0.7, -1.3), dW = Float64Array.of(0.4, -1.1);
    const h = 0.125, scale = Math.sqrt(h);
    const f = [Math.sin(x[1]), -x[0]], g = [0.5 * x[0], 1 + x[1] * x[1]], dg = [0.5, 2 * x[1]];
    const expected = [0, 1].map((i) => {
      const w = scale * dW[i];
      return x[i] + (f[i] * h + g[i] * w + 0.5 * g[i] * dg[i] * (w * w - h));
    });
    milstein.stepper(sde).step(x, 0, h, dW, scale);
    expect(Array.from(x)).toEqual(expected);
  });

  it('on additive noise it takes Euler–Maruyama’s step, bit for bit', () => {
    const sde = ouProblem({ theta: 0.8, sigma: 0.6, x0: 1 }).sde;
    const a = Float64Array.of(1.1), b = Float64Array.of(1.1), dW = Float64Array.of(-0.37);
    milstein.stepper(sde).step(a, 0, 0.1, dW, Math.sqrt(0.1));
    eulerMaruyama.stepper(sde).step(b, 0, 0.1, dW, Math.sqrt(0.1));
    expect(a[0]).toBe(b[0]);
  });

  it('has its own second moment on GBM, x₀²((1 + μh)² + σ²h + σ⁴h²/2)ⁿ; twin: not Euler–Maruyama’s', () => {
    const p = { mu: 0.8, sigma: 0.9, x0: 1.3 }, h = 0.25, n = 6;
    const m = schemeMoments(milstein, gbmProblem(p).sde, p.x0, h, n);
    const own = p.x0 ** 2 * ((1 + p.mu * h) ** 2 + p.sigma ** 2 * h + 0.5 * p.sigma ** 4 * h * h) ** n;
    const euler = p.x0 ** 2 * ((1 + p.mu * h) ** 2 + p.sigma ** 2 * h) ** n;
    expect(Math.abs(m.secondMoment - own) / own).toBeLessThan(1e-12);
    expect(Math.abs(m.secondMoment - euler) / euler).toBeGreaterThan(1e-3);
  });
});
