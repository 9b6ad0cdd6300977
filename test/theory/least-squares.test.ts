import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { NumericalError } from '../../src/errors.js';
import { symmetricEigen } from '../../src/linalg/symmetric-eigen.js';
import { noiseFactor, type Sampler } from '../../src/dynamics/samplers.js';
import {
  leastSquaresDiscreteLyapunov,
  leastSquaresHessian,
  leastSquaresOuCovariance,
  leastSquaresStationaryCovariance,
  olsSolution,
  residualGradientCovariance,
} from '../../src/theory/least-squares.js';
import { subsets, tuples } from './batches.js';

// ---- an independent exact computation: the second-moment recursion averaged over every batch ----

const batchesFor = (n: number, b: number, sampler: Sampler): number[][] => (sampler === 'with-replacement' ? tuples(n, b) : subsets(n, b));

/**
 * The map Σ ↦ E_B[(I − εH_B) Σ (I − εH_B)ᵀ] as a d²×d² matrix (row-major vec: vec(KΣKᵀ) = (K⊗K) vec Σ)
 * and the constant ε² E_B[b_B b_Bᵀ], with H_B = (1/B) Σ_{i∈B} x_i x_iᵀ and b_B = (1/B) Σ_{i∈B} x_i r_i,
 * averaged over all batches, each equally likely. No ρ, no M(Σ): only the definition of the sampler.
 */
function batchAveragedMap(x: Float64Array, r: Float64Array, d: number, lr: number, batches: number[][]): { t: Float64Array; c: Float64Array } {
  const dd = d * d;
  const t = new Float64Array(dd * dd);
  const c = new Float64Array(dd);
  const w = 1 / batches.length;
  for (const batch of batches) {
    const k = new Float64Array(dd);
    const b = new Float64Array(d);
    for (let i = 0; i < d; i++) k[i * d + i] = 1;
    for (const idx of batch) {
      for (let p = 0; p < d; p++) {
        b[p] += (x[idx * d + p] * r[idx]) / batch.length;
        for (let q = 0; q < d; q++) k[p * d + q] -= (lr * x[idx * d + p] * x[idx * d + q]) / batch.length;
      }
    }
    for (let a = 0; a < d; a++) for (let bb = 0; bb < d; bb++) for (let e = 0; e < d; e++) for (let f = 0; f < d; f++) {
      t[(a * d + bb) * dd + e * d + f] += w * k[a * d + e] * k[bb * d + f];
    }
    for (let p = 0; p < d; p++) for (let q = 0; q < d; q++) c[p * d + q] += w * lr * lr * b[p] * b[q];
  }
  return { t, c };
}

/** Iterate Σ ← T Σ + c from Σ = 0 until the update is below 1e-15 of |Σ|. */
function iterateToStationarity(t: Float64Array, c: Float64Array, dd: number): { sigma: Float64Array; iterations: number } {
  let s = new Float64Array(dd);
  for (let it = 1; it <= 200000; it++) {
    const next = Float64Array.from(c);
    for (let i = 0; i < dd; i++) for (let j = 0; j < dd; j++) next[i] += t[i * dd + j] * s[j];
    let change = 0;
    let size = 0;
    for (let i = 0; i < dd; i++) { change = Math.max(change, Math.abs(next[i] - s[i])); size = Math.max(size, Math.abs(next[i])); }
    s = next;
    if (change <= 1e-15 * size) return { sigma: s, iterations: it };
  }
  throw new Error('the second-moment recursion did not converge');
}

/** Spectral radius of T restricted to symmetric matrices (d = 2: basis E00, E01+E10, E11). */
function symmetricSpectralRadius2(t: Float64Array): number {
  const basis = [[1, 0, 0, 0], [0, 1, 1, 0], [0, 0, 0, 1]];
  const cols = basis.map((e) => {
    const y = new Array(4).fill(0);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) y[i] += t[i * 4 + j] * e[j];
    return [y[0], y[1], y[3]];
  });
  const m = new Matrix([0, 1, 2].map((i) => cols.map((col) => col[i])));
  const eig = new EigenvalueDecomposition(m);
  return Math.max(...eig.realEigenvalues.map((re, i) => Math.hypot(re, eig.imaginaryEigenvalues[i])));
}

