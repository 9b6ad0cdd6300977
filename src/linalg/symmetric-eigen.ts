import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Eigen-decomposition of a symmetric n×n matrix (row-major): A = V diag(values) Vᵀ, values
 * ascending, V's columns orthonormal (stored row-major: V[i*n + k] is component i of vector k).
 * Uses ml-matrix's symmetric QL algorithm; not for hot loops.
 */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  // entries below 1e-200 of the largest are flushed to zero: ml-matrix's QL iteration fails on subnormals
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  const tiny = scale * 1e-200;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = new Array(n);
    for (let j = 0; j < n; j++) {
      const v = 0.5 * (a[i * n + j] + a[j * n + i]);
      row[j] = Math.abs(v) < tiny ? 0 : v;
    }
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
