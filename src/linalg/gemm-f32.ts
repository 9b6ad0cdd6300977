import { activeNativeBlas, blasThreads } from './backend.js';
import { wasmKernelsFor } from './f32-arena.js';
import { assertBlock, assertCount, assertLength } from './kernel-bounds.js';

/**
 * Dense float32 matrix product C (+)= A·B, the workhorse of the MLP (models/mlp.ts).
 * A is m×k with element (i, p) at a[i·ars + p·acs], so one kernel serves A·B (ars = k, acs = 1) and
 * Aᵀ·B (ars = 1, acs = m of the stored matrix). B is k×n with contiguous rows (row stride ldb), C is
 * m×n with row stride ldc. `accumulate` adds to C instead of overwriting it.
 *
 * When a, b and c are views of one wasm arena (f32-arena.ts), the first n − n mod 4 columns run in
 * WebAssembly SIMD: 4×8 register tiles, f32 accumulation (about 25 GFLOP/s on one core of the
 * 2-core benchmark machine, against about 2.9 for the JS tiles below). The other columns, and
 * everything on the JS backend, run in JS: 4×4 tiles with float64 accumulators in locals, rounded
 * to float32 on store. The two backends therefore differ in the last bits; each is deterministic.
 *
 * On the native backend (backend.ts) the whole product goes to OpenBLAS's sgemm on the same views
 * (zero copy) whenever A is a plain or a transposed row-major matrix (acs = 1 or ars = 1), which
 * is every call the MLP makes, in blocks fixed by the shape on blasThreads() threads (the same bytes
 * for any thread count); other strides fall back to the kernels above. Shapes, strides and lengths
 * are checked first on every backend (checkGemm).
 */
export function checkGemm(kernel: string, m: number, n: number, k: number, a: Float32Array, ars: number, acs: number, b: Float32Array, ldb: number, c: Float32Array, ldc: number): void {
  assertCount(kernel, 'm', m);
  assertCount(kernel, 'n', n);
  assertCount(kernel, 'k', k);
  assertCount(kernel, 'the row stride of A', ars);
  assertCount(kernel, 'the column stride of A', acs);
  assertLength(kernel, 'A', a, m === 0 || k === 0 ? 0 : (m - 1) * ars + (k - 1) * acs + 1);
  assertBlock(kernel, 'B', b, k, n, ldb);
  assertBlock(kernel, 'C', c, m, n, ldc);
}

export function gemmF32(
  m: number, n: number, k: number,
  a: Float32Array, ars: number, acs: number,
  b: Float32Array, ldb: number,
  c: Float32Array, ldc: number,
  accumulate = false,
): void {
  checkGemm('gemmF32', m, n, k, a, ars, acs, b, ldb, c, ldc);
  const blas = activeNativeBlas();
  if (blas !== null && (acs === 1 || ars === 1)) {
    if (m === 0 || n === 0) return;
    // A stored m×k with row stride ars (acs = 1), or k×m with row stride acs (ars = 1: A is its transpose)
    if (acs === 1) blas.sgemmBlocks(0, 0, m, n, k, 1, a, 0, m === 1 ? Math.max(k, 1) : ars, b, 0, ldb, accumulate ? 1 : 0, c, 0, ldc, blasThreads());
    else blas.sgemmBlocks(1, 0, m, n, k, 1, a, 0, k === 1 ? Math.max(m, 1) : acs, b, 0, ldb, accumulate ? 1 : 0, c, 0, ldc, blasThreads());
    return;
  }
  gemmWasm(m, n, k, a, ars, acs, b, ldb, c, ldc, accumulate);
}

/** gemmF32 on the arena's WebAssembly kernels (plain JS for operands outside an arena), whatever the backend. */
export function gemmWasm(
  m: number, n: number, k: number,
  a: Float32Array, ars: number, acs: number,
  b: Float32Array, ldb: number,
  c: Float32Array, ldc: number,
  accumulate = false,
): void {
  checkGemm('gemmWasm', m, n, k, a, ars, acs, b, ldb, c, ldc);
  let j0 = 0;
  const wasm = a.buffer === b.buffer && a.buffer === c.buffer ? wasmKernelsFor(a.buffer) : undefined;
  if (wasm && m > 0) {
    j0 = n & ~3;
    if (j0 > 0) wasm.gemm(a.byteOffset, ars, acs, b.byteOffset, ldb, c.byteOffset, ldc, m, k, j0, accumulate ? 1 : 0);
  }
  if (j0 < n) gemmJs(m, j0, n, k, a, ars, acs, b, ldb, c, ldc, accumulate);
}

/** Columns [j0, j1) of C (+)= A·B in plain JS. */
export function gemmJs(
  m: number, j0: number, j1: number, k: number,
  a: Float32Array, ars: number, acs: number,
  b: Float32Array, ldb: number,
  c: Float32Array, ldc: number,
  accumulate: boolean,
): void {
  const m4 = m - (m % 4);
  const j4 = j0 + ((j1 - j0) - ((j1 - j0) % 4));
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * ars, a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
    for (let j = j0; j < j4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let pb = j;
      let pa = 0;
      for (let p = 0; p < k; p++, pb += ldb, pa += acs) {
        const x0 = a[a0 + pa], x1 = a[a1 + pa], x2 = a[a2 + pa], x3 = a[a3 + pa];
        const y0 = b[pb], y1 = b[pb + 1], y2 = b[pb + 2], y3 = b[pb + 3];
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      let r = i * ldc + j;
      if (accumulate) {
        c[r] += c00; c[r + 1] += c01; c[r + 2] += c02; c[r + 3] += c03; r += ldc;
        c[r] += c10; c[r + 1] += c11; c[r + 2] += c12; c[r + 3] += c13; r += ldc;
        c[r] += c20; c[r + 1] += c21; c[r + 2] += c22; c[r + 3] += c23; r += ldc;
        c[r] += c30; c[r + 1] += c31; c[r + 2] += c32; c[r + 3] += c33;
      } else {
        c[r] = c00; c[r + 1] = c01; c[r + 2] = c02; c[r + 3] = c03; r += ldc;
        c[r] = c10; c[r + 1] = c11; c[r + 2] = c12; c[r + 3] = c13; r += ldc;
        c[r] = c20; c[r + 1] = c21; c[r + 2] = c22; c[r + 3] = c23; r += ldc;
        c[r] = c30; c[r + 1] = c31; c[r + 2] = c32; c[r + 3] = c33;
      }
    }
  }
  // the rim: rows past m4 in every column, and columns past j4 in the first m4 rows
  for (let i = 0; i < m; i++) {
    const jStart = i < m4 ? j4 : j0;
    for (let j = jStart; j < j1; j++) {
      let s = 0;
      for (let p = 0, pa = i * ars, pb = j; p < k; p++, pa += acs, pb += ldb) s += a[pa] * b[pb];
      const r = i * ldc + j;
      c[r] = accumulate ? c[r] + s : s;
    }
  }
}
