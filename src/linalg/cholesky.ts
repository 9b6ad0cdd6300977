import { NumericalError } from '../errors.js';

/**
 * Cholesky factorisation A = L Lᵀ of a symmetric positive-definite n×n matrix (row-major),
 * in place in a copy; the strict upper triangle of the result is zeroed.
 * Throws NumericalError naming the pivot when A is not positive definite.
 */
export function cholesky(a: Float64Array, n: number, what = 'matrix'): Float64Array {
  const l = Float64Array.from(a.subarray(0, n * n));
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = l[rj + j];
    for (let k = 0; k < j; k++) d -= l[rj + k] * l[rj + k];
    if (!(d > 0) || !Number.isFinite(d)) {
      throw new NumericalError(`${what} is not positive definite (Cholesky pivot ${j} of ${n} is ${d.toPrecision(3)}); it may be singular or ill-conditioned`);
    }
    const djj = Math.sqrt(d);
    l[rj + j] = djj;
    const inv = 1 / djj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = l[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      l[ri + j] = s * inv;
    }
    for (let k = j + 1; k < n; k++) l[rj + k] = 0;
  }
  return l;
}

/** ln det A from its Cholesky factor: 2 Σ ln L_jj. */
export function choleskyLogDet(l: Float64Array, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.log(l[j * n + j]);
  return 2 * s;
}

/** Solve A x = b given the Cholesky factor L of A; writes x into `out` (may alias b). */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array, out: Float64Array = new Float64Array(n)): Float64Array {
  if (out !== b) out.set(b.subarray(0, n));
  for (let i = 0; i < n; i++) {
    let s = out[i];
    const ri = i * n;
    for (let k = 0; k < i; k++) s -= l[ri + k] * out[k];
    out[i] = s / l[ri + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = out[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * out[k];
    out[i] = s / l[i * n + i];
  }
  return out;
}

/** y = L z for lower-triangular L (e.g. to colour white noise with covariance L Lᵀ). */
export function lowerTriangularMultiply(l: Float64Array, n: number, z: Float64Array, out: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = 0;
    const ri = i * n;
    for (let k = 0; k <= i; k++) s += l[ri + k] * z[k];
    out[i] = s;
  }
}
