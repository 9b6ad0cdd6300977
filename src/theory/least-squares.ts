import { NumericalError } from '../errors.js';
import { cholesky, choleskySolve } from '../linalg/cholesky.js';
import { solveLinearSystem } from '../linalg/gaussian-elimination.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';
import { ouCovarianceEigen } from './lyapunov-continuous.js';
import { requireStable, sgdStationaryCovarianceEigen } from './lyapunov-discrete.js';

/**
 * Finite-data least squares, ℓ_i = ½ (x_iᵀω − y_i)² (docs/theory.md §3). With e = ω − ω*, residuals
 * r_i = x_iᵀω* − y_i, the minibatch step is e ← (I − ε H_B) e − ε b_B with b_B = (1/B) Σ_{i∈B} x_i r_i:
 * the noise is state-dependent (H_B is random). For a Markov sampler with noise factor ρ = c(N,B) the
 * stationary second moment solves, exactly,
 *   ε (H Σ + Σ H) − ε² H Σ H = ε² ρ [ M(Σ) − H Σ H + R ],
 * H = (1/N) Σ x_i x_iᵀ, M(Σ) = (1/N) Σ x_i x_iᵀ Σ x_i x_iᵀ, R = (1/N) Σ r_i² x_i x_iᵀ.
 * x is N×d row-major throughout.
 */

function checkData(x: Float64Array, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(d) || d < 1) throw new RangeError(`need positive integers n, d (got n = ${n}, d = ${d})`);
  if (x.length < n * d) throw new RangeError(`x has ${x.length} entries; expected n·d = ${n * d}`);
}

function checkResiduals(residuals: Float64Array, n: number): void {
  if (residuals.length < n) throw new RangeError(`residuals has ${residuals.length} entries; expected n = ${n}`);
}

function checkStep(lr: number, rho: number): void {
  if (!(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`learning rate must be positive and finite (got ${lr})`);
  if (!(rho >= 0) || !Number.isFinite(rho)) throw new RangeError(`noise factor ρ must be ≥ 0 and finite (got ${rho})`);
}

/** H = (1/N) Σ x_i x_iᵀ. */
export function leastSquaresHessian(x: Float64Array, n: number, d: number): Float64Array {
  checkData(x, n, d);
  return weightedOuter(x, null, n, d);
}

/** R = (1/N) Σ r_i² x_i x_iᵀ: the per-example gradient covariance S at ω* (the mean gradient is zero there). */
export function residualGradientCovariance(x: Float64Array, residuals: Float64Array, n: number, d: number): Float64Array {
  checkData(x, n, d);
  checkResiduals(residuals, n);
  return weightedOuter(x, residuals, n, d);
}

/** (1/N) Σ w_i² x_i x_iᵀ, with w ≡ 1 when `w` is null. */
function weightedOuter(x: Float64Array, w: Float64Array | null, n: number, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const wi = w === null ? 1 : w[i] * w[i];
    const o = i * d;
    for (let p = 0; p < d; p++) {
      const xp = wi * x[o + p];
      for (let q = p; q < d; q++) out[p * d + q] += xp * x[o + q];
    }
  }
  for (let p = 0; p < d; p++) {
    for (let q = p; q < d; q++) {
      out[p * d + q] /= n;
      out[q * d + p] = out[p * d + q];
    }
  }
  return out;
}

/** The ordinary least-squares solution ω* (normal equations by Cholesky) and r_i = x_iᵀω* − y_i. */
export function olsSolution(x: Float64Array, y: Float64Array, n: number, d: number): { omega: Float64Array; residuals: Float64Array } {
  checkData(x, n, d);
  if (y.length < n) throw new RangeError(`y has ${y.length} entries; expected n = ${n}`);
  const gram = leastSquaresHessian(x, n, d); // XᵀX / N: same solution, better scaled
  const rhs = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) rhs[p] += (x[i * d + p] * y[i]) / n;
  const what = 'XᵀX (the least-squares normal equations; are the features linearly dependent?)';
  const l = cholesky(gram, d, what);
  // L_jj² / G_jj = 1 − R² of feature j on the earlier ones: near 0 means collinear to working precision,
  // which the Cholesky pivot test (exactly ≤ 0) does not catch after round-off.
  for (let j = 0; j < d; j++) {
    const ratio = (l[j * d + j] * l[j * d + j]) / gram[j * d + j];
    if (!(ratio > 1e-12)) throw new NumericalError(`${what}: feature ${j} is a linear combination of the earlier ones to working precision (relative pivot ${ratio.toPrecision(3)})`);
  }
  const omega = choleskySolve(l, d, rhs);
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = -y[i];
    for (let p = 0; p < d; p++) s += x[i * d + p] * omega[p];
    residuals[i] = s;
  }
  return { omega, residuals };
}

