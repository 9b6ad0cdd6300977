import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { F32Arena, type KernelBackend } from '../../src/linalg/f32-arena.js';
import { gemmF32 } from '../../src/linalg/gemm-f32.js';
import { setBlasBackend } from '../../src/linalg/backend.js';
import { rngFor } from '../../src/rng/streams.js';

/**
 * gemmF32 against the definition (float64 dot products of the same float32 inputs), on random
 * shapes, strides (A·B and Aᵀ·B, padded leading dimensions) and both backends. Tolerance: float32
 * accumulation of k products, |error| ≤ 2(k + 2) u Σ_p |a_ip b_pj| with u = 2^-24 (the classical
 * bound γ_k, doubled for the separate multiply and add roundings).
 */
const U = 2 ** -24;

interface Case { m: number; n: number; k: number; transA: boolean; padB: number; padC: number; accumulate: boolean; seed: number }

function runCase(c: Case, backend: KernelBackend): number {
  const { m, n, k, transA, padB, padC, accumulate } = c;
  const ldb = n + padB, ldc = n + padC;
  const ar = new F32Arena([m * k, k * ldb, m * ldc], backend);
  expect(ar.backend).toBe(backend);
  const a = ar.f32(m * k), b = ar.f32(k * ldb), out = ar.f32(m * ldc);
  const rng = rngFor(c.seed, 'test-gemm');
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  for (let i = 0; i < b.length; i++) b[i] = rng.normal();
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  const before = Float64Array.from(out);
  // A stored m×k row-major, or stored k×m and used transposed
  const [ars, acs] = transA ? [1, m] : [k, 1];
  gemmF32(m, n, k, a, ars, acs, b, ldb, out, ldc, accumulate);
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < ldc; j++) {
      const r = i * ldc + j;
      if (j >= n) { expect(out[r]).toBe(Math.fround(before[r])); continue; } // padding untouched
      let s = 0, mag = 0;
      for (let p = 0; p < k; p++) { const t = a[i * ars + p * acs] * b[p * ldb + j]; s += t; mag += Math.abs(t); }
      const ref = accumulate ? before[r] + s : s;
      const tol = 2 * (k + 2) * U * (mag + (accumulate ? Math.abs(before[r]) : 0)) + 1e-30;
      worst = Math.max(worst, Math.abs(out[r] - ref) / tol);
    }
  }
  return worst;
}

const caseArb = fc.record({
  m: fc.integer({ min: 1, max: 23 }),
  n: fc.integer({ min: 1, max: 37 }),
  k: fc.integer({ min: 0, max: 41 }),
  transA: fc.boolean(),
  padB: fc.integer({ min: 0, max: 5 }),
  padC: fc.integer({ min: 0, max: 5 }),
  accumulate: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

// the WebAssembly and JS kernels; the native backend's sgemm has its own test (native-blas.test.ts)
beforeAll(() => { setBlasBackend('wasm'); });
afterAll(() => { setBlasBackend('auto'); });

describe('gemmF32', () => {
  for (const backend of ['wasm', 'js'] as const) {
    it(`matches the naive product within float32 error (${backend}, random shapes)`, () => {
      fc.assert(fc.property(caseArb, (c) => runCase(c, backend) <= 1), { numRuns: 150, seed: 42 });
    });
    it(`handles the MLP's shapes (${backend})`, () => {
      // forward 100×784·784×64, ∇W1 = Xᵀ dH, the 10-wide output layer
      expect(runCase({ m: 100, n: 64, k: 784, transA: false, padB: 0, padC: 0, accumulate: false, seed: 1 }, backend)).toBeLessThanOrEqual(1);
      expect(runCase({ m: 784, n: 64, k: 100, transA: true, padB: 0, padC: 0, accumulate: false, seed: 2 }, backend)).toBeLessThanOrEqual(1);
      expect(runCase({ m: 100, n: 10, k: 800, transA: false, padB: 0, padC: 0, accumulate: true, seed: 3 }, backend)).toBeLessThanOrEqual(1);
    });
  }

  it('the check has teeth: an off-by-one k is caught', () => {
    const m = 5, n = 8, k = 7;
    const ar = new F32Arena([m * k, k * n, m * n], 'wasm');
    const a = ar.f32(m * k).fill(1), b = ar.f32(k * n).fill(1), c = ar.f32(m * n);
    gemmF32(m, n, k - 1, a, k, 1, b, n, c, n);
    expect(c[0]).not.toBe(k);
    gemmF32(m, n, k, a, k, 1, b, n, c, n);
    expect(Array.from(c).every((x) => x === k)).toBe(true);
  });

  it('uses the JS path when operands are not all in one wasm arena', () => {
    const a = new Float32Array([1, 2, 3, 4]), b = new Float32Array([5, 6, 7, 8]), c = new Float32Array(4);
    gemmF32(2, 2, 2, a, 2, 1, b, 2, c, 2);
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
  });
});
