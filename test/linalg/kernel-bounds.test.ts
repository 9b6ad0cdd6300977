import { describe, it, expect, afterAll } from 'vitest';
import { F32Arena } from '../../src/linalg/f32-arena.js';
import { axpyF32, biasReluF32, colSumF32, heavyBallF32, reluMaskF32 } from '../../src/linalg/vector-f32.js';
import { gemmF32, gemmWasm } from '../../src/linalg/gemm-f32.js';
import { spmmF32, csrFromDense } from '../../src/linalg/spmm-f32.js';
import { choleskyInPlace } from '../../src/linalg/cholesky-inplace.js';
import { choleskyWasm, wasmCholeskyAvailable } from '../../src/linalg/cholesky-wasm.js';
import { blasBackend, loadNativeBlas, setBlasBackend, type BlasBackend } from '../../src/linalg/backend.js';

/**
 * The kernel wrappers check counts, strides and lengths before calling any kernel, on every backend
 * (linalg/kernel-bounds.ts): a count past the end of a view throws a RangeError naming the kernel
 * and the argument, and the neighbouring array of the wasm arena is untouched (before, axpyF32 with n
 * past y wrote into the next array of the arena while the JS path ignored the excess, so the
 * backends differed). Each case runs on the wasm backend and, where the addon is built, on the
 * native one, with the operands in a wasm arena and in plain arrays. Twin: in-bounds calls compute.
 */
const backends: BlasBackend[] = ['wasm', ...(loadNativeBlas() ? (['native'] as const) : [])];
const initial = blasBackend();
afterAll(() => {
  setBlasBackend(initial);
});

/** An arena with `a` (len) followed directly by a sentinel array `next` (filled with 7). */
function layout(len: number, inArena: boolean) {
  if (!inArena) return { x: new Float32Array(len).fill(1), y: new Float32Array(len).fill(2), next: new Float32Array(64).fill(7) };
  const arena = new F32Arena([len, len, 64]);
  const x = arena.f32(len).fill(1);
  const y = arena.f32(len).fill(2);
  const next = arena.f32(64).fill(7);
  return { x, y, next };
}

const untouched = (next: Float32Array) => expect(Array.from(next).every((v) => v === 7)).toBe(true);

