import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { NumericalError } from '../../src/errors.js';
import { matmul, transpose } from '../../src/linalg/dense.js';
import { symmetricEigen } from '../../src/linalg/symmetric-eigen.js';
import { ouCovariance, ouCovarianceEigen, toEigenbasis } from '../../src/theory/lyapunov-continuous.js';
import {
  maxStableLr,
  sgdStationaryCovariance,
  sgdStationaryCovarianceEigen,
  stabilityBound,
} from '../../src/theory/lyapunov-discrete.js';
import { heavyBallStationaryCovariance, heavyBallStationaryCovarianceEigen } from '../../src/theory/heavy-ball.js';

// ---- helpers -------------------------------------------------------------------------------

const mul = (a: Float64Array, b: Float64Array, d: number): Float64Array => matmul(a, b, d, d, d);
const add = (a: Float64Array, b: Float64Array, s = 1): Float64Array => a.map((v, i) => v + s * b[i]);
const norm = (a: Float64Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0));
const maxAbs = (a: Float64Array): number => a.reduce((s, v) => Math.max(s, Math.abs(v)), 0);

/** A Aᵀ + δ I from a d×d matrix of entries: SPD with λ_min ≥ δ. */
function spd(entries: number[], d: number, delta: number): Float64Array {
  const a = Float64Array.from(entries.slice(0, d * d));
  const h = matmul(a, transpose(a, d, d), d, d, d);
  for (let i = 0; i < d; i++) h[i * d + i] += delta;
  return h;
}

/** C Cᵀ with C d×r: PSD, possibly rank-deficient. */
function psd(entries: number[], d: number, r: number): Float64Array {
  const c = Float64Array.from(entries.slice(0, d * r));
  return matmul(c, transpose(c, d, r), d, r, d);
}

const lambdaMax = (h: Float64Array, d: number): number => symmetricEigen(h, d).values[d - 1];

/**
 * Matrix entries on a grid of 1/256 in [−1, 1]. Arbitrary doubles shrink towards subnormals, on which
 * ml-matrix's symmetric eigen-solver (tql2) crashes with a TypeError; that is not what these tests probe.
 */
const entry = fc.integer({ min: -256, max: 256 }).map((k) => k / 256);

/** Random (d, H SPD, Q PSD, frac ∈ (0,1)) with d ≤ maxD. */
const problem = (maxD: number) =>
  fc.integer({ min: 1, max: maxD }).chain((d) =>
    fc.record({
      d: fc.constant(d),
      a: fc.array(entry, { minLength: d * d, maxLength: d * d }),
      delta: fc.double({ min: 0.05, max: 1, noNaN: true }),
      c: fc.array(entry, { minLength: d * d, maxLength: d * d }),
      rank: fc.integer({ min: 1, max: d }),
      frac: fc.double({ min: 0.02, max: 0.98, noNaN: true }),
    }),
  );

// ---- continuous (OU) -----------------------------------------------------------------------

describe('ouCovariance: H Σ + Σ H = ε Q', () => {
  it('has residual ≈ 0 and is symmetric PSD on random SPD H, PSD Q (d ≤ 6)', () => {
    fc.assert(
      fc.property(problem(6), fc.double({ min: 1e-3, max: 10, noNaN: true }), ({ d, a, delta, c, rank }, lr) => {
        const h = spd(a, d, delta);
        const q = psd(c, d, rank);
        const s = ouCovariance(h, q, d, lr);
        const res = add(add(mul(h, s, d), mul(s, h, d)), q, -lr);
        expect(norm(res)).toBeLessThanOrEqual(1e-11 * (2 * norm(h) * norm(s) + lr * norm(q)));
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(s[i * d + j]).toBe(s[j * d + i]);
        expect(symmetricEigen(s, d).values[0]).toBeGreaterThanOrEqual(-1e-12 * maxAbs(s));
      }),
      { numRuns: 150 },
    );
  });

  it('scalar closed form ε q / (2h), and the eigen variant agrees', () => {
    for (const [h, q, lr] of [[2, 3, 0.1], [0.5, 1, 7], [10, 0.2, 0.01]]) {
      const s = ouCovariance(Float64Array.of(h), Float64Array.of(q), 1, lr);
      expect(s[0]).toBeCloseTo((lr * q) / (2 * h), 14);
    }
    const h = spd([1, 0.3, -0.2, 0.8], 2, 0.1);
    const q = psd([0.5, 1, -1, 0.2], 2, 2);
    expect(Array.from(ouCovarianceEigen(symmetricEigen(h, 2), q, 2, 0.3))).toEqual(Array.from(ouCovariance(h, q, 2, 0.3)));
  });

  it('throws NumericalError when H is not positive definite', () => {
    const h = Float64Array.of(1, 0, 0, -0.5);
    expect(() => ouCovariance(h, Float64Array.of(1, 0, 0, 1), 2, 0.1)).toThrow(NumericalError);
    expect(() => ouCovariance(h, Float64Array.of(1, 0, 0, 1), 2, 0.1)).toThrow(/not positive definite/);
  });
});

