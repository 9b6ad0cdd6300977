import { describe, it, expect } from 'vitest';
import { buildQuadratic } from '../../src/models/quadratic.js';
import { smeSde } from '../../src/dynamics/sme-sde.js';
import type { GeneralSde } from '../../src/dynamics/integrators/integrator.js';

/**
 * SGD's SME as an SDE for the integrators, checked exactly (no sampling): G is recovered column by
 * column from the products G e_k, and G Gᵀ must equal the diffusion per unit time ε_eff c S(ω)
 * (relative 1e-10: the Cholesky ridge is 1e-14); the drift is −∇L. Twins: the same G Gᵀ differs from
 * ε c S by the factor 1/(1 − m) under momentum, so a missing ε_eff would fail.
 */
function diffusionGram(sde: GeneralSde, x: Float64Array): Float64Array {
  const d = sde.dim, m = sde.brownianDim;
  const cols = new Float64Array(d * m), e = new Float64Array(m), out = new Float64Array(d);
  for (let k = 0; k < m; k++) {
    e.fill(0); e[k] = 1;
    sde.diffusionProduct(x, 0, e, out);
    for (let i = 0; i < d; i++) cols[i * m + k] = out[i];
  }
  const gram = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += cols[i * m + k] * cols[j * m + k];
    gram[i * d + j] = s;
  }
  return gram;
}

function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0, diff = 0;
  for (let i = 0; i < a.length; i++) { scale = Math.max(scale, Math.abs(b[i])); diff = Math.max(diff, Math.abs(a[i] - b[i])); }
  return diff / scale;
}

describe('smeSde, additive noise (constant S: Cholesky factor)', () => {
  const loss = buildQuadratic({ kind: 'quadratic', dim: 3, n: 10, spectrum: [2, 1, 0.5], noise: { shape: 'hessian', variance: 0.7 }, rotate: true }, 4);
  const lr = 0.1, c = 0.3, momentum = 0.5, lrEff = lr / (1 - momentum);
  const sde = smeSde(loss, { lr, momentum, noiseFactor: c, order: 1 });
  const x = Float64Array.of(0.3, -0.2, 0.9);
  const s = loss.constantGradientCovariance();

  it('G Gᵀ = ε_eff c S, with one Brownian motion per coordinate', () => {
    expect(sde.brownianDim).toBe(3);
    expect(maxRelativeDifference(diffusionGram(sde, x), s.map((v) => v * lrEff * c))).toBeLessThan(1e-10);
  });

  it('twin: G Gᵀ is not ε c S (momentum enters through ε_eff)', () => {
    expect(maxRelativeDifference(diffusionGram(sde, x), s.map((v) => v * lr * c))).toBeGreaterThan(0.4);
  });

  it('the drift is −∇L', () => {
    const f = new Float64Array(3), g = new Float64Array(3);
    sde.drift(x, 0, f);
    loss.gradient(x, g);
    expect(Array.from(f)).toEqual(Array.from(g, (v) => -v));
  });
});
