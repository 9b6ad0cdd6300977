import { NumericalError } from '../errors.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';
import {
  checkLyapunovInputs,
  fromEigenbasis,
  symmetrizeInPlace,
  toEigenbasis,
  type SymmetricEigenDecomposition,
} from './lyapunov-continuous.js';

/**
 * Exact stationary covariance of discrete SGD on a quadratic with additive noise (docs/theory.md §3):
 * e ← (I − εH) e − ε ξ, Cov ξ = Q, gives Σ = (I − εH) Σ (I − εH) + ε² Q, i.e.
 * H Σ + Σ H − ε H Σ H = ε Q. In H's eigenbasis Σ̃_jk = ε Q̃_jk / (λ_j + λ_k − ε λ_j λ_k).
 */

/**
 * The bound on ε λ_max for a stationary distribution: 2 for plain SGD, 2(1+m) for heavy ball
 * (|m| < 1). `lambdaMax` is not needed for the bound itself (it is on the product ε λ_max);
 * it is taken so call sites read as "the bound for this spectrum" and is checked to be finite.
 * Use `maxStableLr` for the bound on ε.
 */
export function stabilityBound(lambdaMax: number, momentum: number): number {
  if (Number.isNaN(lambdaMax)) throw new RangeError('lambdaMax is NaN');
  if (!(momentum > -1 && momentum < 1)) throw new RangeError(`momentum must lie in (−1, 1) (got ${momentum})`);
  return 2 * (1 + momentum);
}

/** The largest stable learning rate, 2(1+m)/λ_max (Infinity when λ_max ≤ 0: then nothing is stable anyway). */
export function maxStableLr(lambdaMax: number, momentum: number): number {
  const bound = stabilityBound(lambdaMax, momentum);
  return lambdaMax > 0 ? bound / lambdaMax : Infinity;
}

/**
 * Throws a NumericalError unless 0 < ε λ_j < 2(1+m) for every eigenvalue: outside that region the
 * iteration's second moment grows without bound (or, for λ ≤ 0, does not settle), so there is no
 * stationary distribution. `what` names the dynamics in the message.
 */
export function requireStable(values: Float64Array, d: number, lr: number, momentum: number, what: string): void {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < d; i++) { min = Math.min(min, values[i]); max = Math.max(max, values[i]); }
  const bound = stabilityBound(max, momentum);
  if (!(min > 0)) {
    throw new NumericalError(`${what} has no stationary distribution: H is not positive definite (λ_min = ${min.toPrecision(4)}); stability needs 0 < ε λ < ${bound}`);
  }
  const product = lr * max;
  if (!(product < bound)) {
    const m = momentum === 0 ? '' : ` = 2(1+m) with m = ${momentum}`;
    throw new NumericalError(`${what} is unstable: ε λ_max = ${product.toPrecision(4)} (ε = ${lr}, λ_max = ${max.toPrecision(4)}) is not below the stability bound ${bound}${m}; no stationary distribution`);
  }
}

/** sgdStationaryCovariance with a precomputed eigen-decomposition of H. */
export function sgdStationaryCovarianceEigen(eig: SymmetricEigenDecomposition, q: Float64Array, d: number, lr: number): Float64Array {
  checkLyapunovInputs(eig, q, d, lr);
  requireStable(eig.values, d, lr, 0, 'discrete SGD');
  const qt = toEigenbasis(eig.vectors, q, d);
  for (let j = 0; j < d; j++) {
    const lj = eig.values[j];
    for (let k = 0; k < d; k++) {
      const lk = eig.values[k];
      // λ_j + λ_k − ε λ_j λ_k = (1 − (1−ελ_j)(1−ελ_k))/ε > 0 inside the stability region.
      qt[j * d + k] = (lr * qt[j * d + k]) / (lj + lk - lr * lj * lk);
    }
  }
  return symmetrizeInPlace(fromEigenbasis(eig.vectors, qt, d), d);
}

/**
 * Σ solving H Σ + Σ H − ε H Σ H = ε Q exactly (the stationary covariance of discrete SGD with
 * additive noise of per-step covariance Q). Throws NumericalError when ε λ_max ≥ 2 or λ_min ≤ 0.
 */
export function sgdStationaryCovariance(h: Float64Array, q: Float64Array, d: number, lr: number): Float64Array {
  if (h.length < d * d) throw new RangeError(`H has ${h.length} entries; expected d² = ${d * d}`);
  return sgdStationaryCovarianceEigen(symmetricEigen(h, d), q, d, lr);
}
