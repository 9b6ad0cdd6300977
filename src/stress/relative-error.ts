import { cholesky } from '../linalg/cholesky.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';

/**
 * How far an approximate stationary covariance A is from the exact one E, as relative errors that
 * do not depend on the basis:
 * - worst direction: max over unit u of |uᵀ(A − E)u| / uᵀEu, the largest |eigenvalue| of
 *   L⁻¹(A − E)L⁻ᵀ with E = LLᵀ: "the variance of every linear combination of the parameters is
 *   right within this fraction";
 * - trace: |tr A − tr E| / tr E.
 * E must be positive definite (it is a stationary covariance with noise in every direction).
 */
export interface RelativeErrors {
  worstDirection: number;
  trace: number;
}

export function relativeErrors(approx: Float64Array, exact: Float64Array, d: number): RelativeErrors {
  const l = cholesky(Float64Array.from(exact), d, 'the exact stationary covariance');
  // W = L⁻¹ (A − E) L⁻ᵀ, by forward substitution on the columns and then on the rows
  const diff = new Float64Array(d * d);
  for (let k = 0; k < d * d; k++) diff[k] = approx[k] - exact[k];
  const y = new Float64Array(d * d); // L⁻¹ (A − E)
  for (let col = 0; col < d; col++)
    for (let i = 0; i < d; i++) {
      let s = diff[i * d + col];
      for (let k = 0; k < i; k++) s -= l[i * d + k] * y[k * d + col];
      y[i * d + col] = s / l[i * d + i];
    }
  const w = new Float64Array(d * d); // (L⁻¹ (L⁻¹ (A − E))ᵀ)ᵀ = L⁻¹ (A − E) L⁻ᵀ
  for (let row = 0; row < d; row++)
    for (let j = 0; j < d; j++) {
      let s = y[row * d + j];
      for (let k = 0; k < j; k++) s -= l[j * d + k] * w[row * d + k];
      w[row * d + j] = s / l[j * d + j];
    }
  const { values } = symmetricEigen(w, d);
  let worst = 0;
  for (let j = 0; j < d; j++) worst = Math.max(worst, Math.abs(values[j]));
  let ta = 0;
  let te = 0;
  for (let j = 0; j < d; j++) { ta += approx[j * d + j]; te += exact[j * d + j]; }
  return { worstDirection: worst, trace: Math.abs(ta - te) / te };
}
