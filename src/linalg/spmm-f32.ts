import { wasmKernelsFor } from './f32-arena.js';
import { assertBlock, assertCount, assertLength, blockSpan } from './kernel-bounds.js';

/**
 * Sparse rows times a dense matrix, for inputs that are mostly zeros (MNIST pixels are about 81 %
 * zeros): the first layer then costs nnz·h instead of d·h multiply-adds, forward and backward.
 * Compressed sparse rows (CSR): row r holds entries rowPtr[r] ≤ e < rowPtr[r+1], each a column
 * colIdx[e] and a value values[e].
 */
export interface CsrF32 {
  rows: number;
  cols: number;
  rowPtr: Int32Array;   // rows + 1
  colIdx: Int32Array;   // ≥ nnz
  values: Float32Array; // ≥ nnz
}

/** Allocators for the arrays, so that a CSR can live in a wasm arena (f32-arena.ts). */
export interface CsrAlloc {
  f32(n: number): Float32Array;
  i32(n: number): Int32Array;
}

const plainAlloc: CsrAlloc = { f32: (n) => new Float32Array(n), i32: (n) => new Int32Array(n) };

/** Number of non-zero entries of a row-major rows×cols matrix. */
export function countNonZero(x: ArrayLike<number>, rows: number, cols: number): number {
  let nnz = 0;
  for (let i = 0, end = rows * cols; i < end; i++) if (x[i] !== 0) nnz++;
  return nnz;
}

/** CSR of a dense row-major matrix (entries equal to 0 are dropped). */
export function csrFromDense(x: ArrayLike<number>, rows: number, cols: number, alloc: CsrAlloc = plainAlloc): CsrF32 {
  const nnz = countNonZero(x, rows, cols);
  const csr: CsrF32 = { rows, cols, rowPtr: alloc.i32(rows + 1), colIdx: alloc.i32(nnz), values: alloc.f32(nnz) };
  fillCsr(x, 0, rows, cols, csr);
  return csr;
}

/** Refill `out` (capacity permitting) with rows [row0, row0 + rows) of a dense row-major matrix. */
export function fillCsr(x: ArrayLike<number>, row0: number, rows: number, cols: number, out: CsrF32): void {
  const { rowPtr, colIdx, values } = out;
  let e = 0;
  for (let r = 0; r < rows; r++) {
    rowPtr[r] = e;
    const base = (row0 + r) * cols;
    for (let j = 0; j < cols; j++) {
      const v = x[base + j];
      if (v !== 0) {
        if (e >= colIdx.length) throw new RangeError(`CSR capacity ${colIdx.length} exceeded`);
        colIdx[e] = j; values[e] = v; e++;
      }
    }
  }
  rowPtr[rows] = e;
  out.rows = rows;
  out.cols = cols;
}

/** The largest number of entries in one row. */
export function maxRowNonZero(csr: CsrF32): number {
  let m = 0;
  for (let r = 0; r < csr.rows; r++) m = Math.max(m, csr.rowPtr[r + 1] - csr.rowPtr[r]);
  return m;
}

/**
 * The transpose of the rows map[0..count) of `csr`, written into `out` (a csr.cols × count CSR):
 * out row j lists, in increasing r, the selected rows r that have column j. A counting sort:
 * O(nnz of the selected rows + csr.cols). `out` needs capacity for those entries.
 */
export function gatherTranspose(csr: CsrF32, map: Int32Array, count: number, out: CsrF32): void {
  const { rowPtr, colIdx, values } = csr;
  const cols = csr.cols;
  const tp = out.rowPtr;
  tp.fill(0, 0, cols + 1);
  for (let r = 0; r < count; r++) {
    const row = map[r];
    for (let e = rowPtr[row]; e < rowPtr[row + 1]; e++) tp[colIdx[e] + 1]++;
  }
  for (let j = 0; j < cols; j++) tp[j + 1] += tp[j];
  if (tp[cols] > out.colIdx.length) throw new RangeError(`transpose needs ${tp[cols]} entries, capacity ${out.colIdx.length}`);
  // fill using tp[j] as the cursor of row j, then shift the cursors back into row starts
  for (let r = 0; r < count; r++) {
    const row = map[r];
    for (let e = rowPtr[row]; e < rowPtr[row + 1]; e++) {
      const at = tp[colIdx[e]]++;
      out.colIdx[at] = r;
      out.values[at] = values[e];
    }
  }
  for (let j = cols; j > 0; j--) tp[j] = tp[j - 1];
  tp[0] = 0;
  out.rows = cols;
  out.cols = count;
}

