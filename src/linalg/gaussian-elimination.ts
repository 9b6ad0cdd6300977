import { NumericalError } from '../errors.js';

/**
 * Solve A X = B for a general n×n A (row-major) and `nrhs` right-hand sides (B is n×nrhs,
 * row-major) by Gaussian elimination with partial pivoting. A and B are copied, not modified.
 * Throws NumericalError when a pivot falls below `relTol` times the largest entry of A: the
 * system is singular to working precision, and its solution would be noise.
 */
export function solveLinearSystem(
  a: Float64Array,
  n: number,
  b: Float64Array,
  nrhs = 1,
  what = 'linear system',
  relTol = 1e-13,
): Float64Array {
  const m = Float64Array.from(a.subarray(0, n * n));
  const x = Float64Array.from(b.subarray(0, n * nrhs));
  let scale = 0;
  for (let i = 0; i < n * n; i++) {
    const v = Math.abs(m[i]);
    if (!Number.isFinite(v)) throw new NumericalError(`${what}: the matrix has a non-finite entry`);
    if (v > scale) scale = v;
  }
  if (scale === 0) throw new NumericalError(`${what} is singular (the matrix is zero)`);
  const tol = relTol * scale;

  for (let k = 0; k < n; k++) {
    // Partial pivoting: the largest |entry| in column k at or below the diagonal.
    let p = k;
    let best = Math.abs(m[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(m[i * n + k]);
      if (v > best) { best = v; p = i; }
    }
    if (!(best > tol)) {
      throw new NumericalError(`${what} is singular to working precision (pivot ${k} of ${n} is ${best.toPrecision(3)}, matrix scale ${scale.toPrecision(3)})`);
    }
    if (p !== k) {
      for (let j = k; j < n; j++) { const t = m[k * n + j]; m[k * n + j] = m[p * n + j]; m[p * n + j] = t; }
      for (let j = 0; j < nrhs; j++) { const t = x[k * nrhs + j]; x[k * nrhs + j] = x[p * nrhs + j]; x[p * nrhs + j] = t; }
    }
    const inv = 1 / m[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k] * inv;
      if (f === 0) continue;
      m[i * n + k] = 0;
      for (let j = k + 1; j < n; j++) m[i * n + j] -= f * m[k * n + j];
      for (let j = 0; j < nrhs; j++) x[i * nrhs + j] -= f * x[k * nrhs + j];
    }
  }
  // Back substitution, all right-hand sides at once.
  for (let i = n - 1; i >= 0; i--) {
    const inv = 1 / m[i * n + i];
    for (let j = 0; j < nrhs; j++) {
      let s = x[i * nrhs + j];
      for (let k = i + 1; k < n; k++) s -= m[i * n + k] * x[k * nrhs + j];
      x[i * nrhs + j] = s * inv;
    }
  }
  return x;
}