// ---- discrete SGD --------------------------------------------------------------------------

describe('sgdStationaryCovariance: H Σ + Σ H − ε H Σ H = ε Q', () => {
  it('has residual ≈ 0 and is the fixed point of Σ ↦ (I−εH) Σ (I−εH) + ε² Q (d ≤ 6)', () => {
    fc.assert(
      fc.property(problem(6), ({ d, a, delta, c, rank, frac }) => {
        const h = spd(a, d, delta);
        const q = psd(c, d, rank);
        const lr = (frac * 2) / lambdaMax(h, d);
        const s = sgdStationaryCovariance(h, q, d, lr);
        const hs = mul(h, s, d);
        const hsh = mul(hs, h, d);
        const res = add(add(add(hs, mul(s, h, d)), hsh, -lr), q, -lr);
        const scale = 2 * norm(h) * norm(s) + lr * norm(h) * norm(h) * norm(s) + lr * norm(q);
        expect(norm(res)).toBeLessThanOrEqual(1e-11 * scale);
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(s[i * d + j]).toBe(s[j * d + i]);
        expect(symmetricEigen(s, d).values[0]).toBeGreaterThanOrEqual(-1e-12 * maxAbs(s));
      }),
      { numRuns: 150 },
    );
  });

  it('scalar closed form ε q / (h (2 − ε h))', () => {
    for (const [h, q, lr] of [[2, 3, 0.1], [0.5, 1, 3.9], [10, 0.2, 0.01], [1, 1, 1.999]]) {
      const s = sgdStationaryCovariance(Float64Array.of(h), Float64Array.of(q), 1, lr);
      expect(s[0] / ((lr * q) / (h * (2 - lr * h))) - 1).toBeLessThan(1e-13);
    }
  });

  it('tends to the OU result as ε → 0, relative gap ε λ_j λ_k/(λ_j+λ_k−ελ_jλ_k) ≈ ελ/2 on the diagonal', () => {
    const d = 4;
    const h = spd([1, 0.2, -0.5, 0.3, 0.4, 1.2, 0.1, -0.3, 0.2, 0.1, 0.7, 0.5, -0.6, 0.3, 0.2, 0.9], d, 0.2);
    const q = psd([1, 0.5, 0.2, -0.1, 0.3, 1, 0.4, 0.2, -0.2, 0.1, 0.8, 0.3, 0.1, -0.4, 0.2, 1.1], d, d);
    const eig = symmetricEigen(h, d);
    const lmax = eig.values[d - 1];
    let previousWorst = Infinity;
    for (const x of [0.1, 0.01, 0.001, 0.0001]) {
      const lr = x / lmax;
      const disc = toEigenbasis(eig.vectors, sgdStationaryCovarianceEigen(eig, q, d, lr), d);
      const ou = toEigenbasis(eig.vectors, ouCovarianceEigen(eig, q, d, lr), d);
      let worst = 0;
      for (let j = 0; j < d; j++) {
        for (let k = 0; k < d; k++) {
          const lj = eig.values[j];
          const lk = eig.values[k];
          const gap = disc[j * d + k] / ou[j * d + k] - 1;
          // exact ratio, then its leading order
          expect(Math.abs(gap - (lr * lj * lk) / (lj + lk - lr * lj * lk))).toBeLessThanOrEqual(1e-9 * Math.abs(gap) + 1e-13);
          const leading = (lr * lj * lk) / (lj + lk);
          worst = Math.max(worst, Math.abs(gap / leading - 1));
          if (j === k) expect(Math.abs(gap / ((lr * lj) / 2) - 1)).toBeLessThanOrEqual(lr * lj);
        }
      }
      // the leading-order description improves linearly in ε
      expect(worst).toBeLessThanOrEqual(x * 1.01);
      expect(worst).toBeLessThan(previousWorst);
      previousWorst = worst;
    }
  });

  it('isotropic H = λI: Σ_disc / Σ_OU = 2/(2 − ελ) for every entry', () => {
    const d = 3;
    const lam = 1.7;
    const h = new Float64Array(d * d);
    for (let i = 0; i < d; i++) h[i * d + i] = lam;
    const q = psd([1, 0.2, 0.3, -0.4, 1, 0.1, 0.5, 0.6, 1], d, d);
    for (const lr of [0.5, 0.05, 0.005]) {
      const disc = sgdStationaryCovariance(h, q, d, lr);
      const ou = ouCovariance(h, q, d, lr);
      for (let i = 0; i < d * d; i++) expect(disc[i] / ou[i]).toBeCloseTo(2 / (2 - lr * lam), 12);
    }
  });

  it('throws a NumericalError naming ε λ_max and the bound when ε λ_max ≥ 2 or H is not PD', () => {
    const h = Float64Array.of(4, 0, 0, 1);
    const q = Float64Array.of(1, 0, 0, 1);
    expect(() => sgdStationaryCovariance(h, q, 2, 0.4999)).not.toThrow();
    expect(() => sgdStationaryCovariance(h, q, 2, 0.5)).toThrow(NumericalError);
    expect(() => sgdStationaryCovariance(h, q, 2, 0.6)).toThrow(/ε λ_max = 2\.400.*stability bound 2\b/);
    expect(() => sgdStationaryCovariance(Float64Array.of(1, 0, 0, 0), q, 2, 0.1)).toThrow(/not positive definite/);
  });

  it('stabilityBound and maxStableLr', () => {
    expect(stabilityBound(3, 0)).toBe(2);
    expect(stabilityBound(3, 0.9)).toBeCloseTo(3.8, 15);
    expect(maxStableLr(4, 0.5)).toBeCloseTo(0.75, 15);
    expect(() => stabilityBound(1, 1)).toThrow(RangeError);
  });
});

