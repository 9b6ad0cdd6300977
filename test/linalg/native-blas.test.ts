import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Worker } from 'node:worker_threads';
import { loadNativeBlas, nativeUnavailableReason, NATIVE_ADDON_PATH, setBlasBackend } from '../../src/linalg/backend.js';
import { F32Arena } from '../../src/linalg/f32-arena.js';
import { gemmF32, gemmWasm } from '../../src/linalg/gemm-f32.js';
import { rngFor } from '../../src/rng/streams.js';

/**
 * The native addon (native/sgd_sde_blas.c) against plain-JS references: sgemm and dgemm with every
 * transpose, offsets, non-square shapes, alpha and beta; dsyrk; dpotrf; bounds checks; sgemmBlocks
 * giving the same bytes for any thread count; loading in a worker thread. Tolerances:
 * float32 products within 2(k + 2)u Σ_p |a_ip b_pj| (u = 2^-24, the classical γ_k bound, as for
 * the wasm kernels), float64 within the same with u = 2^-53.
 *
 * Skipped, with the reason, where the addon is not built; under CI (CI=true) its absence fails.
 */
const blas = loadNativeBlas();
if (!blas) {
  if (process.env.CI) throw new Error(`CI must build the native addon (${NATIVE_ADDON_PATH}): ${nativeUnavailableReason()}`);
  console.warn(`native-blas tests skipped: ${nativeUnavailableReason()}`);
}
const suite = blas ? describe : describe.skip;

function filled(n: number, seed: number, ctor: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array): Float32Array | Float64Array {
  const rng = rngFor(seed, 'test-native-blas');
  const x = new ctor(n);
  for (let i = 0; i < n; i++) x[i] = rng.normal();
  return x;
}

/** float64 reference of C = alpha op(A) op(B) + beta C0 and the error bound per element. */
function reference(
  ta: boolean, tb: boolean, m: number, n: number, k: number, alpha: number,
  a: ArrayLike<number>, aOff: number, lda: number, b: ArrayLike<number>, bOff: number, ldb: number,
  beta: number, c0: ArrayLike<number>, cOff: number, ldc: number, u: number,
): { value: Float64Array; bound: Float64Array } {
  const value = new Float64Array(m * n), bound = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, abs = 0;
      for (let p = 0; p < k; p++) {
        const x = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        const y = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        s += x * y; abs += Math.abs(x * y);
      }
      const cij = c0[cOff + i * ldc + j];
      value[i * n + j] = alpha * s + beta * cij;
      bound[i * n + j] = 2 * (k + 3) * u * (Math.abs(alpha) * abs + Math.abs(beta * cij)) + 1e-300;
    }
  }
  return { value, bound };
}

const SHAPES: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [17, 9, 33], [64, 12, 100], [100, 80, 78], [2, 3, 0]];

