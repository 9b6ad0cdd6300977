/**
 * Dense kernels for the evidence computation (docs/theory.md §6), where d ≈ N ≈ 800 makes the
 * products the cost: the Gram matrix A Aᵀ of the rows of a row-major matrix, and symmetric
 * matrix–vector products. Rows are contiguous, so every inner loop is a dot product of
 * contiguous rows; a 4×2 register block reuses each loaded value several times (V8 keeps the
 * eight accumulators in registers), and the row pairs are small enough to stay in L1.
 */

/** out (m×m, row-major, both triangles) = A Aᵀ for A m×k row-major. */
export function gramRows(a: Float64Array, m: number, k: number, out: Float64Array = new Float64Array(m * m)): Float64Array {
  if (a.length < m * k) throw new RangeError(`gramRows: matrix has ${a.length} entries, need ${m}×${k}`);
  // blocks of 2 rows (j) against blocks of 4 rows (i ≥ j): the lower triangle, then mirror
  let j = 0;
  for (; j + 1 < m; j += 2) {
    const q0 = j * k;
    const q1 = q0 + k;
    let i = j;
    for (; i + 3 < m; i += 4) {
      const r0 = i * k;
      const r1 = r0 + k;
      const r2 = r1 + k;
      const r3 = r2 + k;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let p = 0; p < k; p++) {
        const u = a[q0 + p];
        const v = a[q1 + p];
        const x0 = a[r0 + p], x1 = a[r1 + p], x2 = a[r2 + p], x3 = a[r3 + p];
        a0 += x0 * u; a1 += x1 * u; a2 += x2 * u; a3 += x3 * u;
        b0 += x0 * v; b1 += x1 * v; b2 += x2 * v; b3 += x3 * v;
      }
      out[i * m + j] = a0; out[(i + 1) * m + j] = a1; out[(i + 2) * m + j] = a2; out[(i + 3) * m + j] = a3;
      out[i * m + j + 1] = b0; out[(i + 1) * m + j + 1] = b1; out[(i + 2) * m + j + 1] = b2; out[(i + 3) * m + j + 1] = b3;
    }
    for (; i < m; i++) {
      const r0 = i * k;
      let a0 = 0, b0 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = a[r0 + p];
        a0 += x0 * a[q0 + p];
        b0 += x0 * a[q1 + p];
      }
      out[i * m + j] = a0;
      out[i * m + j + 1] = b0;
    }
  }
  for (; j < m; j++) {
    const q0 = j * k;
    for (let i = j; i < m; i++) {
      const r0 = i * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[r0 + p] * a[q0 + p];
      out[i * m + j] = s;
    }
  }
  // the (j, j+1) entry above the diagonal of each 2-block was written in the lower pass as
  // out[j*m + j+1]; mirror the lower triangle over everything above it
  for (let r = 0; r < m; r++) for (let c = r + 1; c < m; c++) out[r * m + c] = out[c * m + r];
  return out;
}

/** out = G x for a symmetric n×n G (row-major, both triangles stored); four rows per pass. */
export function symmetricMatVec(g: Float64Array, n: number, x: Float64Array, out: Float64Array): Float64Array {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let p = 0; p < n; p++) {
      const v = x[p];
      s0 += g[r0 + p] * v; s1 += g[r1 + p] * v; s2 += g[r2 + p] * v; s3 += g[r3 + p] * v;
    }
    out[i] = s0; out[i + 1] = s1; out[i + 2] = s2; out[i + 3] = s3;
  }
  for (; i < n; i++) {
    const r0 = i * n;
    let s = 0;
    for (let p = 0; p < n; p++) s += g[r0 + p] * x[p];
    out[i] = s;
  }
  return out;
}

/** out (k) = Aᵀ v for A m×k row-major: a sum of scaled rows (contiguous, no transpose). */
export function transposeMatVec(a: Float64Array, m: number, k: number, v: Float64Array, out: Float64Array): Float64Array {
  out.fill(0, 0, k);
  for (let i = 0; i < m; i++) {
    const c = v[i];
    if (c === 0) continue;
    const r = i * k;
    for (let p = 0; p < k; p++) out[p] += c * a[r + p];
  }
  return out;
}

/** out (m) = A v for A m×k row-major. */
export function matVec(a: Float64Array, m: number, k: number, v: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < m; i++) {
    const r = i * k;
    let s = 0;
    for (let p = 0; p < k; p++) s += a[r + p] * v[p];
    out[i] = s;
  }
  return out;
}
