import { describe, it, expect } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { Mlp, type MlpOptions } from '../../src/models/mlp.js';
import type { KernelBackend } from '../../src/linalg/f32-arena.js';
import { rngFor } from '../../src/rng/streams.js';

/**
 * The MLP's minibatch gradient against central finite differences of a float64 reference of the
 * same loss (written out here from the definition: ReLU layer, softmax cross-entropy, mean over the
 * batch, + (λ/2N)|ω|²), evaluated at the model's float32 parameters. Step δ = 1e-4 in float64:
 * truncation O(δ²) ≈ 1e-8, far below the float32 error of the model's gradient (≈ 1e-6 relative).
 * Tolerance: |g_model − g_fd| ≤ 2e-6 + 1e-5 |g_fd| per coordinate (observed worst: about 3 % of it). A ReLU kink within δ of a
 * pre-activation would spoil the difference; the test data keep all of them farther away (checked).
 */
function syntheticData(n: number, d: number, k: number, zeroFraction: number, seed: number): Dataset {
  const rng = rngFor(seed, 'test-mlp-data');
  const x = new Float64Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform() < zeroFraction ? 0 : Math.fround(rng.uniform());
  const y = Float64Array.from({ length: n }, () => rng.int(k));
  return { n, d, x, y };
}

/** float64 mean loss over rows `idx` at parameters p (layout of Mlp), plus (wd/2)|p|²; also the smallest |pre-activation|. */
function referenceLoss(p: Float64Array, data: Dataset, idx: Int32Array, h: number, k: number, wd: number): { loss: number; minPre: number } {
  const d = data.d;
  const o1 = d * h, o2 = o1 + h, o3 = o2 + h * k;
  let total = 0, minPre = Infinity;
  const hid = new Float64Array(h), out = new Float64Array(k);
  for (const i of idx) {
    for (let j = 0; j < h; j++) {
      let a = p[o1 + j];
      for (let q = 0; q < d; q++) a += data.x[i * d + q] * p[q * h + j];
      minPre = Math.min(minPre, Math.abs(a));
      hid[j] = Math.max(a, 0);
    }
    for (let c = 0; c < k; c++) {
      let o = p[o3 + c];
      for (let j = 0; j < h; j++) o += hid[j] * p[o2 + j * k + c];
      out[c] = o;
    }
    const max = Math.max(...out);
    let z = 0;
    for (let c = 0; c < k; c++) z += Math.exp(out[c] - max);
    total += Math.log(z) - (out[data.y[i]] - max);
  }
  let sq = 0;
  for (const v of p) sq += v * v;
  return { loss: total / idx.length + 0.5 * wd * sq, minPre };
}

interface Check { worst: number; lossError: number; minPre: number }

function gradientCheck(opts: { hidden: number; inputs: MlpOptions['inputs']; backend: KernelBackend; lambda: number; wdReference?: number; d?: number; k?: number }): Check {
  const n = 12, d = opts.d ?? 20, k = opts.k ?? 3;
  const data = syntheticData(n, d, k, 0.5, 11);
  const model = new Mlp({ hidden: opts.hidden, train: data, classes: k, maxBatch: 8, lambda: opts.lambda, inputs: opts.inputs, backend: opts.backend });
  expect(model.backend).toBe(opts.backend);
  expect(model.sparseInputs).toBe(opts.inputs === 'sparse');
  model.init(5);
  const rng = rngFor(6, 'test-mlp-perturb');
  for (const part of [model.b1, model.b2]) for (let i = 0; i < part.length; i++) part[i] = 0.1 * rng.normal(); // non-zero biases
  const idx = new Int32Array([3, 0, 7, 7, 11, 2, 5]); // a repeated row too
  const loss = model.batchGradient(idx, idx.length);
  const wd = opts.wdReference ?? opts.lambda / n;
  const p = Float64Array.from(model.params);
  const base = referenceLoss(p, data, idx, opts.hidden, k, wd);
  const lossError = Math.abs(loss + 0.5 * wd * p.reduce((s, v) => s + v * v, 0) - base.loss);
  let worst = 0;
  const delta = 1e-4;
  for (let i = 0; i < p.length; i++) {
    const keep = p[i];
    p[i] = keep + delta; const up = referenceLoss(p, data, idx, opts.hidden, k, wd).loss;
    p[i] = keep - delta; const down = referenceLoss(p, data, idx, opts.hidden, k, wd).loss;
    p[i] = keep;
    const fd = (up - down) / (2 * delta);
    worst = Math.max(worst, Math.abs(model.grad[i] - fd) / (2e-6 + 1e-5 * Math.abs(fd)));
  }
  return { worst, lossError, minPre: base.minPre };
}

