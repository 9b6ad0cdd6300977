import { describe, it, expect } from 'vitest';
import { EulerMaruyama, eulerMaruyama } from '../../../src/dynamics/integrators/euler-maruyama.js';
import { assertCompatible, type DiagonalSde, type GeneralSde } from '../../../src/dynamics/integrators/integrator.js';
import { rngFor } from '../../../src/rng/streams.js';
import { meanAndStdError } from '../../../src/stats/replica-moments.js';

/**
 * The integrator contract with general (non-diagonal) noise: one step is exactly x + f h + scale·(G dW);
 * a diagonal SDE stepped as a general one gives the same bits; an integrator that declares diagonal
 * noise only refuses a general SDE; and on a 2-D OU driven by a 3-D Brownian motion through a full
 * 2×3 matrix C, Euler–Maruyama has its own stationary covariance h Q_ij / (1 − (1 − h a_i)(1 − h a_j))
 * (Q = C Cᵀ; fixed seed, 4σ), and the twin rejects the continuous value Q_ij / (a_i + a_j).
 */
const C = [[1, 0.5, 0], [0.3, 1, 0.7]];
const A = [1, 2];

function ou(): GeneralSde {
  return {
    noise: 'general', dim: 2, brownianDim: 3,
    drift: (x, _t, out) => { out[0] = -A[0] * x[0]; out[1] = -A[1] * x[1]; },
    diffusionProduct: (_x, _t, dW, out) => {
      for (let i = 0; i < 2; i++) out[i] = C[i][0] * dW[0] + C[i][1] * dW[1] + C[i][2] * dW[2];
    },
  };
}

describe('Euler–Maruyama through the integrator contract', () => {
  it('one step with general noise is x + f h + scale · (G dW), bit for bit', () => {
    const x = Float64Array.of(0.7, -1.3);
    const dW = Float64Array.of(0.2, -0.4, 1.1);
    const h = 0.125, scale = Math.sqrt(h);
    const expected = [0, 1].map((i) => x[i] + (-A[i] * x[i] * h + scale * (C[i][0] * dW[0] + C[i][1] * dW[1] + C[i][2] * dW[2])));
    eulerMaruyama.stepper(ou()).step(x, 0, h, dW, scale);
    expect(Array.from(x)).toEqual(expected);
  });

  it('a diagonal SDE stepped as diagonal and as general gives the same bits', () => {
    const g = (x: Float64Array, out: Float64Array) => { out[0] = 0.5 * x[0]; out[1] = 1 + x[1] * x[1]; };
    const f = (x: Float64Array, _t: number, out: Float64Array) => { out[0] = Math.sin(x[1]); out[1] = -x[0]; };
    const diag: DiagonalSde = { noise: 'diagonal', dim: 2, drift: f, diffusion: (x, _t, out) => g(x, out) };
    const gv = new Float64Array(2);
    const general: GeneralSde = {
      noise: 'general', dim: 2, brownianDim: 2, drift: f,
      diffusionProduct: (x, _t, dW, out) => { g(x, gv); out[0] = gv[0] * dW[0]; out[1] = gv[1] * dW[1]; },
    };
    const a = Float64Array.of(0.3, 0.9), b = Float64Array.of(0.3, 0.9), dW = new Float64Array(2);
    const sa = new EulerMaruyama(diag), sb = new EulerMaruyama(general);
    const rng = rngFor(1, 'test-em-contract');
    for (let k = 0; k < 200; k++) {
      rng.fillNormal(dW);
      sa.step(a, k * 0.01, 0.01, dW, 0.1);
      sb.step(b, k * 0.01, 0.01, dW, 0.1);
    }
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('an integrator declaring diagonal noise only refuses a general SDE, naming itself, the noise type and what it integrates; Euler–Maruyama accepts it', () => {
    const diagonalOnly = { ...eulerMaruyama, name: 'diagonal-only', title: 'Diagonal only', noise: { diagonal: eulerMaruyama.noise.diagonal } };
    expect(() => assertCompatible(diagonalOnly, ou())).toThrow(TypeError);
    expect(() => assertCompatible(diagonalOnly, ou())).toThrow(/diagonal-only \(Diagonal only\) integrates diagonal noise only; this SDE declares general noise/);
    expect(() => assertCompatible(eulerMaruyama, ou())).not.toThrow();
  });

  const h = 0.25;
  const q12 = C[0][0] * C[1][0] + C[0][1] * C[1][1] + C[0][2] * C[1][2];
  function stationaryCross(seed: number): { mean: number; stdError: number } {
    const paths = 20000, steps = 120;
    const stepper = eulerMaruyama.stepper(ou());
    const rng = rngFor(seed, 'test-em-general-ou');
    const x = new Float64Array(2), z = new Float64Array(3), v = new Float64Array(paths);
    for (let p = 0; p < paths; p++) {
      x.fill(0);
      for (let k = 0; k < steps; k++) { rng.fillNormal(z); stepper.step(x, k * h, h, z, Math.sqrt(h)); }
      v[p] = x[0] * x[1];
    }
    return meanAndStdError(v);
  }

  it('has its own stationary cross-covariance h Q₁₂ / (1 − (1 − h a₁)(1 − h a₂)) under full 2×3 noise', () => {
    const m = stationaryCross(5);
    const euler = (h * q12) / (1 - (1 - h * A[0]) * (1 - h * A[1]));
    expect(Math.abs(m.mean - euler) / m.stdError).toBeLessThan(4);
  });

  it('twin: the same samples reject the continuous OU value Q₁₂ / (a₁ + a₂)', () => {
    const m = stationaryCross(5);
    expect(Math.abs(m.mean - q12 / (A[0] + A[1])) / m.stdError).toBeGreaterThan(4);
  });
});
