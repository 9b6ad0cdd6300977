import { NumericalError } from '../errors.js';
import { matmul } from '../linalg/dense.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';

/**
 * Stationary covariance of the OU process dω = −H ω dt + sqrt(ε Q) dW (dt = ε per SGD step,
 * docs/theory.md §2–3): the continuous Lyapunov equation H Σ + Σ H = ε Q. In H's eigenbasis it is
 * diagonal, Σ̃_jk = ε Q̃_jk / (λ_j + λ_k), so no d²×d² solve is needed.
 */

/** H = V diag(values) Vᵀ as returned by `symmetricEigen` (V row-major, columns = eigenvectors). */
export interface SymmetricEigenDecomposition {
  values: Float64Array;
  vectors: Float64Array;
}

/** Vᵀ A V: a d×d matrix in the eigenbasis whose vectors are the columns of V. */
export function toEigenbasis(vectors: Float64Array, a: Float64Array, d: number): Float64Array {
  const av = matmul(a, vectors, d, d, d);
  const out = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += vectors[i * d + j] * av[i * d + k];
      out[j * d + k] = s;
    }
  }
  return out;
}

/** V Ã Vᵀ: back from the eigenbasis. */
export function fromEigenbasis(vectors: Float64Array, a: Float64Array, d: number): Float64Array {
  const va = matmul(vectors, a, d, d, d);
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let l = 0; l < d; l++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += va[i * d + k] * vectors[l * d + k];
      out[i * d + l] = s;
    }
  }
  return out;
}

/** Average A with Aᵀ in place: removes round-off asymmetry from results that are symmetric in exact arithmetic. */
export function symmetrizeInPlace(a: Float64Array, d: number): Float64Array {
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const s = 0.5 * (a[i * d + j] + a[j * d + i]);
      a[i * d + j] = s;
      a[j * d + i] = s;
    }
  }
  return a;
}

/** Shape and finiteness checks shared by the Lyapunov solvers (wrong sizes are caller bugs). */
export function checkLyapunovInputs(eig: SymmetricEigenDecomposition, q: Float64Array, d: number, lr: number): void {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`dimension must be a positive integer (got ${d})`);
  if (eig.values.length < d || eig.vectors.length < d * d) throw new RangeError(`eigen-decomposition is smaller than d = ${d}`);
  if (q.length < d * d) throw new RangeError(`Q has ${q.length} entries; expected d² = ${d * d}`);
  if (!(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`learning rate must be positive and finite (got ${lr})`);
  for (let i = 0; i < d * d; i++) {
    if (!Number.isFinite(q[i])) throw new NumericalError(`Q has a non-finite entry at (${Math.floor(i / d)}, ${i % d})`);
  }
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(eig.values[i])) throw new NumericalError(`H has a non-finite eigenvalue`);
  }
}

/** λ_min(H) > 0, or a NumericalError: without it the OU process has no stationary distribution. */
function requirePositiveDefinite(values: Float64Array, d: number, what: string): void {
  let min = Infinity;
  for (let i = 0; i < d; i++) min = Math.min(min, values[i]);
  if (!(min > 0)) {
    throw new NumericalError(`${what}: H is not positive definite (λ_min = ${min.toPrecision(4)}), so there is no stationary distribution`);
  }
}

/** ouCovariance with a precomputed eigen-decomposition of H (reuse it across Q's and ε's). */
export function ouCovarianceEigen(eig: SymmetricEigenDecomposition, q: Float64Array, d: number, lr: number): Float64Array {
  checkLyapunovInputs(eig, q, d, lr);
  requirePositiveDefinite(eig.values, d, 'OU stationary covariance');
  const qt = toEigenbasis(eig.vectors, q, d);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++) qt[j * d + k] = (lr * qt[j * d + k]) / (eig.values[j] + eig.values[k]);
  }
  return symmetrizeInPlace(fromEigenbasis(eig.vectors, qt, d), d);
}

/**
 * Σ solving H Σ + Σ H = ε Q, for H symmetric positive definite and Q symmetric PSD (d×d row-major);
 * Q is the per-step covariance of the minibatch gradient noise, c(N,B)·S.
 */
export function ouCovariance(h: Float64Array, q: Float64Array, d: number, lr: number): Float64Array {
  if (h.length < d * d) throw new RangeError(`H has ${h.length} entries; expected d² = ${d * d}`);
  return ouCovarianceEigen(symmetricEigen(h, d), q, d, lr);
}