suite('native addon', () => {
  for (const single of [true, false]) {
    const name = single ? 'sgemm' : 'dgemm';
    const u = single ? 2 ** -24 : 2 ** -53;
    const ctor = single ? Float32Array : Float64Array;
    it(`${name}: every transpose, offsets, padded leading dimensions, alpha and beta match the reference`, () => {
      let checked = 0;
      for (const [m, n, k] of SHAPES) {
        for (const ta of [false, true]) {
          for (const tb of [false, true]) {
            for (const [alpha, beta] of [[1, 0], [-0.5, 1], [2, 0.25]]) {
              const aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
              const lda = aCols + 3, ldb = bCols + 1, ldc = n + 2, aOff = 5, bOff = 2, cOff = 7;
              const a = filled(aOff + Math.max(1, aRows) * lda, m * 7 + k, ctor);
              const b = filled(bOff + Math.max(1, bRows) * ldb, n * 11 + k, ctor);
              const c = filled(cOff + m * ldc + 4, m + n, ctor);
              const c0 = c.slice();
              const ref = reference(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c0, cOff, ldc, u);
              (single ? blas!.sgemm : blas!.dgemm)(ta ? 1 : 0, tb ? 1 : 0, m, n, k, alpha, a as never, aOff, lda, b as never, bOff, ldb, beta, c as never, cOff, ldc);
              for (let i = 0; i < m; i++) {
                for (let j = 0; j < n; j++) {
                  const got = c[cOff + i * ldc + j], want = ref.value[i * n + j];
                  // float32 storage adds one rounding of the result
                  const tol = ref.bound[i * n + j] + (single ? Math.abs(want) * u : 0);
                  if (!(Math.abs(got - want) <= tol)) throw new Error(`${name} ${m}×${n}×${k} ta=${ta} tb=${tb} (${i},${j}): ${got} vs ${want} ± ${tol}`);
                  checked++;
                }
                // padding between rows and after the block is untouched
                for (let j = n; j < ldc && cOff + i * ldc + j < c.length; j++) expect(c[cOff + i * ldc + j]).toBe(c0[cOff + i * ldc + j]);
              }
              for (let q = 0; q < cOff; q++) expect(c[q]).toBe(c0[q]);
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(10_000);
    });
  }

  it('the reference check has teeth: a product with one term dropped is caught', () => {
    const m = 4, n = 4, k = 8;
    const a = filled(m * k, 1) as Float32Array, b = filled(k * n, 2) as Float32Array, c = new Float32Array(m * n);
    blas!.sgemm(0, 0, m, n, k - 1, 1, a, 0, k, b, 0, n, 0, c, 0, n); // k − 1: the last term is missing
    const ref = reference(false, false, m, n, k, 1, a, 0, k, b, 0, n, 0, new Float32Array(m * n), 0, n, 2 ** -24);
    let bad = 0;
    for (let i = 0; i < m * n; i++) if (Math.abs(c[i] - ref.value[i]) > ref.bound[i] + Math.abs(ref.value[i]) * 2 ** -24) bad++;
    expect(bad).toBeGreaterThan(m * n / 2);
  });

  it('dsyrk: lower triangle of alpha·op(A)op(A)ᵀ + beta·C, upper triangle untouched', () => {
    for (const trans of [false, true]) {
      const n = 23, k = 41, lda = (trans ? n : k) + 2, ldc = n + 1;
      const a = filled((trans ? k : n) * lda, 3, Float64Array) as Float64Array;
      const c = filled(n * ldc, 4, Float64Array) as Float64Array;
      const c0 = c.slice();
      blas!.dsyrk(trans ? 1 : 0, n, k, 0.5, a, 0, lda, 2, c, 0, ldc);
      const ref = reference(trans, !trans, n, n, k, 0.5, a, 0, lda, a, 0, lda, 2, c0, 0, ldc, 2 ** -53);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (j <= i) expect(Math.abs(c[i * ldc + j] - ref.value[i * n + j])).toBeLessThanOrEqual(ref.bound[i * n + j]);
          else expect(c[i * ldc + j]).toBe(c0[i * ldc + j]);
        }
      }
    }
  });

  it('dpotrf: L Lᵀ = A for a positive definite A (row-major lower), and the failing pivot otherwise', () => {
    const n = 37, lda = n + 3;
    const g = filled(n * n, 5, Float64Array) as Float64Array;
    const a = new Float64Array(n * lda);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let p = 0; p < n; p++) s += g[i * n + p] * g[j * n + p];
      a[i * lda + j] = s;
    }
    const a0 = a.slice();
    expect(blas!.dpotrf(n, a, 0, lda)).toBe(0);
    let worst = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = 0; p <= j; p++) s += a[i * lda + p] * a[j * lda + p];
      worst = Math.max(worst, Math.abs(s - a0[i * lda + j]) / Math.abs(a0[i * lda + i]));
    }
    expect(worst).toBeLessThan(1e-13);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(a[i * lda + j]).toBe(a0[i * lda + j]);
    const indefinite = new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, -1]);
    expect(blas!.dpotrf(3, indefinite, 0, 3)).toBe(3);
  });

  it('refuses a block outside its array, a wrong element type and a non-integer size', () => {
    const a = new Float32Array(12), b = new Float32Array(12), c = new Float32Array(12);
    expect(() => blas!.sgemm(0, 0, 4, 3, 4, 1, a, 0, 4, b, 0, 3, 0, c, 0, 3)).toThrow(/A: block reaches element 16 of an array of 12/);
    expect(() => blas!.sgemm(0, 0, 3, 3, 4, 1, a, 1, 4, b, 0, 3, 0, c, 0, 3)).toThrow(RangeError);
    expect(() => blas!.sgemm(0, 0, 3, 3, 4, 1, a, 0, 4, b, 0, 3, 0, c, 0, 2)).toThrow(/C: bad shape/);
    expect(() => blas!.sgemm(0, 0, 3, 3, 4, 1, a, 0, 4, b, 0, 3, 0, new Float64Array(12) as never, 0, 3)).toThrow(/C must be a Float32Array/);
    expect(() => blas!.sgemm(0, 0, 1.5, 3, 4, 1, a, 0, 4, b, 0, 3, 0, c, 0, 3)).toThrow(/m must be a 32-bit integer/);
    expect(() => blas!.setThreads(0)).toThrow(RangeError);
  });

  it('sgemmBlocks: the same bytes for 1, 2 and 3 threads, and the same product as sgemm (the MLP\'s shapes)', () => {
    const shapes: [boolean, number, number, number][] = [[false, 100, 800, 784], [true, 784, 800, 100], [false, 1000, 800, 64], [true, 900, 100, 50], [true, 800, 12, 1000], [false, 10, 800, 784], [false, 3, 37, 5]];
    for (const [ta, m, n, k] of shapes) {
      const a = filled(m * k, 6) as Float32Array, b = filled(k * n, 7) as Float32Array, c0 = filled(m * n, 8) as Float32Array;
      const out: Float32Array[] = [];
      for (const threads of [1, 2, 3]) {
        const c = c0.slice();
        blas!.sgemmBlocks(ta ? 1 : 0, 0, m, n, k, 1, a, 0, ta ? m : k, b, 0, n, 0.5, c, 0, n, threads);
        out.push(c);
      }
      expect(Buffer.from(out[1].buffer).equals(Buffer.from(out[0].buffer))).toBe(true);
      expect(Buffer.from(out[2].buffer).equals(Buffer.from(out[0].buffer))).toBe(true);
      const ref = reference(ta, false, m, n, k, 1, a, 0, ta ? m : k, b, 0, n, 0.5, c0, 0, n, 2 ** -24);
      for (let i = 0; i < m * n; i += 97) expect(Math.abs(out[0][i] - ref.value[i])).toBeLessThanOrEqual(ref.bound[i] + Math.abs(ref.value[i]) * 2 ** -24);
    }
    for (const [tb, m, n, k] of [[true, 20, 70, 30]] as const) { // B transposed: the blocks move along B's rows
      const a = filled(m * k, 9) as Float32Array, b = filled(k * n, 10) as Float32Array;
      const c1 = new Float32Array(m * n), c2 = new Float32Array(m * n);
      blas!.sgemmBlocks(0, tb ? 1 : 0, m, n, k, 1, a, 0, k, b, 0, k, 0, c1, 0, n, 2);
      const ref = reference(false, tb, m, n, k, 1, a, 0, k, b, 0, k, 0, c2, 0, n, 2 ** -24);
      for (let i = 0; i < m * n; i++) expect(Math.abs(c1[i] - ref.value[i])).toBeLessThanOrEqual(ref.bound[i] + Math.abs(ref.value[i]) * 2 ** -24);
    }
    expect(() => blas!.sgemmBlocks(0, 0, 2, 2, 2, 1, new Float32Array(4), 0, 2, new Float32Array(4), 0, 2, 0, new Float32Array(4), 0, 2, 0)).toThrow(RangeError);
  });

  it('works on views of shared WebAssembly memory and loads in a worker thread (context-aware)', async () => {
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const b = require(workerData.path);
      const mem = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
      const x = new Float32Array(mem.buffer, 64, 8); x.set([1, 2, 3, 4, 5, 6, 7, 8]);
      const c = new Float32Array(mem.buffer, 256, 4);
      b.sgemm(0, 1, 2, 2, 4, 1, x, 0, 4, x, 0, 4, 0, c, 0, 2); // X Xᵀ
      parentPort.postMessage(Array.from(c));`;
    const got = await new Promise<number[]>((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { path: NATIVE_ADDON_PATH } });
      w.once('message', (m) => { resolve(m as number[]); void w.terminate(); });
      w.once('error', reject);
    });
    expect(got).toEqual([30, 70, 70, 174]);
  });

  describe('gemmF32 on the native backend', () => {
    beforeAll(() => { setBlasBackend('native'); });
    afterAll(() => { setBlasBackend('auto'); });
    it('agrees with the wasm kernels within the float32 bound on the MLP\'s products (A·B and Aᵀ·B, accumulate)', () => {
      for (const [m, n, k, trans, acc] of [[100, 200, 784, false, false], [300, 200, 100, true, false], [800, 12, 100, true, true], [1, 12, 800, false, false], [5, 7, 3, true, true]] as const) {
        const arena = new F32Arena([m * k, k * n, m * n, m * n], 'wasm');
        const a = arena.f32(m * k), b = arena.f32(k * n), c1 = arena.f32(m * n), c2 = arena.f32(m * n);
        a.set(filled(m * k, 10)); b.set(filled(k * n, 11)); c1.set(filled(m * n, 12)); c2.set(c1);
        const [ars, acs] = trans ? [1, m] : [k, 1];
        gemmF32(m, n, k, a, ars, acs, b, n, c1, n, acc);
        gemmWasm(m, n, k, a, ars, acs, b, n, c2, n, acc);
        const ref = reference(trans, false, m, n, k, 1, a, 0, trans ? m : k, b, 0, n, acc ? 1 : 0, c2.slice(), 0, n, 2 ** -24);
        for (let i = 0; i < m * n; i++) expect(Math.abs(c1[i] - c2[i])).toBeLessThanOrEqual(2 * ref.bound[i] + 2 ** -23 * Math.abs(c2[i]));
      }
    });
  });
});
