import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rngFor } from '../../src/rng/streams.js';
import { LogisticRegressionLoss, logisticRegressionModel } from '../../src/models/logistic-regression.js';
import { weightedGradientSumGeneric } from '../../src/models/loss.js';
import { modelSpecSchema, buildModel, modelChecks } from '../../src/models/registry.js';
import { evaluateLogistic } from '../../src/models/logistic/problem.js';
import { InputError } from '../../src/errors.js';
import type { Dataset } from '../../src/data/dataset.js';

function data(seed: number, n: number, features: number): Dataset {
  const rng = rngFor(seed, 'test-logistic-model');
  const x = Float64Array.from({ length: n * features }, () => rng.normal());
  const y = Float64Array.from({ length: n }, (_, i) => (x[i * features] + rng.normal() > 0 ? 1 : 0));
  return { n, d: features, x, y };
}

function randomW(seed: number, d: number, scale = 1): Float64Array {
  const rng = rngFor(seed, 'test-logistic-w');
  return Float64Array.from({ length: d }, () => scale * rng.normal());
}

describe('LogisticRegressionLoss', () => {
  const model = new LogisticRegressionLoss(data(1, 40, 3), 2.5);
  const d = model.dim;
  const w = randomW(2, d);

  it('appends a bias: d = features + 1, last input column all ones', () => {
    expect(d).toBe(4);
    for (let i = 0; i < model.n; i++) expect(model.x[i * d + 3]).toBe(1);
  });

  it('is the summed cost divided by N (mean cross-entropy + λ|ω|²/(2N)), bias regularised', () => {
    const c = evaluateLogistic({ n: model.n, d, x: model.x, y: model.y }, 2.5, w).cost;
    expect(model.loss(w)).toBeCloseTo(c / model.n, 12);
  });

  it('gradient matches central finite differences of the loss (relative error < 1e-7)', () => {
    const g = new Float64Array(d);
    model.gradient(w, g);
    const h = 1e-5;
    for (let j = 0; j < d; j++) {
      const wp = Float64Array.from(w); wp[j] += h;
      const wm = Float64Array.from(w); wm[j] -= h;
      const fd = (model.loss(wp) - model.loss(wm)) / (2 * h);
      expect(Math.abs(fd - g[j])).toBeLessThan(1e-7 * (1 + Math.abs(g[j])));
    }
  });

  it('Hessian matches central finite differences of the gradient and is symmetric', () => {
    const hess = model.hessian(w);
    const h = 1e-5;
    const gp = new Float64Array(d);
    const gm = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const wp = Float64Array.from(w); wp[j] += h;
      const wm = Float64Array.from(w); wm[j] -= h;
      model.gradient(wp, gp);
      model.gradient(wm, gm);
      for (let i = 0; i < d; i++) {
        const fd = (gp[i] - gm[i]) / (2 * h);
        expect(Math.abs(fd - hess[i * d + j])).toBeLessThan(1e-7 * (1 + Math.abs(fd)));
        expect(hess[i * d + j]).toBeCloseTo(hess[j * d + i], 14);
      }
    }
  });

  it('batch, per-example and weighted-sum gradients agree with the full gradient', () => {
    const n = model.n;
    const full = new Float64Array(d);
    model.gradient(w, full);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const batch = new Float64Array(d);
    model.batchGradient(w, all, n, batch);
    const per = new Float64Array(n * d);
    model.exampleGradients(w, per);
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += per[i * d + j] / n;
    const rng = rngFor(3, 'z');
    const z = Float64Array.from({ length: n }, () => rng.normal());
    const fast = new Float64Array(d);
    model.weightedGradientSum(w, z, fast);
    const slow = new Float64Array(d);
    weightedGradientSumGeneric(model, new Float64Array(n * d), w, z, slow);
    for (let j = 0; j < d; j++) {
      expect(batch[j]).toBeCloseTo(full[j], 12);
      expect(mean[j]).toBeCloseTo(full[j], 12);
      expect(fast[j]).toBeCloseTo(slow[j], 11);
    }
    // a minibatch: the mean of its per-example gradients
    const idx = Int32Array.from([5, 0, 17, 5]);
    model.batchGradient(w, idx, 4, batch);
    for (let j = 0; j < d; j++) {
      const m = (per[5 * d + j] * 2 + per[j] + per[17 * d + j]) / 4;
      expect(batch[j]).toBeCloseTo(m, 12);
    }
  });

  it('minimum() is a stationary point to rounding; λ = 0 has none', () => {
    const m = model.minimum();
    const g = new Float64Array(d);
    model.gradient(m, g);
    for (let j = 0; j < d; j++) expect(Math.abs(g[j])).toBeLessThan(1e-13);
    expect(() => new LogisticRegressionLoss(data(1, 10, 2), 0).minimum()).toThrow(/lambda/);
  });

  it('stays finite for huge margins', () => {
    const big = randomW(4, d, 1e4);
    const g = new Float64Array(d);
    model.gradient(big, g);
    expect(Number.isFinite(model.loss(big))).toBe(true);
    expect(g.every(Number.isFinite)).toBe(true);
  });
});

