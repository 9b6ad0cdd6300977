/**
 * A Haar-random d×d orthogonal matrix (columns orthonormal, row-major): Gram–Schmidt, applied twice
 * for stability, on the columns of a matrix of independent standard normals drawn from `rng`
 * column by column (the draw order is part of the reproducibility contract).
 */
export function randomOrthogonal(d: number, rng: { normal(): number }): Float64Array {
  const q = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const v = new Float64Array(d);
    for (let i = 0; i < d; i++) v[i] = rng.normal();
    for (let pass = 0; pass < 2; pass++)
      for (let p = 0; p < k; p++) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += v[i] * q[i * d + p];
        for (let i = 0; i < d; i++) v[i] -= dot * q[i * d + p];
      }
    let norm = 0;
    for (let i = 0; i < d; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < d; i++) q[i * d + k] = v[i] / norm;
  }
  return q;
}
