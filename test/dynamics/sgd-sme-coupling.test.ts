import { describe, it, expect } from 'vitest';
import { StreamingQuadratic } from '../../src/models/streaming-quadratic.js';
import { runCoupledSgdSme } from '../../src/dynamics/sgd-sme-coupling.js';
import { EulerMaruyama } from '../../src/dynamics/integrators/euler-maruyama.js';
import { rngFor } from '../../src/rng/streams.js';
import { meanAndStdError } from '../../src/stats/replica-moments.js';
import { sgdExpectedLoss, smeDiffusion, smeDriftRates, smeExpectedLoss, ouExpectedLoss } from '../../src/theory/sme-closed-forms.js';

/**
 * The Li–Tai–E model (docs/theory.md §5): SGD and the SMEs simulated on shared paths against their
 * closed forms (fixed seeds, 4σ); the SME-2 drift −∇(L + (ε/4)|∇L|²) derived numerically from the
 * modified loss and checked by simulation against the closed form, with a twin that rejects
 * SME-1's drift.
 */
const eigenvalues = Float64Array.of(1, 0.5);
const start = Float64Array.of(4, 4);
const model = new StreamingQuadratic(eigenvalues);

describe('Li–Tai–E model', () => {
  it('its mean loss is E_γ ℓ_γ(x) = ½xᵀHx (the −½ tr H cancels E ½γᵀHγ)', () => {
    const rng = rngFor(1, 'test-lte');
    const x = Float64Array.of(0.3, -1.2);
    const g = new Float64Array(2);
    const values = new Float64Array(50000);
    for (let i = 0; i < values.length; i++) { rng.fillNormal(g); values[i] = model.sampleLoss(x, g); }
    const m = meanAndStdError(values);
    expect(Math.abs(m.mean - model.loss(x)) / m.stdError).toBeLessThan(4);
  });
});

describe('SGD coupled to SME-1 and SME-2', () => {
  const lr = 0.05, T = 1, steps = 20;
  const b = smeDiffusion(eigenvalues, lr);
  const sdes = ([1, 2] as const).map((o) => ({ a: smeDriftRates(eigenvalues, lr, o), b }));
  const r = runCoupledSgdSme(model, start, sdes, { lr, steps, paths: 20000, seed: 9, cell: 0 });

  it('SGD: E L(x_K) matches the exact moment recursion', () => {
    expect(Math.abs(r.sgd.mean - sgdExpectedLoss(eigenvalues, start, lr, steps)) / r.sgd.stdError).toBeLessThan(4);
  });

  it('each SME: E L(X_T) matches its closed form, and the paired difference matches the closed-form weak error', () => {
    ([1, 2] as const).forEach((order, j) => {
      const sme = smeExpectedLoss(eigenvalues, start, lr, T, order);
      expect(Math.abs(r.sde[j].loss.mean - sme) / r.sde[j].loss.stdError).toBeLessThan(4);
      const weak = sgdExpectedLoss(eigenvalues, start, lr, steps) - sme;
      expect(Math.abs(r.sde[j].difference.mean - weak) / r.sde[j].difference.stdError).toBeLessThan(4);
    });
  });

  it('the coupling makes the paired difference far less noisy than either loss alone', () => {
    expect(r.sde[1].difference.stdError).toBeLessThan(r.sgd.stdError / 20);
  });
});

describe('SME-2 drift, derived from the modified loss L + (ε/4)|∇L|²', () => {
  const lr = 0.1;
  /** L̃(x) = L(x) + (ε/4)|∇L(x)|² with ∇L = Hx, computed from the model only */
  const modified = (x: Float64Array) => {
    let g2 = 0;
    for (let i = 0; i < 2; i++) g2 += (eigenvalues[i] * x[i]) ** 2;
    return model.loss(x) + (lr / 4) * g2;
  };
  /** −∇L̃ by central differences */
  const drift = (x: Float64Array, out: Float64Array) => {
    const e = 1e-5;
    const y = Float64Array.from(x);
    for (let i = 0; i < 2; i++) {
      y[i] = x[i] + e; const up = modified(y);
      y[i] = x[i] - e; const down = modified(y);
      y[i] = x[i];
      out[i] = -(up - down) / (2 * e);
    }
  };

  it('is −H(I + (ε/2)H)x', () => {
    const x = Float64Array.of(0.7, -2.1);
    const out = new Float64Array(2);
    drift(x, out);
    const a = smeDriftRates(eigenvalues, lr, 2);
    for (let i = 0; i < 2; i++) expect(out[i]).toBeCloseTo(-a[i] * x[i], 6);
  });

  it('simulated by Euler–Maruyama, it has the exact Euler moments of dX = −aX dt + √ε H dW with a = λ(1 + ελ/2); twin: not those of SME-1', () => {
    const h = 0.05, n = 20;
    const diffusion = smeDiffusion(eigenvalues, lr);
    const em = new EulerMaruyama({ noise: 'diagonal', dim: 2, drift: (x, _t, o) => drift(x, o), diffusion: (_x, _t, o) => o.set(diffusion) });
    const rng = rngFor(2, 'test-sme2-em');
    const x = new Float64Array(2), dW = new Float64Array(2);
    const values = new Float64Array(20000);
    for (let p = 0; p < values.length; p++) {
      x.set(start);
      for (let k = 0; k < n; k++) { rng.fillNormal(dW); dW[0] *= Math.sqrt(h); dW[1] *= Math.sqrt(h); em.step(x, k * h, h, dW); }
      values[p] = model.loss(x);
    }
    const m = meanAndStdError(values);
    // Euler–Maruyama on a linear SDE: per coordinate m ← (1 − a h)² m + b² h, exactly
    const emLoss = (a: Float64Array) => {
      let s = 0;
      for (let i = 0; i < 2; i++) {
        let mi = start[i] ** 2;
        for (let k = 0; k < n; k++) mi = (1 - a[i] * h) ** 2 * mi + diffusion[i] ** 2 * h;
        s += 0.5 * eigenvalues[i] * mi;
      }
      return s;
    };
    expect(Math.abs(m.mean - emLoss(smeDriftRates(eigenvalues, lr, 2))) / m.stdError).toBeLessThan(4);
    expect(Math.abs(m.mean - emLoss(smeDriftRates(eigenvalues, lr, 1))) / m.stdError).toBeGreaterThan(4);
    // and those Euler moments tend to the SME-2 closed form as h → 0
    const fine = (a: Float64Array, hh: number, nn: number) => {
      let s = 0;
      for (let i = 0; i < 2; i++) {
        let mi = start[i] ** 2;
        for (let k = 0; k < nn; k++) mi = (1 - a[i] * hh) ** 2 * mi + diffusion[i] ** 2 * hh;
        s += 0.5 * eigenvalues[i] * mi;
      }
      return s;
    };
    const a2 = smeDriftRates(eigenvalues, lr, 2);
    expect(fine(a2, 1e-5, 100000)).toBeCloseTo(ouExpectedLoss(eigenvalues, start, a2, diffusion, 1), 4);
  });
});