describe('logistic-regression model factory', () => {
  it('is registered: the model schema accepts synthetic, csv and mnist data', () => {
    for (const data of [
      { synthetic: { features: 2, trainPerClass: 10 } },
      { csv: 'x.csv' },
      { mnist: { digits: [0, 1], trainPerClass: 5, testPerClass: 5 } },
    ]) expect(modelSpecSchema.safeParse({ kind: 'logistic-regression', lambda: 1, data }).success).toBe(true);
    expect(modelSpecSchema.safeParse({ kind: 'logistic-regression', lambda: -1, data: { csv: 'x.csv' } }).success).toBe(false);
    expect(modelSpecSchema.safeParse({ kind: 'logistic-regression', lambda: 1, data: { csv: 'x.csv', extra: 1 } }).success).toBe(false);
  });

  it('builds deterministically from a synthetic spec', () => {
    const spec = logisticRegressionModel.schema.parse({ kind: 'logistic-regression', lambda: 1, data: { synthetic: { features: 3, trainPerClass: 20 } } });
    const a = buildModel(spec, { seed: 7, baseDir: '.' });
    const b = buildModel(spec, { seed: 7, baseDir: '.' });
    expect(a.dim).toBe(4);
    expect(a.n).toBe(40);
    const w = randomW(5, 4);
    expect(a.loss(w)).toBe(b.loss(w));
  });

  it('reads a CSV relative to the base directory and rejects labels outside {0,1} with the JSON path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logistic-csv-'));
    writeFileSync(join(dir, 'good.csv'), 'x1,x2,y\n0.5,1,1\n-1,0.2,0\n2,2,1\n');
    writeFileSync(join(dir, 'bad.csv'), 'x1,x2,y\n0.5,1,1\n-1,0.2,2\n2,2,0.5\n');
    const good = logisticRegressionModel.schema.parse({ kind: 'logistic-regression', lambda: 1, data: { csv: 'good.csv' } });
    expect(modelChecks(good, dir)).toEqual([]);
    const loss = buildModel(good, { seed: 1, baseDir: dir });
    expect([loss.n, loss.dim]).toEqual([3, 3]);
    const bad = logisticRegressionModel.schema.parse({ kind: 'logistic-regression', lambda: 1, data: { csv: 'bad.csv' } });
    const problems = modelChecks(bad, dir);
    expect(problems.map((p) => p.path)).toEqual(['model.data.csv', 'model.data.csv']);
    expect(problems[0].message).toMatch(/row 2.*0 or 1/);
    expect(() => buildModel(bad, { seed: 1, baseDir: dir })).toThrow(InputError);
    const missing = logisticRegressionModel.schema.parse({ kind: 'logistic-regression', lambda: 1, data: { csv: 'nope.csv' } });
    expect(modelChecks(missing, dir)[0].path).toBe('model.data.csv');
  });

  it('checks MNIST sizes against the images available', () => {
    const spec = logisticRegressionModel.schema.parse({ kind: 'logistic-regression', lambda: 1, data: { mnist: { digits: [0, 0], trainPerClass: 900, testPerClass: 900 } } });
    const paths = modelChecks(spec, '.').map((p) => p.path);
    expect(paths).toContain('model.data.mnist.digits');
    expect(paths).toContain('model.data.mnist');
  });
});
