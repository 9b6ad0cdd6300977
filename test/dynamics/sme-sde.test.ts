import { describe, it, expect } from 'vitest';
import { buildQuadratic } from '../../src/models/quadratic.js';
import { smeSde } from '../../src/dynamics/sme-sde.js';
import { eulerMaruyama } from '../../src/dynamics/integrators/euler-maruyama.js';
import { buildModel, modelSpecSchema } from '../../src/models/registry.js';
import type { AdditiveSde, GeneralSde } from '../../src/dynamics/integrators/integrator.js';

/**
 * SGD's SME as an SDE for the integrators, checked exactly (no sampling): G is recovered column by
 * column from the products G e_k, and G Gᵀ must equal the diffusion per unit time ε_eff c S(ω)
 * (relative 1e-10: the Cholesky ridge is 1e-14); the drift is −∇L. Twins: the same G Gᵀ differs from
 * ε c S by the factor 1/(1 − m) under momentum, so a missing ε_eff would fail. With state-dependent
 * noise (logistic regression with weight decay, N Brownian motions) S(ω) comes independently from the
 * per-example gradients, and the fused one-pass form must agree with drift and diffusionProduct.
 */
function diffusionGram(sde: AdditiveSde | GeneralSde, x: Float64Array): Float64Array {
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

/** The SDE as a general-noise one (it must declare general noise). */
function generalNoise(sde: AdditiveSde | GeneralSde): GeneralSde {
  if (sde.noise !== 'general') throw new Error(`expected general noise, got ${sde.noise}`);
  return sde;
}

function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0, diff = 0;
  for (let i = 0; i < a.length; i++) { scale = Math.max(scale, Math.abs(b[i])); diff = Math.max(diff, Math.abs(a[i] - b[i])); }
  return diff / scale;
}

describe('smeSde, additive noise (constant S: Cholesky factor)', () => {
  const loss = buildQuadratic({ kind: 'quadratic', dim: 3, n: 10, spectrum: [2, 1, 0.5], noise: { shape: 'hessian', variance: 0.7 }, rotate: true }, 4);
  const lr = 0.1, c = 0.3, momentum = 0.5, lrEff = lr / (1 - momentum);
  const sde = smeSde(loss, { lr, momentum, noiseFactor: c, smeOrder: 1 });
  const x = Float64Array.of(0.3, -0.2, 0.9);
  const s = loss.constantGradientCovariance();

  it('G Gᵀ = ε_eff c S, with one Brownian motion per coordinate; the SDE declares additive noise', () => {
    expect(sde.noise).toBe('additive');
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

describe('smeSde, general noise (one Brownian motion per example) and its fused form', () => {
  const spec = modelSpecSchema.parse({ kind: 'logistic-regression', lambda: 10, data: { synthetic: { features: 2, trainPerClass: 8, testPerClass: 0, separation: 2 } } });
  const loss = buildModel(spec, { seed: 3, baseDir: '.' });
  const n = loss.n, d = loss.dim;
  const lr = 0.05, c = 0.2, momentum = 0.3, lrEff = lr / (1 - momentum);
  const sde = generalNoise(smeSde(loss, { lr, momentum, noiseFactor: c, smeOrder: 1 }));
  const x = Float64Array.from({ length: d }, (_, j) => 0.4 - 0.3 * j);

  /** S(ω) = (1/N) Σ_i (∇ℓ_i − ∇L)(∇ℓ_i − ∇L)ᵀ from the per-example gradients, independently of the SDE */
  function gradientCovariance(): Float64Array {
    const g = new Float64Array(n * d), mean = new Float64Array(d), s = new Float64Array(d * d);
    loss.exampleGradients!(x, g);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += g[i * d + j] / n;
    for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
      s[a * d + b] += ((g[i * d + a] - mean[a]) * (g[i * d + b] - mean[b])) / n;
    }
    return s;
  }

  it('G(ω) Gᵀ(ω) = ε_eff c S(ω) with N Brownian motions, general noise as the model declares; twin: not ε c S(ω)', () => {
    expect(loss.noise).toBe('general');
    expect(sde.brownianDim).toBe(n);
    const gram = diffusionGram(sde, x), s = gradientCovariance();
    expect(maxRelativeDifference(gram, s.map((v) => v * lrEff * c))).toBeLessThan(1e-10);
    expect(maxRelativeDifference(gram, s.map((v) => v * lr * c))).toBeGreaterThan(0.2);
  });

  it('the fused form agrees with drift and diffusionProduct (weight decay included), and one fused EM step with the unfused one', () => {
    const form = sde.weightedSum!;
    expect(form.count).toBe(n);
    const f = new Float64Array(d), fused = new Float64Array(d);
    sde.drift(x, 0, f);
    form.combine(x, 0, form.driftWeights, fused);
    expect(maxRelativeDifference(fused, f)).toBeLessThan(1e-12);
    const z = Float64Array.from({ length: n }, (_, i) => Math.sin(3 * i + 1));
    const h = 0.01, a = Float64Array.from(x), b = Float64Array.from(x);
    eulerMaruyama.stepper(sde).step(a, 0, h, z, Math.sqrt(h));
    eulerMaruyama.stepper({ ...sde, weightedSum: undefined }).step(b, 0, h, z, Math.sqrt(h));
    const stepA = a.map((v, j) => v - x[j]), stepB = b.map((v, j) => v - x[j]);
    expect(maxRelativeDifference(stepA, stepB)).toBeLessThan(1e-12);
    // twin: dropping the drift weights moves the step by h·∇L, far above rounding
    const noDrift = eulerMaruyama.stepper({ ...sde, weightedSum: { ...form, driftWeights: new Float64Array(n) } });
    const c0 = Float64Array.from(x);
    noDrift.step(c0, 0, h, z, Math.sqrt(h));
    expect(maxRelativeDifference(c0.map((v, j) => v - x[j]), stepB)).toBeGreaterThan(1e-3);
  });

  it('SME-2 has no fused form (its drift is not a per-example sum) and needs m = 0', () => {
    expect(generalNoise(smeSde(loss, { lr, momentum: 0, noiseFactor: c, smeOrder: 2 })).weightedSum).toBeUndefined();
    expect(() => smeSde(loss, { lr, momentum, noiseFactor: c, smeOrder: 2 })).toThrow(/m = 0/);
  });
});
