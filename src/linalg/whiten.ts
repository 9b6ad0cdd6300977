import { cholesky } from './cholesky.js';

/**
 * Exact whitening of N rows a_i ∈ R^d (N×d row-major, in place): subtract the row mean, then
 * solve L x_i = a_i with L the Cholesky factor of the (1/N)-normalised sample covariance, so that
 * afterwards Σ a_i = 0 and (1/N) Σ a_i a_iᵀ = I exactly (to round-off). Needs N > d rows in
 * general position (otherwise the covariance is singular and cholesky throws).
 */
export function whiten(a: Float64Array, n: number, d: number): void {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += a[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) a[i * d + j] -= mean[j];
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) for (let q = 0; q < d; q++) cov[p * d + q] += (a[i * d + p] * a[i * d + q]) / n;
  const l = cholesky(cov, d, 'sample covariance of the noise offsets');
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    // solve L x = a_i
    for (let p = 0; p < d; p++) {
      let s = a[i * d + p];
      for (let q = 0; q < p; q++) s -= l[p * d + q] * row[q];
      row[p] = s / l[p * d + p];
    }
    a.set(row, i * d);
  }
}