/**
 * C[r, 0..n) = Σ_e values[e] · B[colIdx[e], 0..n) over the entries of CSR row map[r] (row r when
 * map is null), for r < rows. B has row stride ldb, C row stride ldc; rows without entries get
 * zeros. Runs in wasm (32-column register strips) when csr arrays, map, b and c share a wasm arena.
 */
export function spmmF32(
  csr: CsrF32, map: Int32Array | null, rows: number, n: number,
  b: Float32Array, ldb: number, c: Float32Array, ldc: number,
): void {
  checkSpmm('spmmF32', csr, map, rows, n, b, ldb, c, ldc);
  const buf = c.buffer;
  const same = b.buffer === buf && csr.rowPtr.buffer === buf && csr.colIdx.buffer === buf && csr.values.buffer === buf && (map === null || map.buffer === buf);
  const wasm = same ? wasmKernelsFor(buf) : undefined;
  let j0 = 0;
  if (wasm) {
    j0 = n & ~3;
    if (j0 > 0) {
      wasm.spmm(csr.rowPtr.byteOffset, csr.colIdx.byteOffset, csr.values.byteOffset, map ? map.byteOffset : 0, map ? 1 : 0,
        rows, b.byteOffset, ldb, c.byteOffset, ldc, j0);
    }
  }
  if (j0 < n) spmmJs(csr, map, rows, j0, n, b, ldb, c, ldc);
}

/**
 * The arguments of spmmF32, checked before any kernel (kernel-bounds.ts): the rows it reads
 * (map[0..rows) or 0..rows) exist in the CSR, their entries lie inside colIdx and values and name
 * rows of B, and B and C hold the blocks. O(rows + entries of those rows).
 */
export function checkSpmm(kernel: string, csr: CsrF32, map: Int32Array | null, rows: number, n: number, b: Float32Array, ldb: number, c: Float32Array, ldc: number): void {
  assertCount(kernel, 'rows', rows);
  assertCount(kernel, 'n', n);
  assertCount(kernel, 'the CSR row count', csr.rows);
  assertLength(kernel, 'rowPtr', csr.rowPtr, csr.rows + 1);
  if (map) assertLength(kernel, 'map', map, rows);
  else if (rows > csr.rows) throw new RangeError(`${kernel}: rows (${rows}) exceeds the CSR's ${csr.rows} rows`);
  assertBlock(kernel, 'C', c, rows, n, ldc);
  assertCount(kernel, 'the row stride of B', ldb);
  const { rowPtr, colIdx, values } = csr;
  const capacity = Math.min(colIdx.length, values.length);
  let maxCol = -1;
  for (let r = 0; r < rows; r++) {
    const row = map ? map[r] : r;
    if (!(row >= 0 && row < csr.rows)) throw new RangeError(`${kernel}: map[${r}] = ${row} is not a row of the CSR (0…${csr.rows - 1})`);
    const e0 = rowPtr[row], e1 = rowPtr[row + 1];
    if (!(e0 >= 0 && e0 <= e1 && e1 <= capacity)) throw new RangeError(`${kernel}: row ${row} spans entries ${e0}…${e1}, outside the ${capacity} entries of colIdx and values`);
    for (let e = e0; e < e1; e++) {
      const j = colIdx[e];
      if (j < 0) throw new RangeError(`${kernel}: colIdx[${e}] = ${j} is negative`);
      if (j > maxCol) maxCol = j;
    }
  }
  assertLength(kernel, 'B', b, blockSpan(maxCol + 1, n, ldb));
}

/** Columns [j0, j1) of spmmF32 in plain JS: one axpy of a row of B per entry. */
export function spmmJs(
  csr: CsrF32, map: Int32Array | null, rows: number, j0: number, j1: number,
  b: Float32Array, ldb: number, c: Float32Array, ldc: number,
): void {
  const { rowPtr, colIdx, values } = csr;
  for (let r = 0; r < rows; r++) {
    const row = map ? map[r] : r;
    const pc = r * ldc;
    c.fill(0, pc + j0, pc + j1);
    for (let e = rowPtr[row]; e < rowPtr[row + 1]; e++) {
      const v = values[e];
      const pb = colIdx[e] * ldb;
      for (let j = j0; j < j1; j++) c[pc + j] += v * b[pb + j];
    }
  }
}
