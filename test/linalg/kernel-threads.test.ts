import { describe, it, expect, afterAll } from 'vitest';
import { F32Arena } from '../../src/linalg/f32-arena.js';
import { KernelThreads } from '../../src/linalg/kernel-threads.js';
import { gemmWasm } from '../../src/linalg/gemm-f32.js';
import { csrFromDense, spmmF32 } from '../../src/linalg/spmm-f32.js';
import { rngFor } from '../../src/rng/streams.js';

/**
 * Column blocks on helper threads must give exactly the single-thread result (same code, same
 * order per column), for products big enough to be split (≥ 2^20 multiply-adds) and small ones.
 */
const pools: KernelThreads[] = [];
afterAll(() => { for (const p of pools) p.close(); });

function fill(x: Float32Array, seed: number, zeroFraction = 0): void {
  const rng = rngFor(seed, 'test-threads');
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform() < zeroFraction ? 0 : rng.normal();
}

describe('KernelThreads', () => {
  for (const threads of [2, 3]) {
    it(`gemm and spmm with ${threads} threads equal the single-thread kernels bit for bit`, () => {
      for (const [m, n, k, trans] of [[100, 803, 784, false], [784, 256, 100, true], [7, 10, 5, false]] as const) {
        const csrRows = 120;
        const ar = new F32Arena([m * k, k * n, m * n, m * n, csrRows * k, csrRows + 1, csrRows * k, csrRows * k, m, KernelThreads.arenaSize(threads)], 'wasm');
        const a = ar.f32(m * k), b = ar.f32(k * n), c1 = ar.f32(m * n), c2 = ar.f32(m * n);
        fill(a, 1); fill(b, 2); fill(c1, 3); c2.set(c1);
        const pool = new KernelThreads(ar, threads);
        pools.push(pool);
        const [ars, acs] = trans ? [1, m] : [k, 1];
        gemmWasm(m, n, k, a, ars, acs, b, n, c1, n, true);
        pool.gemm(m, n, k, a, ars, acs, b, n, c2, n, true);
        expect(Buffer.compare(Buffer.from(c1.buffer, c1.byteOffset, c1.byteLength), Buffer.from(c2.buffer, c2.byteOffset, c2.byteLength))).toBe(0);
        // sparse rows (80 % zeros) with a row map
        const dense = ar.f32(csrRows * k);
        fill(dense, 4, 0.8);
        const csr = csrFromDense(dense, csrRows, k, ar);
        const map = ar.i32(m);
        for (let r = 0; r < m; r++) map[r] = (r * 37) % csrRows;
        spmmF32(csr, map, m, n, b, n, c1, n);
        pool.spmm(csr, map, m, n, b, n, c2, n);
        expect(Array.from(c2)).toEqual(Array.from(c1));
        pool.close();
      }
    });
  }

  it('refuses a JS arena and falls back to one thread for operands outside its arena', () => {
    expect(() => new KernelThreads(new F32Arena([64], 'js'), 2)).toThrow(/wasm arena/);
    const ar = new F32Arena([KernelThreads.arenaSize(2)], 'wasm');
    const pool = new KernelThreads(ar, 2);
    pools.push(pool);
    const c = new Float32Array(4);
    pool.gemm(2, 2, 2, new Float32Array([1, 2, 3, 4]), 2, 1, new Float32Array([5, 6, 7, 8]), 2, c, 2);
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
  });
});