/** Additive-noise OU approximation: H Σ + Σ H = ε Q with Q = ρ R (the noise frozen at ω*). */
export function leastSquaresOuCovariance(x: Float64Array, residuals: Float64Array, n: number, d: number, lr: number, rho: number): Float64Array {
  checkStep(lr, rho);
  const q = scaled(residualGradientCovariance(x, residuals, n, d), rho);
  return ouCovarianceEigen(symmetricEigen(leastSquaresHessian(x, n, d), d), q, d, lr);
}

/** Additive-noise discrete SGD: H Σ + Σ H − ε H Σ H = ε Q with the same Q = ρ R (ignores the state-dependent part). */
export function leastSquaresDiscreteLyapunov(x: Float64Array, residuals: Float64Array, n: number, d: number, lr: number, rho: number): Float64Array {
  checkStep(lr, rho);
  const q = scaled(residualGradientCovariance(x, residuals, n, d), rho);
  return sgdStationaryCovarianceEigen(symmetricEigen(leastSquaresHessian(x, n, d), d), q, d, lr);
}

function scaled(a: Float64Array, s: number): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] *= s;
  return a;
}

/**
 * The exact stationary covariance of discrete SGD on least squares with state-dependent noise,
 * solved as a linear system in the d(d+1)/2 unknowns Σ_ab (a ≤ b). Cost O(N d⁴/24 + d⁶/24)
 * (d = 32: about 0.15 s per 1000 examples plus 0.1 s for the solve). ρ = c(N,B) from `noiseFactor`.
 *
 * Throws NumericalError when ε λ_max(H) ≥ 2, when H is singular, or when SGD is mean-square unstable
 * (ε too large for the state-dependent noise even though ε λ_max < 2). The last is detected exactly:
 * the system is (I − T)Σ = ε² ρ R with T(Σ) = E[(I − εH_B) Σ (I − εH_B)] a PSD-cone-preserving,
 * trace-self-adjoint map, so (I − T) X = I has a positive-definite solution iff the spectral radius
 * of T is below 1 (if T*Y = rY with Y ⪰ 0, r ≥ 1, then 0 < tr Y = ⟨Y, X − T X⟩ = (1 − r)⟨Y, X⟩ ≤ 0).
 */
export function leastSquaresStationaryCovariance(
  x: Float64Array,
  residuals: Float64Array,
  n: number,
  d: number,
  lr: number,
  rho: number,
): Float64Array {
  return solveStationary(x, residuals, n, d, lr, rho, 1);
}

/**
 * The SDE's counterpart (first-order SME with the state-dependent noise ε ρ S(ω)): by Itô,
 * H Σ + Σ H = ε ρ E[S(ω)] = ε ρ [M(Σ) − H Σ H + R], the discrete equation without its ε² H Σ H
 * term. Exact for the SDE (not for Euler–Maruyama at finite h); the OU value freezes S at ω*.
 */
export function leastSquaresSdeCovariance(
  x: Float64Array,
  residuals: Float64Array,
  n: number,
  d: number,
  lr: number,
  rho: number,
): Float64Array {
  return solveStationary(x, residuals, n, d, lr, rho, 0);
}