const maxAbs = (a: Float64Array): number => a.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
const relErr = (a: Float64Array, b: Float64Array): number => maxAbs(a.map((v, i) => v - b[i])) / maxAbs(b);

// ---- fixed small problems for (a) and (c) ----------------------------------------------------

/** N = 8, d = 2: hand-picked features and targets (no structure, full rank, non-zero residuals). */
const X8 = Float64Array.of(1.0, 0.2, -0.5, 1.1, 0.3, -0.8, 1.4, 0.6, -1.2, -0.3, 0.1, 0.9, 0.7, -1.0, -0.4, -0.2);
const Y8 = Float64Array.of(0.9, 0.4, -0.6, 1.7, -0.7, 1.2, 0.1, -0.9);

const cases: { n: number; b: number; frac: number }[] = [
  { n: 6, b: 2, frac: 0.3 },
  { n: 7, b: 3, frac: 0.6 },
  { n: 8, b: 3, frac: 0.45 },
  { n: 8, b: 2, frac: 0.15 },
];

describe('olsSolution', () => {
  it('solves the normal equations: Σ x_i r_i = 0, and matches a direct 2×2 solve', () => {
    const n = 8;
    const { omega, residuals } = olsSolution(X8, Y8, n, 2);
    for (let p = 0; p < 2; p++) {
      let g = 0;
      for (let i = 0; i < n; i++) g += X8[i * 2 + p] * residuals[i];
      expect(Math.abs(g)).toBeLessThan(1e-13);
    }
    let a = 0, b = 0, c = 0, u = 0, v = 0;
    for (let i = 0; i < n; i++) {
      const x0 = X8[2 * i], x1 = X8[2 * i + 1];
      a += x0 * x0; b += x0 * x1; c += x1 * x1; u += x0 * Y8[i]; v += x1 * Y8[i];
    }
    const det = a * c - b * b;
    expect(omega[0]).toBeCloseTo((c * u - b * v) / det, 13);
    expect(omega[1]).toBeCloseTo((a * v - b * u) / det, 13);
  });

  it('throws NumericalError on linearly dependent features', () => {
    expect(() => olsSolution(Float64Array.of(1, 2, 2, 4, -1, -2), Float64Array.of(1, 2, 3), 3, 2)).toThrow(NumericalError);
  });
});

