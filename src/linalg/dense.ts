/** Small dense helpers on row-major Float64Arrays (not for hot loops over large matrices). */

/** C = A B with A m×k, B k×n. */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number, out = new Float64Array(m * n)): Float64Array {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const ri = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      if (aip === 0) continue;
      const rp = p * n;
      for (let j = 0; j < n; j++) out[ri + j] += aip * b[rp + j];
    }
  }
  return out;
}

export function transpose(a: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j];
  return out;
}

/** V diag(d) Vᵀ … or generally A ← P M Pᵀ. */
export function congruence(p: Float64Array, m: Float64Array, n: number): Float64Array {
  return matmul(matmul(p, m, n, n, n), transpose(p, n, n), n, n, n);
}

/** a·b over the first n entries, summed in index order. */
export function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

export function trace(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i * n + i];
  return s;
}

export function identity(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/** Nested arrays for JSON output. */
export function toRows(a: Float64Array, m: number, n: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < m; i++) rows.push(Array.from(a.subarray(i * n, (i + 1) * n)));
  return rows;
}
