import { describe, it, expect } from 'vitest';
import { rngFor } from '../../../src/rng/streams.js';
import { cholesky, choleskyLogDet } from '../../../src/linalg/cholesky.js';
import { choleskyInPlace } from '../../../src/linalg/cholesky-inplace.js';
import { gramRows } from '../../../src/linalg/gram.js';
import { DualLogisticSolver } from '../../../src/models/logistic/dual.js';
import { PrimalLogisticSolver } from '../../../src/models/logistic/primal.js';
import { cheaperSide } from '../../../src/models/logistic/minimizer.js';
import { evaluateLogistic, type LogisticProblem } from '../../../src/models/logistic/problem.js';
import { sigmoid } from '../../../src/models/logistic/link.js';
import { NumericalError } from '../../../src/errors.js';

/** n examples, `features` Gaussian inputs plus a bias column, labels from a noisy teacher. */
function problem(seed: number, n: number, features: number, noise = 1): LogisticProblem {
  const rng = rngFor(seed, 'test-logistic-problem');
  const d = features + 1;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  const teacher = Float64Array.from({ length: features }, () => rng.normal());
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < features; j++) {
      const v = rng.normal();
      x[i * d + j] = v;
      z += v * teacher[j];
    }
    x[i * d + features] = 1;
    y[i] = z + noise * rng.normal() > 0 ? 1 : 0;
  }
  return { n, d, x, y };
}

/** ln det(I + XᵀDX/λ) the slow way: form the d×d matrix and factor it. */
function logDetRatioDense(p: LogisticProblem, lambda: number, w: Float64Array): number {
  const { n, d, x } = p;
  const ev = evaluateLogistic(p, lambda, w);
  const m = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const s = sigmoid(ev.margins[i]);
    const v = (s * (1 - s)) / lambda;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) m[a * d + b] += v * x[i * d + a] * x[i * d + b];
  }
  for (let a = 0; a < d; a++) m[a * d + a] += 1;
  return choleskyLogDet(cholesky(m, d), d);
}

describe('linear algebra kernels', () => {
  it('gramRows equals the naive product, for odd and even sizes', () => {
    for (const [m, k] of [[7, 5], [8, 3], [1, 4], [13, 17]]) {
      const rng = rngFor(3, 'gram', m, k);
      const a = Float64Array.from({ length: m * k }, () => rng.normal());
      const g = gramRows(a, m, k);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < m; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += a[i * k + p] * a[j * k + p];
          expect(g[i * m + j]).toBeCloseTo(s, 12);
        }
    }
  });

  it('choleskyInPlace matches cholesky.ts, odd and even n', () => {
    for (const n of [1, 2, 5, 8, 11]) {
      const rng = rngFor(4, 'chol', n);
      const b = Float64Array.from({ length: n * (n + 2) }, () => rng.normal());
      const a = gramRows(b, n, n + 2);
      const ref = cholesky(a, n);
      const got = choleskyInPlace(Float64Array.from(a), n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) expect(got[i * n + j]).toBeCloseTo(ref[i * n + j], 10);
    }
  });
});

describe('Newton minimum of the summed logistic cost', () => {
  // tolerance: the gradient at the returned minimum is within 1e-11 of the size of its terms
  // (the stopping rule is 1e-12; recomputing it in the weight space adds rounding)
  for (const [n, features] of [[30, 40], [60, 4], [25, 24]]) {
    it(`dual and primal sides agree (N = ${n}, d = ${features + 1})`, () => {
      const p = problem(11, n, features);
      for (const lambda of [0.01, 1, 100]) {
        const a = new DualLogisticSolver(p).minimize(lambda, { warmStart: false });
        const b = new PrimalLogisticSolver(p).minimize(lambda, { warmStart: false });
        expect(a.gradientNorm / a.gradientScale).toBeLessThan(1e-11);
        expect(b.gradientNorm / b.gradientScale).toBeLessThan(1e-11);
        expect(Math.abs(a.cost - b.cost)).toBeLessThan(1e-9 * (1 + Math.abs(a.cost)));
        expect(Math.abs(a.logDetRatio - b.logDetRatio)).toBeLessThan(1e-8 * (1 + Math.abs(a.logDetRatio)));
        const dense = logDetRatioDense(p, lambda, a.w);
        expect(Math.abs(a.logDetRatio - dense)).toBeLessThan(1e-8 * (1 + Math.abs(dense)));
        for (let j = 0; j < p.d; j++) expect(Math.abs(a.w[j] - b.w[j])).toBeLessThan(1e-7 * (1 + Math.abs(b.w[j])));
      }
    });
  }

  it('a warm-started sweep reaches the same minima as cold starts', () => {
    const p = problem(12, 40, 50, 0.3);
    const warm = new DualLogisticSolver(p);
    const warmP = new PrimalLogisticSolver(p);
    for (const lambda of [1000, 100, 10, 1, 0.1, 0.01, 0.001]) {
      const a = warm.minimize(lambda);
      const ap = warmP.minimize(lambda);
      const b = new DualLogisticSolver(p).minimize(lambda, { warmStart: false });
      expect(Math.abs(a.cost - b.cost)).toBeLessThan(1e-9 * (1 + b.cost));
      expect(Math.abs(ap.cost - b.cost)).toBeLessThan(1e-9 * (1 + b.cost));
      expect(Math.abs(a.logDetRatio - b.logDetRatio)).toBeLessThan(1e-7 * (1 + b.logDetRatio));
    }
  });

  it('rejects a non-positive λ', () => {
    const p = problem(13, 10, 2);
    expect(() => new DualLogisticSolver(p).minimize(0)).toThrow(/lambda/);
    expect(() => new PrimalLogisticSolver(p).minimize(-1)).toThrow(/lambda/);
  });

  it('the shared loop raises a NumericalError past the iteration cap, on both sides, and keeps no warm start', () => {
    const p = problem(14, 30, 5);
    for (const solver of [new DualLogisticSolver(p), new PrimalLogisticSolver(p)]) {
      expect(() => solver.minimize(0.01, { maxIterations: 1 })).toThrow(NumericalError);
      expect(() => solver.minimize(0.01, { maxIterations: 1 })).toThrow(/did not converge in 1 steps/);
      // the failed call left no minimum to warm-start from: the next call starts at ω = 0
      const after = solver.minimize(0.01);
      const cold = (solver.side === 'dual' ? new DualLogisticSolver(p) : new PrimalLogisticSolver(p)).minimize(0.01, { warmStart: false });
      expect(after.iterations).toBe(cold.iterations);
      expect(after.cost).toBe(cold.cost);
    }
  });

  it('picks the dual side when N ≲ d and the primal side when N ≫ d', () => {
    expect(cheaperSide(800, 785)).toBe('dual');
    expect(cheaperSide(1000, 3)).toBe('primal');
    expect(cheaperSide(100000, 785)).toBe('primal');
  });
});