describe('leastSquaresStationaryCovariance against the exact batch-averaged second-moment recursion', () => {
  for (const sampler of ['without-replacement', 'with-replacement'] as const) {
    for (const { n, b, frac } of cases) {
      it(`(a) ${sampler}, N = ${n}, d = 2, B = ${b}, ε = ${frac}·2/λ_max: agreement to 1e-10`, () => {
        const x = X8.subarray(0, 2 * n);
        const { residuals } = olsSolution(x, Y8.subarray(0, n), n, 2);
        const lr = (frac * 2) / symmetricEigen(leastSquaresHessian(x, n, 2), 2).values[1];
        const { t, c } = batchAveragedMap(x, residuals, 2, lr, batchesFor(n, b, sampler));
        expect(symmetricSpectralRadius2(t)).toBeLessThan(0.995); // mean-square stable, so the recursion converges
        const { sigma } = iterateToStationarity(t, c, 4);
        const formula = leastSquaresStationaryCovariance(x, residuals, n, 2, lr, noiseFactor(n, b, sampler));
        expect(relErr(formula, sigma)).toBeLessThan(1e-10);
        // (c) the twin: the same check with ρ = 1/B, the with-replacement factor, fails for subsets
        if (sampler === 'without-replacement') {
          const wrong = leastSquaresStationaryCovariance(x, residuals, n, 2, lr, 1 / b);
          expect(relErr(wrong, sigma)).toBeGreaterThan(1e-3);
        }
      });
    }
  }

  it('random small problems: agreement when mean-square stable, NumericalError when unstable', () => {
    const grid = fc.integer({ min: -32, max: 32 }).map((k) => k / 16);
    let agreed = 0;
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 8 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            b: fc.integer({ min: 2, max: 3 }),
            x: fc.array(grid, { minLength: 2 * n, maxLength: 2 * n }),
            y: fc.array(grid, { minLength: n, maxLength: n }),
            frac: fc.double({ min: 0.05, max: 0.98, noNaN: true }),
            sampler: fc.constantFrom('with-replacement' as const, 'without-replacement' as const),
          }),
        ),
        ({ n, b, x: xs, y: ys, frac, sampler }) => {
          const x = Float64Array.from(xs);
          const values = symmetricEigen(leastSquaresHessian(x, n, 2), 2).values;
          fc.pre(values[0] > 0.05 * values[1] && values[0] > 0.01);
          const { residuals } = olsSolution(x, Float64Array.from(ys), n, 2);
          fc.pre(maxAbs(residualGradientCovariance(x, residuals, n, 2)) > 1e-3);
          const lr = (frac * 2) / values[1];
          const { t, c } = batchAveragedMap(x, residuals, 2, lr, batchesFor(n, b, sampler));
          const radius = symmetricSpectralRadius2(t);
          fc.pre(radius < 0.995 || radius > 1.005);
          const rho = noiseFactor(n, b, sampler);
          if (radius < 1) {
            const { sigma } = iterateToStationarity(t, c, 4);
            expect(relErr(leastSquaresStationaryCovariance(x, residuals, n, 2, lr, rho), sigma)).toBeLessThan(1e-10);
            agreed++;
          } else {
            expect(() => leastSquaresStationaryCovariance(x, residuals, n, 2, lr, rho)).toThrow(NumericalError);
            rejected++;
          }
        },
      ),
      { numRuns: 150, seed: 20240611 },
    );
    // the fixed seed makes both branches occur; a property that only ever took one would test half the claim
    expect(agreed).toBeGreaterThan(20);
    expect(rejected).toBeGreaterThan(5);
  });
});

// ---- (b) docs/theory.md §3's remark: the OU approximation is about 10% off at N = 12, d = 2, B = 3, ε = 0.2 ----

/**
 * x_i ~ N(0, I₂), y_i = x_i1 − 0.5 x_i2 + 0.5 z_i with z_i ~ N(0, 1), rounded to two decimals.
 * Drawn once from rngFor(2, 'ls') and frozen here so the test does not depend on the generator.
 * λ(H) ≈ (0.241, 0.791), so ε λ_max ≈ 0.16.
 */
const X12 = Float64Array.from([[0.53, 0.35], [-1.18, -1.25], [-0.28, 0.63], [-0.72, 0.15], [0.95, 0.79], [-0.33, 0.35], [-0.75, 0.67], [-1.21, -0.91], [-0.14, 0.55], [1.25, 0.22], [-0.44, -0.39], [0.23, 0.78]].flat());
const Y12 = Float64Array.of(1.08, -0.64, -1.07, -0.43, 0.72, -0.75, -1.71, -1.48, -0.6, 0.7, -1.45, -0.25);

