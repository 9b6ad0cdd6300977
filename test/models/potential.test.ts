import { describe, it, expect } from 'vitest';
import { buildPotential, potentialSpecSchema, SHARP_BROAD_LANDSCAPE } from '../../src/models/potential.js';
import { buildModel, modelSpecSchema } from '../../src/models/registry.js';

const spec = potentialSpecSchema.parse({ kind: 'potential', n: 50, noise: { variance: 2.5 } });

describe('potential model', () => {
  it('is registered and defaults to the shipped sharp-and-broad landscape', () => {
    const parsed = modelSpecSchema.parse({ kind: 'potential', n: 50, noise: { variance: 2.5 } });
    const loss = buildModel(parsed, { seed: 3, baseDir: '.' });
    expect(loss.kind).toBe('potential');
    expect(loss.dim).toBe(2);
    expect(spec.loss).toBe(SHARP_BROAD_LANDSCAPE.loss);
  });

  it('offsets are centred and exactly whitened: Σ a_i = 0 and (1/N) Σ a_i a_iᵀ = σ² I', () => {
    const m = buildPotential(spec, 7);
    const d = 2;
    const mean = [0, 0];
    const cov = [0, 0, 0, 0];
    for (let i = 0; i < m.n; i++) for (let p = 0; p < d; p++) {
      mean[p] += m.offsets[i * d + p] / m.n;
      for (let q = 0; q < d; q++) cov[p * d + q] += (m.offsets[i * d + p] * m.offsets[i * d + q]) / m.n;
    }
    expect(Math.abs(mean[0]) + Math.abs(mean[1])).toBeLessThan(1e-12);
    expect(cov[0]).toBeCloseTo(2.5, 12);
    expect(cov[3]).toBeCloseTo(2.5, 12);
    expect(cov[1]).toBeCloseTo(0, 12);
  });

  it('minibatch, per-example and full gradients are consistent', () => {
    const m = buildPotential(spec, 7);
    const w = Float64Array.from([0.3, -0.2]);
    const full = new Float64Array(2);
    m.gradient(w, full);
    const all = new Float64Array(m.n * 2);
    m.exampleGradients(w, all);
    const idx = Int32Array.from([3, 11, 42]);
    const batch = new Float64Array(2);
    m.batchGradient(w, idx, 3, batch);
    for (let j = 0; j < 2; j++) {
      let mean = 0;
      for (let i = 0; i < m.n; i++) mean += all[i * 2 + j] / m.n;
      expect(mean).toBeCloseTo(full[j], 12);
      expect(batch[j]).toBeCloseTo((all[3 * 2 + j] + all[11 * 2 + j] + all[42 * 2 + j]) / 3, 12);
    }
    // Σ z_i ∇ℓ_i
    const z = Float64Array.from({ length: m.n }, (_, i) => Math.sin(i));
    const ws = new Float64Array(2);
    m.weightedGradientSum(w, z, ws);
    for (let j = 0; j < 2; j++) {
      let s = 0;
      for (let i = 0; i < m.n; i++) s += z[i] * all[i * 2 + j];
      expect(ws[j]).toBeCloseTo(s, 10);
    }
  });

  it('the test loss is the training loss shifted', () => {
    const m = buildPotential(spec, 1);
    const w = Float64Array.from([0.5, 0.25]);
    expect(m.testLoss(w)).toBeCloseTo(m.loss(Float64Array.from([0.5, 0])), 14);
  });

  it('a 1-D potential with its own test expression', () => {
    const one = potentialSpecSchema.parse({ kind: 'potential', variables: ['x'], loss: '(x^2 - 1)^2', test: { loss: '(x^2 - 1.1)^2' }, domain: [[-3, 3]], n: 20, noise: { variance: 1 } });
    const m = buildPotential(one, 2);
    expect(m.dim).toBe(1);
    expect(m.testLoss(Float64Array.from([1]))).toBeCloseTo(0.01, 14);
    expect(m.hessian(Float64Array.from([1]))[0]).toBeCloseTo(8, 12);
  });
});
