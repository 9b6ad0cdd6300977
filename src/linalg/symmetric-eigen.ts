import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Eigen-decomposition of a symmetric n×n matrix (row-major): A = V diag(values) Vᵀ, values
 * ascending, V's columns orthonormal (stored row-major: V[i*n + k] is component i of vector k).
 * Uses ml-matrix's symmetric QL algorithm; not for hot loops.
 */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = new Array(n);
    for (let j = 0; j < n; j++) row[j] = 0.5 * (a[i * n + j] + a[j * n + i]);
    rows.push(row);
  }
  const e = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const vals = e.realEigenvalues;
  const vecs = e.eigenvectorMatrix;
  const order = vals.map((_, i) => i).sort((x, y) => vals[x] - vals[y]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, k) => {
    values[k] = vals[src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = vecs.get(i, src);
  });
  return { values, vectors };
}