describe('(b) exact vs additive-noise approximations at N = 12, d = 2, B = 3, ε = 0.2', () => {
  const fro = (a: Float64Array, b: Float64Array): number => Math.hypot(...a.map((v, i) => v - b[i])) / Math.hypot(...b);
  for (const sampler of ['without-replacement', 'with-replacement'] as const) {
    it(`${sampler}: OU is 3–30% off the exact covariance (observed ≈ 9%), the discrete Lyapunov value in between`, () => {
      const { residuals } = olsSolution(X12, Y12, 12, 2);
      const rho = noiseFactor(12, 3, sampler);
      const exact = leastSquaresStationaryCovariance(X12, residuals, 12, 2, 0.2, rho);
      const ou = leastSquaresOuCovariance(X12, residuals, 12, 2, 0.2, rho);
      const discrete = leastSquaresDiscreteLyapunov(X12, residuals, 12, 2, 0.2, rho);
      const gapOu = fro(ou, exact);
      const gapDiscrete = fro(discrete, exact);
      expect(gapOu).toBeGreaterThan(0.03);
      expect(gapOu).toBeLessThan(0.3);
      // the discrete equation fixes the ε H Σ H term; the rest of the gap is the state-dependent noise
      expect(gapDiscrete).toBeLessThan(gapOu);
      expect(gapDiscrete).toBeGreaterThan(0.005);
      // both additive approximations underestimate the fluctuations (traces)
      expect(ou[0] + ou[3]).toBeLessThan(exact[0] + exact[3]);
      expect(discrete[0] + discrete[3]).toBeLessThan(exact[0] + exact[3]);
      // and the exact value is itself the batch-averaged recursion's fixed point (N = 12, B = 3 enumerates fully)
      const { t, c } = batchAveragedMap(X12, residuals, 2, 0.2, batchesFor(12, 3, sampler));
      expect(relErr(exact, iterateToStationarity(t, c, 4).sigma)).toBeLessThan(1e-10);
    });
  }
});

// ---- structure, limits, stability ------------------------------------------------------------