/** kappa = 1: discrete SGD; kappa = 0: the continuous-time SDE. */
function solveStationary(x: Float64Array, residuals: Float64Array, n: number, d: number, lr: number, rho: number, kappa: 0 | 1): Float64Array {
  checkData(x, n, d);
  checkResiduals(residuals, n);
  checkStep(lr, rho);
  const h = leastSquaresHessian(x, n, d);
  if (kappa === 1) requireStable(symmetricEigen(h, d).values, d, lr, 0, 'SGD on least squares');
  const r = residualGradientCovariance(x, residuals, n, d);

  // Unknowns and equations are indexed by the upper-triangle pairs (a ≤ b), in lexicographic order,
  // so the pairs (a, b) with a ≥ c form the contiguous tail starting at start[c].
  const p = (d * (d + 1)) / 2;
  const pa = new Int32Array(p);
  const pb = new Int32Array(p);
  const start = new Int32Array(d);
  const pairIndex = new Int32Array(d * d);
  for (let a = 0, k = 0; a < d; a++) {
    start[a] = k;
    for (let b = a; b < d; b++, k++) { pa[k] = a; pb[k] = b; pairIndex[a * d + b] = k; }
  }

  // The fourth moments N·E[x_p x_q x_a x_b] depend only on the sorted index multiset s0 ≤ s1 ≤ s2 ≤ s3;
  // store each once, at row pair(s0, s1), column pair(s2, s3). That is C(d+3, 4) products per example
  // instead of d(d+1)/2 squared (about 2.7× fewer at d = 32).
  const f = new Float64Array(p * p);
  const z = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let k = 0; k < p; k++) z[k] = x[o + pa[k]] * x[o + pb[k]];
    for (let k = 0; k < p; k++) {
      const zk = z[k];
      if (zk === 0) continue;
      const row = k * p;
      for (let l = start[pb[k]]; l < p; l++) f[row + l] += zk * z[l];
    }
  }
  const idx = [0, 0, 0, 0];
  const fourthMoment = (i0: number, i1: number, i2: number, i3: number): number => {
    idx[0] = i0; idx[1] = i1; idx[2] = i2; idx[3] = i3;
    idx.sort((u, v) => u - v);
    return f[pairIndex[idx[0] * d + idx[1]] * p + pairIndex[idx[2] * d + idx[3]]] / n;
  };

  // Row (pq), column (ab) of the operator divided by ε, applied to the basis matrix
  // E_ab = s (e_a e_bᵀ + e_b e_aᵀ), s = ½ on the diagonal and 1 off it:
  //   (HE + EH)_pq − ε(κ − ρ)(HEH)_pq − ερ M(E)_pq,   M(E)_pq = 2s E[x_p x_q x_a x_b]  (κ = 1 discrete, 0 SDE).
  const sys = new Float64Array(p * p);
  const delta = (i: number, j: number): number => (i === j ? 1 : 0);
  for (let row = 0; row < p; row++) {
    const pp = pa[row];
    const qq = pb[row];
    for (let col = 0; col < p; col++) {
      const a = pa[col];
      const b = pb[col];
      const s = a === b ? 0.5 : 1;
      const he = h[pp * d + a] * delta(b, qq) + h[pp * d + b] * delta(a, qq);
      const eh = delta(pp, a) * h[b * d + qq] + delta(pp, b) * h[a * d + qq];
      const heh = h[pp * d + a] * h[b * d + qq] + h[pp * d + b] * h[a * d + qq];
      const m4 = 2 * s * fourthMoment(pp, qq, a, b);
      sys[row * p + col] = s * (he + eh) - lr * (kappa - rho) * s * heh - lr * rho * m4;
    }
  }

  // Two right-hand sides: ερR (the answer) and I (the mean-square stability certificate).
  const rhs = new Float64Array(p * 2);
  for (let k = 0; k < p; k++) {
    rhs[2 * k] = lr * rho * r[pa[k] * d + pb[k]];
    rhs[2 * k + 1] = pa[k] === pb[k] ? 1 : 0;
  }
  const sol = solveLinearSystem(sys, p, rhs, 2, `least-squares stationary covariance system (${p} unknowns, ε = ${lr}, ρ = ${rho})`);

  const sigma = new Float64Array(d * d);
  const cert = new Float64Array(d * d);
  for (let k = 0; k < p; k++) {
    const a = pa[k];
    const b = pb[k];
    sigma[a * d + b] = sigma[b * d + a] = sol[2 * k];
    cert[a * d + b] = cert[b * d + a] = sol[2 * k + 1];
  }
  try {
    cholesky(cert, d);
  } catch (err) {
    if (!(err instanceof NumericalError)) throw err;
    throw new NumericalError(
      `SGD on least squares is mean-square unstable at ε = ${lr} with noise factor ρ = ${rho}: the state-dependent minibatch noise makes the second moment grow without bound even though ε λ_max(H) < 2 (the Lyapunov-type system has no positive-definite solution); use a smaller ε or a larger batch`,
    );
  }
  return sigma;
}