describe.each(backends)('kernel wrappers on the %s backend', (backend) => {
  it.each([true, false])('vector kernels refuse a count past the end (operands in an arena: %s)', (inArena) => {
    setBlasBackend(backend);
    const { x, y, next } = layout(16, inArena);
    expect(() => axpyF32(2, x, y, 32)).toThrow(/axpyF32: x has 16 elements, the arguments need 32/);
    expect(() => heavyBallF32(x, y, new Float32Array(16), 0.9, 0.1, 20)).toThrow(/heavyBallF32: w has 16 elements, the arguments need 20/);
    expect(() => biasReluF32(y, 8, x, 3, 8)).toThrow(/biasReluF32: c has 16 elements, the arguments need 24/);
    expect(() => reluMaskF32(y, x, 4, 4, 8)).toThrow(/reluMaskF32: the row stride of d \(4\) is below its 8 columns/);
    expect(() => colSumF32(x, 4, 4, 4, new Float32Array(2))).toThrow(/colSumF32: out has 2 elements, the arguments need 4/);
    expect(() => axpyF32(2, x, y, -4)).toThrow(/axpyF32: n must be a non-negative integer, got -4/);
    expect(() => axpyF32(2, x, y, 2.5)).toThrow(/n must be a non-negative integer/);
    untouched(next);
    expect(Array.from(y).every((v) => v === 2)).toBe(true);
    axpyF32(2, x, y, 16); // twin: in bounds
    expect(Array.from(y).every((v) => v === 4)).toBe(true);
    untouched(next);
  });

  it.each([true, false])('gemm refuses shapes past its operands (operands in an arena: %s)', (inArena) => {
    setBlasBackend(backend);
    const m = 4, n = 8, k = 4;
    const arena = inArena ? new F32Arena([m * k, k * n, m * n, 64]) : null;
    const alloc = (len: number) => (arena ? arena.f32(len) : new Float32Array(len));
    const a = alloc(m * k).fill(1), b = alloc(k * n).fill(1), c = alloc(m * n), next = alloc(64).fill(7);
    expect(() => gemmF32(m + 2, n, k, a, k, 1, b, n, c, n)).toThrow(/gemmF32: A has 16 elements, the arguments need 24/);
    expect(() => gemmF32(m, n, k, a, k, 1, b, n, c, n + 8)).toThrow(/gemmF32: C has 32 elements, the arguments need 56/);
    expect(() => gemmWasm(m, n + 4, k, a, k, 1, b, n, c, n)).toThrow(/gemmWasm: the row stride of B \(8\) is below its 12 columns/);
    expect(() => gemmF32(m, n, k, a, 1, m + 4, b, n, c, n)).toThrow(/gemmF32: A has 16 elements/); // transposed view too long
    untouched(next);
    expect(Array.from(c).every((v) => v === 0)).toBe(true);
    gemmF32(m, n, k, a, k, 1, b, n, c, n); // twin
    expect(Array.from(c).every((v) => v === k)).toBe(true);
    untouched(next);
  });

  it.each([true, false])('spmm refuses rows, entries and columns outside its operands (in an arena: %s)', (inArena) => {
    setBlasBackend(backend);
    const rows = 4, cols = 6, n = 8;
    const dense = Float32Array.from({ length: rows * cols }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const arena = inArena ? new F32Arena([rows + 1, rows * cols, rows * cols, 4, cols * n, rows * n, 64]) : null;
    const alloc = { f32: (len: number) => (arena ? arena.f32(len) : new Float32Array(len)), i32: (len: number) => (arena ? arena.i32(len) : new Int32Array(len)) };
    const csr = csrFromDense(dense, rows, cols, alloc);
    const map = alloc.i32(4);
    const b = alloc.f32(cols * n).fill(1), c = alloc.f32(rows * n), next = alloc.f32(64).fill(7);
    map.set([0, 1, 2, 9]);
    expect(() => spmmF32(csr, map, 4, n, b, n, c, n)).toThrow(/spmmF32: map\[3\] = 9 is not a row of the CSR/);
    expect(() => spmmF32(csr, null, 5, n, b, n, c, n)).toThrow(/spmmF32: rows \(5\) exceeds the CSR's 4 rows/);
    expect(() => spmmF32(csr, null, 4, n, b.subarray(0, 2 * n), n, c, n)).toThrow(/spmmF32: B has 16 elements/);
    expect(() => spmmF32(csr, null, 4, n, b, n, c.subarray(0, 3 * n), n)).toThrow(/spmmF32: C has 24 elements, the arguments need 32/);
    untouched(next);
    map.set([0, 1, 2, 3]);
    spmmF32(csr, map, 4, n, b, n, c, n); // twin
    expect(c[0]).toBe(2); // row 0 has entries at columns 0 and 3
    untouched(next);
  });

  it('Cholesky refuses a matrix shorter than n × n', () => {
    setBlasBackend(backend);
    const n = 30; // above the size where the native and wasm kernels take over
    const spd = new Float64Array(n * n);
    for (let i = 0; i < n; i++) spd[i * n + i] = 2;
    expect(() => choleskyInPlace(spd.subarray(0, n * n - 1), n)).toThrow(/choleskyInPlace: l has 899 elements, the arguments need 900/);
    if (wasmCholeskyAvailable()) expect(() => choleskyWasm(spd.subarray(0, 10), n)).toThrow(/choleskyWasm: l has 10 elements/);
    choleskyInPlace(spd, n); // twin
    expect(spd[0]).toBeCloseTo(Math.SQRT2, 12);
  });
});