describe('Mlp gradient', () => {
  for (const backend of ['wasm', 'js'] as const) {
    for (const inputs of ['dense', 'sparse'] as const) {
      for (const hidden of [9, 16]) {
        it(`matches finite differences (${backend}, ${inputs} inputs, h = ${hidden}, λ = 0 and 0.3)`, () => {
          for (const lambda of [0, 0.3]) {
            const c = gradientCheck({ hidden, inputs, backend, lambda });
            expect(c.minPre).toBeGreaterThan(1e-3); // no kink within δ
            expect(c.lossError).toBeLessThan(1e-5);
            expect(c.worst).toBeLessThanOrEqual(1);
          }
        });
      }
    }
  }

  it('the check has teeth: λ in the mean convention (wd = λ instead of λ/N) fails it', () => {
    expect(gradientCheck({ hidden: 9, inputs: 'dense', backend: 'wasm', lambda: 0.3, wdReference: 0.3 }).worst).toBeGreaterThan(10);
  });

  it('the 10-class output layer (k not a multiple of 4) also checks', () => {
    const c = gradientCheck({ hidden: 11, inputs: 'sparse', backend: 'wasm', lambda: 0.1, k: 10 });
    expect(c.minPre).toBeGreaterThan(1e-3);
    expect(c.worst).toBeLessThanOrEqual(1);
  });
});

describe('Mlp', () => {
  it('initialises as documented: W1 ~ N(0, 2/d), W2 ~ N(0, 1/h), zero biases, seeded', () => {
    const data = syntheticData(4, 784, 10, 0.8, 1);
    const m = new Mlp({ hidden: 800, train: data, classes: 10, maxBatch: 4 });
    m.init(3);
    const sd = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
    // standard error of a sample sd ≈ σ/√(2n): 627 200 and 8000 draws, tolerance 5 of them
    expect(Math.abs(sd(m.w1) / Math.sqrt(2 / 784) - 1)).toBeLessThan(5 / Math.sqrt(2 * m.w1.length));
    expect(Math.abs(sd(m.w2) / Math.sqrt(1 / 800) - 1)).toBeLessThan(5 / Math.sqrt(2 * m.w2.length));
    expect(m.b1.every((v) => v === 0) && m.b2.every((v) => v === 0)).toBe(true);
    const again = new Mlp({ hidden: 800, train: data, classes: 10, maxBatch: 4 });
    again.init(3);
    expect(Array.from(again.params)).toEqual(Array.from(m.params));
    again.init(4);
    expect(again.params[0]).not.toBe(m.params[0]);
  });

  it('evaluate: accuracy and mean cross-entropy agree with the reference; sparse, dense and JS agree', () => {
    const data = syntheticData(300, 30, 4, 0.7, 2); // 300 rows: more than one evaluation chunk
    const results = (['dense', 'sparse'] as const).flatMap((inputs) => (['wasm', 'js'] as const).map((backend) => {
      const m = new Mlp({ hidden: 20, train: data, classes: 4, maxBatch: 10, inputs, backend });
      m.init(8);
      return { m, ev: m.evaluate(data) };
    }));
    const p = Float64Array.from(results[0].m.params);
    const all = Int32Array.from({ length: data.n }, (_, i) => i);
    expect(results[0].ev.loss).toBeCloseTo(referenceLoss(p, data, all, 20, 4, 0).loss, 5);
    for (const r of results) {
      expect(r.ev.loss).toBeCloseTo(results[0].ev.loss, 5);
      expect(r.ev.accuracy).toBe(results[0].ev.accuracy);
    }
  });

  it('helper threads change nothing: gradients and evaluation bit-identical with threads = 2', () => {
    const data = syntheticData(200, 784, 10, 0.6, 9);
    for (const inputs of ['dense', 'sparse'] as const) {
      const one = new Mlp({ hidden: 256, train: data, classes: 10, maxBatch: 100, inputs });
      const two = new Mlp({ hidden: 256, train: data, classes: 10, maxBatch: 100, inputs, threads: 2 });
      try {
        one.init(2); two.init(2);
        const idx = Int32Array.from({ length: 100 }, (_, i) => (i * 13) % 200);
        expect(two.batchGradient(idx, 100)).toBe(one.batchGradient(idx, 100));
        expect(Buffer.from(two.grad.buffer, two.grad.byteOffset, two.grad.byteLength)
          .equals(Buffer.from(one.grad.buffer, one.grad.byteOffset, one.grad.byteLength))).toBe(true);
        expect(two.evaluate(data)).toEqual(one.evaluate(data));
      } finally {
        two.close();
      }
    }
  });

  it('a non-finite network predicts nothing: accuracy 0, loss NaN', () => {
    const data = syntheticData(20, 8, 3, 0, 3);
    const m = new Mlp({ hidden: 4, train: data, classes: 3, maxBatch: 4 });
    m.init(1);
    m.b2.fill(Number.NaN);
    const ev = m.evaluate(data);
    expect(ev.accuracy).toBe(0);
    expect(ev.loss).toBeNaN();
  });

  it('rejects bad shapes and labels', () => {
    const data = syntheticData(5, 4, 3, 0, 4);
    expect(() => new Mlp({ hidden: 0, train: data, maxBatch: 2 })).toThrow(/hidden/);
    expect(() => new Mlp({ hidden: 3, train: data, maxBatch: 2, classes: 2 })).toThrow(/out of range/);
    const m = new Mlp({ hidden: 3, train: data, maxBatch: 2 });
    expect(() => m.batchGradient(new Int32Array(300), 300)).toThrow(/sized for/);
    expect(() => m.evaluate({ ...data, d: 5 })).toThrow(/inputs/);
  });
});