describe('leastSquaresStationaryCovariance: closed forms, limits and stability', () => {
  it('d = 1: σ = ερR / (2H − εH² − ερ(E x⁴ − H²))', () => {
    const x = Float64Array.of(1, 3, -0.5, 2);
    const { residuals } = olsSolution(x, Float64Array.of(1.2, 2.5, 0.3, 2.9), 4, 1);
    const h = leastSquaresHessian(x, 4, 1)[0];
    const r = residualGradientCovariance(x, residuals, 4, 1)[0];
    const m4 = Array.from(x).reduce((s, v) => s + v ** 4, 0) / 4;
    for (const [lr, rho] of [[0.05, 1], [0.1, 0.5], [0.01, 0.2]]) {
      const s = leastSquaresStationaryCovariance(x, residuals, 4, 1, lr, rho)[0];
      expect(s / ((lr * rho * r) / (2 * h - lr * h * h - lr * rho * (m4 - h * h))) - 1).toBeLessThan(1e-12);
    }
  });

  it('when every H_B equals H (x_i = ±1, d = 1) the noise is additive and the exact value is the discrete Lyapunov one', () => {
    const x = Float64Array.of(1, -1, 1, 1, -1);
    const { residuals } = olsSolution(x, Float64Array.of(0.3, 0.1, -0.4, 0.9, 0.2), 5, 1);
    const rho = noiseFactor(5, 2, 'without-replacement');
    const exact = leastSquaresStationaryCovariance(x, residuals, 5, 1, 0.7, rho);
    expect(exact[0] / leastSquaresDiscreteLyapunov(x, residuals, 5, 1, 0.7, rho)[0] - 1).toBeLessThan(1e-13);
  });

  it('all three agree as ε → 0 (relative gaps shrink linearly in ε)', () => {
    const { residuals } = olsSolution(X12, Y12, 12, 2);
    let previous = Infinity;
    for (const lr of [0.1, 0.01, 0.001]) {
      const exact = leastSquaresStationaryCovariance(X12, residuals, 12, 2, lr, 0.25);
      const gap = relErr(leastSquaresOuCovariance(X12, residuals, 12, 2, lr, 0.25), exact);
      expect(gap).toBeLessThan(previous / 5);
      expect(gap).toBeLessThan(2 * lr);
      previous = gap;
    }
  });

  it('satisfies the defining equation at d = 5 and d = 32 (residual from a direct M(Σ))', () => {
    for (const [n, d] of [[40, 5], [300, 32]]) {
      // deterministic, well-conditioned features: x_ip = sin(1.3 i p + 0.7 p + i) + δ_{i mod d, p}
      const x = new Float64Array(n * d);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        for (let p = 0; p < d; p++) x[i * d + p] = Math.sin(1.3 * i * p + 0.7 * p + i) + (i % d === p ? 1 : 0);
        y[i] = Math.cos(0.9 * i);
      }
      const { residuals } = olsSolution(x, y, n, d);
      const h = leastSquaresHessian(x, n, d);
      // ε max_i |x_i|² < 1 keeps every I − εH_B a contraction, so SGD is mean-square stable
      let maxNorm2 = 0;
      for (let i = 0; i < n; i++) maxNorm2 = Math.max(maxNorm2, x.subarray(i * d, i * d + d).reduce((t, v) => t + v * v, 0));
      const lr = 0.9 / maxNorm2;
      const rho = noiseFactor(n, 4, 'without-replacement');
      const s = leastSquaresStationaryCovariance(x, residuals, n, d, lr, rho);
      const r = residualGradientCovariance(x, residuals, n, d);
      const hs = new Matrix(d, d);
      const H = new Matrix(Array.from({ length: d }, (_, i) => Array.from(h.subarray(i * d, i * d + d))));
      const S = new Matrix(Array.from({ length: d }, (_, i) => Array.from(s.subarray(i * d, i * d + d))));
      const R = new Matrix(Array.from({ length: d }, (_, i) => Array.from(r.subarray(i * d, i * d + d))));
      const M = new Matrix(d, d);
      for (let i = 0; i < n; i++) {
        const xi = Matrix.columnVector(Array.from(x.subarray(i * d, i * d + d)));
        const quad = xi.transpose().mmul(S).mmul(xi).get(0, 0);
        M.add(xi.mmul(xi.transpose()).mul(quad / n));
      }
      hs.add(H.mmul(S));
      const hsh = H.mmul(S).mmul(H);
      const lhs = hs.clone().add(hs.transpose()).mul(lr).sub(hsh.clone().mul(lr * lr));
      const rhs = M.clone().sub(hsh).add(R).mul(lr * lr * rho);
      const res = lhs.clone().sub(rhs);
      expect(res.norm('frobenius')).toBeLessThan(1e-10 * lhs.norm('frobenius'));
      expect(symmetricEigen(s, d).values[0]).toBeGreaterThan(0);
    }
  });

  it('mean-square instability below ε λ_max = 2 is detected (d = 1, x = (1, 3), B = 1 with replacement)', () => {
    // H = 5, E x⁴ = 41, ρ = 1: E(1 − εx²)² = 1 − 10ε + 41ε² < 1 iff ε < 10/41 ≈ 0.244, while 2/λ_max = 0.4
    const x = Float64Array.of(1, 3);
    const residuals = Float64Array.of(0.3, -0.1);
    expect(leastSquaresStationaryCovariance(x, residuals, 2, 1, 0.24, 1)[0]).toBeGreaterThan(0);
    expect(() => leastSquaresStationaryCovariance(x, residuals, 2, 1, 0.25, 1)).toThrow(/mean-square unstable/);
    expect(() => leastSquaresStationaryCovariance(x, residuals, 2, 1, 0.3, 1)).toThrow(NumericalError);
    expect(() => leastSquaresStationaryCovariance(x, residuals, 2, 1, 0.4, 1)).toThrow(/ε λ_max = 2\.000/);
    // zero residuals (interpolation): Σ = 0 when stable, still rejected when unstable
    expect(Array.from(leastSquaresStationaryCovariance(x, Float64Array.of(0, 0), 2, 1, 0.2, 1))).toEqual([0]);
    expect(() => leastSquaresStationaryCovariance(x, Float64Array.of(0, 0), 2, 1, 0.3, 1)).toThrow(/mean-square unstable/);
  });
});