// ---- heavy ball ----------------------------------------------------------------------------

/** Σ_z ← A Σ_z Aᵀ + B Q Bᵀ on the 2d-state (ω, v), iterated to convergence in the original basis. */
function bruteForceHeavyBall(h: Float64Array, q: Float64Array, d: number, lr: number, m: number): { omega: Float64Array; velocity: Float64Array; cross: Float64Array; iterations: number } {
  const n = 2 * d;
  const a = new Float64Array(n * n);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const eye = i === j ? 1 : 0;
      a[i * n + j] = eye - lr * h[i * d + j];       // ω' = (I − εH) ω + m v − ε ξ
      a[i * n + d + j] = m * eye;
      a[(d + i) * n + j] = -lr * h[i * d + j];      // v' = −εH ω + m v − ε ξ
      a[(d + i) * n + d + j] = m * eye;
    }
  }
  const noise = new Float64Array(n * n);              // ε² [[Q, Q], [Q, Q]]
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const v = lr * lr * q[i * d + j];
      noise[i * n + j] = noise[i * n + d + j] = noise[(d + i) * n + j] = noise[(d + i) * n + d + j] = v;
    }
  }
  const at = transpose(a, n, n);
  let s = new Float64Array(n * n);
  let it = 0;
  for (; it < 50000; it++) {
    const next = add(matmul(matmul(a, s, n, n, n), at, n, n, n), noise);
    const change = maxAbs(add(next, s, -1));
    s = next;
    // remaining error ≈ change·r²/(1 − r²) with r the spectral radius of A (≤ 0.97 on these cases)
    if (change <= 1e-14 * maxAbs(s)) break;
  }
  const block = (r0: number, c0: number): Float64Array => {
    const out = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i * d + j] = s[(r0 + i) * n + c0 + j];
    return out;
  };
  return { omega: block(0, 0), velocity: block(d, d), cross: block(0, d), iterations: it };
}

/** max |a − b| / max |b|; 0 when both vanish (Q = 0 gives Σ = 0 exactly). */
const relErr = (a: Float64Array, b: Float64Array): number => {
  const diff = maxAbs(add(a, b, -1));
  return diff === 0 ? 0 : diff / maxAbs(b);
};

