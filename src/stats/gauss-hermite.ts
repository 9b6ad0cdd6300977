import { symmetricEigen } from '../linalg/symmetric-eigen.js';

/**
 * Gauss–Hermite quadrature for the standard normal: nodes ξ_k and weights w_k with
 * E p(Z) = Σ_k w_k p(ξ_k) exactly for every polynomial p of degree ≤ 2n − 1, Z ~ N(0, 1).
 * Golub–Welsch: the nodes are the eigenvalues of the Jacobi matrix of the monic (probabilists')
 * Hermite polynomials, x He_k = He_{k+1} + k He_{k−1} (zero diagonal, off-diagonal √k), and each
 * weight is the squared first component of its unit eigenvector. Not for hot loops.
 */
export function gaussHermite(n: number): { nodes: Float64Array; weights: Float64Array } {
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new RangeError(`Gauss–Hermite needs 1 ≤ n ≤ 100 nodes (got ${n})`);
  const jacobi = new Float64Array(n * n);
  for (let k = 1; k < n; k++) {
    jacobi[(k - 1) * n + k] = Math.sqrt(k);
    jacobi[k * n + k - 1] = Math.sqrt(k);
  }
  const { values, vectors } = symmetricEigen(jacobi, n);
  const weights = new Float64Array(n);
  for (let k = 0; k < n; k++) weights[k] = vectors[k] * vectors[k];
  return { nodes: values, weights };
}
