import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { F32Arena, type KernelBackend } from '../../src/linalg/f32-arena.js';
import { csrFromDense, gatherTranspose, spmmF32, maxRowNonZero, type CsrF32 } from '../../src/linalg/spmm-f32.js';
import { rngFor } from '../../src/rng/streams.js';

/**
 * Sparse rows × dense matrix against the dense definition (float64 sums of the same float32
 * inputs), with and without a row map, both backends; tolerance as for gemm: 2(nnz + 2) u Σ|terms|.
 * The batch transpose is checked entry by entry against the dense transpose.
 */
const U = 2 ** -24;

function sparseMatrix(rows: number, cols: number, density: number, seed: number): Float32Array {
  const rng = rngFor(seed, 'test-spmm');
  const x = new Float32Array(rows * cols);
  for (let i = 0; i < x.length; i++) if (rng.uniform() < density) x[i] = rng.normal();
  return x;
}

function arenaCsr(ar: F32Arena, x: Float32Array, rows: number, cols: number): CsrF32 {
  return csrFromDense(x, rows, cols, ar);
}

interface Case { rows: number; cols: number; n: number; density: number; mapped: boolean; padB: number; seed: number }

function runCase(c: Case, backend: KernelBackend): number {
  const { rows, cols, n, density, mapped, padB } = c;
  const x = sparseMatrix(rows, cols, density, c.seed);
  const ldb = n + padB;
  const outRows = mapped ? rows + 3 : rows;
  const ar = new F32Arena([rows + 1, rows * cols, rows * cols, outRows, cols * ldb, outRows * n], backend);
  const csr = arenaCsr(ar, x, rows, cols);
  const map = mapped ? ar.i32(outRows) : null;
  const rng = rngFor(c.seed, 'test-spmm-b');
  if (map) for (let r = 0; r < outRows; r++) map[r] = rng.int(rows); // repeats allowed
  const b = ar.f32(cols * ldb);
  for (let i = 0; i < b.length; i++) b[i] = rng.normal();
  const out = ar.f32(outRows * n).fill(Number.NaN); // every entry must be written
  spmmF32(csr, map, outRows, n, b, ldb, out, n);
  let worst = 0;
  for (let r = 0; r < outRows; r++) {
    const row = map ? map[r] : r;
    for (let j = 0; j < n; j++) {
      let s = 0, mag = 0;
      for (let p = 0; p < cols; p++) { const t = x[row * cols + p] * b[p * ldb + j]; s += t; mag += Math.abs(t); }
      worst = Math.max(worst, Math.abs(out[r * n + j] - s) / (2 * (cols + 2) * U * mag + 1e-30));
    }
  }
  return worst;
}

const caseArb = fc.record({
  rows: fc.integer({ min: 1, max: 20 }),
  cols: fc.integer({ min: 1, max: 30 }),
  n: fc.integer({ min: 1, max: 45 }),
  density: fc.constantFrom(0, 0.05, 0.2, 0.6, 1),
  mapped: fc.boolean(),
  padB: fc.integer({ min: 0, max: 3 }),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

describe('spmmF32', () => {
  for (const backend of ['wasm', 'js'] as const) {
    it(`matches the dense product (${backend}, random shapes and densities)`, () => {
      fc.assert(fc.property(caseArb, (c) => runCase(c, backend) <= 1), { numRuns: 150, seed: 7 });
    });
  }
  it('an MNIST-like case: 100 rows of 784 at 19 % density times 784×800', () => {
    expect(runCase({ rows: 100, cols: 784, n: 800, density: 0.19, mapped: true, padB: 0, seed: 5 }, 'wasm')).toBeLessThanOrEqual(1);
  });
});

describe('csrFromDense and gatherTranspose', () => {
  it('round-trips and transposes a selection of rows', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 20 }),
      (rows, cols, seed, count) => {
        const x = sparseMatrix(rows, cols, 0.3, seed);
        const csr = csrFromDense(x, rows, cols);
        let nnz = 0;
        for (const v of x) if (v !== 0) nnz++;
        expect(csr.rowPtr[rows]).toBe(nnz);
        expect(maxRowNonZero(csr)).toBeLessThanOrEqual(cols);
        const rng = rngFor(seed, 'test-transpose');
        const map = Int32Array.from({ length: count }, () => rng.int(rows));
        const t: CsrF32 = { rows: 0, cols: 0, rowPtr: new Int32Array(cols + 1), colIdx: new Int32Array(count * cols), values: new Float32Array(count * cols) };
        gatherTranspose(csr, map, count, t);
        expect(t.rows).toBe(cols); expect(t.cols).toBe(count);
        // dense view of the transpose
        const dense = new Float32Array(cols * count);
        for (let j = 0; j < cols; j++) {
          let prev = -1;
          for (let e = t.rowPtr[j]; e < t.rowPtr[j + 1]; e++) {
            expect(t.colIdx[e]).toBeGreaterThan(prev); // increasing batch positions
            prev = t.colIdx[e];
            dense[j * count + t.colIdx[e]] = t.values[e];
          }
        }
        for (let r = 0; r < count; r++) for (let j = 0; j < cols; j++) expect(dense[j * count + r]).toBe(x[map[r] * cols + j]);
      }), { numRuns: 100, seed: 3 });
  });

  it('refuses a transpose that does not fit', () => {
    const csr = csrFromDense(new Float32Array([1, 2, 3, 4]), 2, 2);
    const t: CsrF32 = { rows: 0, cols: 0, rowPtr: new Int32Array(3), colIdx: new Int32Array(3), values: new Float32Array(3) };
    expect(() => gatherTranspose(csr, new Int32Array([0, 1]), 2, t)).toThrow(/capacity/);
  });
});