describe('heavyBallStationaryCovariance', () => {
  it('scalar: Var ω = ε q (1+m) / (h (1−m)(2(1+m) − ε h)), Var v = 2ε² q / ((1−m)(2(1+m) − ε h))', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (h, q, m, frac) => {
          const lr = (frac * 2 * (1 + m)) / h;
          const r = heavyBallStationaryCovariance(Float64Array.of(h), Float64Array.of(q), 1, lr, m);
          const den = 2 * (1 + m) - lr * h;
          const varOmega = (lr * q * (1 + m)) / (h * (1 - m) * den);
          const varV = (2 * lr * lr * q) / ((1 - m) * den);
          // the 4×4 solve loses digits as the roots approach the unit circle (m → 1 or frac → 1)
          expect(Math.abs(r.omega[0] / varOmega - 1)).toBeLessThan(1e-7);
          expect(Math.abs(r.velocity[0] / varV - 1)).toBeLessThan(1e-7);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('small-ε limit ε q / (2 h (1−m))', () => {
    const r = heavyBallStationaryCovariance(Float64Array.of(2), Float64Array.of(3), 1, 1e-5, 0.9);
    expect(r.omega[0] / ((1e-5 * 3) / (2 * 2 * 0.1)) - 1).toBeLessThan(1e-4);
  });

  it('m = 0 reduces to plain discrete SGD (ω, v = −ε(Hω+ξ), E[ω vᵀ] = −εΣH + ε²(HΣH+Q))', () => {
    fc.assert(
      fc.property(problem(6), ({ d, a, delta, c, rank, frac }) => {
        const h = spd(a, d, delta);
        const q = psd(c, d, rank);
        const lr = (frac * 2) / lambdaMax(h, d);
        const r = heavyBallStationaryCovariance(h, q, d, lr, 0);
        const s = sgdStationaryCovariance(h, q, d, lr);
        const hsh = mul(mul(h, s, d), h, d);
        const velocity = add(hsh, q).map((v) => lr * lr * v);
        const cross = add(mul(s, h, d).map((v) => -lr * v), velocity);
        // denominators 1 − (1−ελ_j)(1−ελ_k) near 0 (frac → 1 or tiny ελ) cost digits in the 4×4 solve
        expect(relErr(r.omega, s)).toBeLessThan(1e-7);
        expect(relErr(r.velocity, velocity)).toBeLessThan(1e-7);
        expect(relErr(r.cross, cross)).toBeLessThan(1e-7);
      }),
      { numRuns: 100 },
    );
  });

  it('agrees with brute-force iteration of the 2d-state recursion Σ_z ← A Σ_z Aᵀ + B Q Bᵀ', () => {
    fc.assert(
      fc.property(problem(4), fc.constantFrom(0.3, 0.6, 0.9), ({ d, a, delta, c, rank, frac }, m) => {
        const h = spd(a, d, Math.max(delta, 0.2));
        const q = psd(c, d, rank);
        const lr = (Math.min(Math.max(frac, 0.2), 0.9) * 2 * (1 + m)) / lambdaMax(h, d);
        const exact = heavyBallStationaryCovariance(h, q, d, lr, m);
        const brute = bruteForceHeavyBall(h, q, d, lr, m);
        expect(brute.iterations).toBeLessThan(50000);
        expect(relErr(exact.omega, brute.omega)).toBeLessThan(1e-9);
        expect(relErr(exact.velocity, brute.velocity)).toBeLessThan(1e-9);
        expect(relErr(exact.cross, brute.cross)).toBeLessThan(1e-9);
      }),
      { numRuns: 40 },
    );
  });

  it('satisfies the heavy-ball fluctuation–dissipation relation tr(H Σ_ω) = ((1+m)/(2ε)) tr(Σ_v) (docs/theory.md §4)', () => {
    const d = 3;
    const h = spd([1, 0.2, -0.5, 0.3, 0.4, 1.2, 0.1, -0.3, 0.2], d, 0.3);
    const q = psd([1, 0.5, 0.2, -0.1, 0.3, 1, 0.4, 0.2, -0.2], d, d);
    const eig = symmetricEigen(h, d);
    for (const m of [0, 0.5, 0.9]) {
      const lr = (0.7 * 2 * (1 + m)) / eig.values[d - 1];
      const r = heavyBallStationaryCovarianceEigen(eig, q, d, lr, m);
      let lhs = 0;
      let tv = 0;
      for (let i = 0; i < d; i++) {
        tv += r.velocity[i * d + i];
        for (let k = 0; k < d; k++) lhs += h[i * d + k] * r.omega[k * d + i];
      }
      expect(lhs / (((1 + m) / (2 * lr)) * tv) - 1).toBeLessThan(1e-10);
      // a wrong relation (the m = 0 one applied at m > 0) would fail
      if (m > 0) expect(Math.abs(lhs / (tv / (2 * lr)) - 1)).toBeGreaterThan(0.4);
    }
  });

  it('is stable up to ε λ_max < 2(1+m) (beyond plain SGD) and throws NumericalError outside', () => {
    const h = Float64Array.of(2, 0, 0, 0.5);
    const q = Float64Array.of(1, 0.2, 0.2, 1);
    // ε λ_max = 2.5: unstable without momentum, stable with m = 0.5 (bound 3)
    expect(() => sgdStationaryCovariance(h, q, 2, 1.25)).toThrow(NumericalError);
    const r = heavyBallStationaryCovariance(h, q, 2, 1.25, 0.5);
    expect(r.omega[0]).toBeCloseTo((1.25 * 1 * 1.5) / (2 * 0.5 * (3 - 2.5)), 8);
    expect(() => heavyBallStationaryCovariance(h, q, 2, 1.5, 0.5)).toThrow(NumericalError);
    expect(() => heavyBallStationaryCovariance(h, q, 2, 1.6, 0.5)).toThrow(/ε λ_max = 3\.200.*stability bound 3 = 2\(1\+m\)/);
    expect(() => heavyBallStationaryCovariance(Float64Array.of(-1), Float64Array.of(1), 1, 0.1, 0.5)).toThrow(/not positive definite/);
  });
});
