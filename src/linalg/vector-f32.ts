import { wasmKernelsFor, type WasmF32Kernels } from './f32-arena.js';
import { assertBlock, assertCount, assertLength } from './kernel-bounds.js';

/**
 * Element-wise float32 kernels around the matrix products: bias + ReLU, the ReLU mask, column sums,
 * axpy and the heavy-ball update. On 636 010 parameters (784-800-10) a JS heavy-ball loop takes
 * about 2 ms, a sizeable share of a step, so these have wasm SIMD versions too; the last n mod 4
 * elements of a row and the JS backend use the loops here. Counts, strides and lengths are checked
 * first on every backend (kernel-bounds.ts): a count past a view's end is a RangeError, never a
 * write into the neighbouring array of the arena.
 */

function wasmFor(...xs: (Float32Array | Int32Array)[]): WasmF32Kernels | undefined {
  const buf = xs[0].buffer;
  for (let i = 1; i < xs.length; i++) if (xs[i].buffer !== buf) return undefined;
  return wasmKernelsFor(buf);
}

/** Smallest normal float32, 2^-126. */
const FLT_MIN = 1.1754943508222875e-38;

/**
 * Heavy ball on n elements (docs/theory.md §1): v ← m v − eps g, w ← w + v, in float32. A velocity below
 * the smallest normal float32 is flushed to 0 (as FTZ hardware does): otherwise the velocities of
 * weights whose gradient stays 0 decay into subnormals, whose arithmetic is many times slower.
 */
export function heavyBallF32(w: Float32Array, v: Float32Array, g: Float32Array, m: number, eps: number, n = w.length): void {
  assertCount('heavyBallF32', 'n', n);
  assertLength('heavyBallF32', 'w', w, n);
  assertLength('heavyBallF32', 'v', v, n);
  assertLength('heavyBallF32', 'g', g, n);
  let i0 = 0;
  const wasm = wasmFor(w, v, g);
  if (wasm) {
    i0 = n & ~3;
    wasm.heavyBall(w.byteOffset, v.byteOffset, g.byteOffset, i0, m, eps);
  }
  const mf = Math.fround(m), ef = Math.fround(eps);
  for (let i = i0; i < n; i++) {
    const vi = Math.fround(Math.fround(mf * v[i]) - Math.fround(ef * g[i]));
    v[i] = Math.abs(vi) < FLT_MIN ? 0 : vi;
    w[i] += v[i];
  }
}

/** y ← y + alpha x on n elements. */
export function axpyF32(alpha: number, x: Float32Array, y: Float32Array, n = y.length): void {
  assertCount('axpyF32', 'n', n);
  assertLength('axpyF32', 'x', x, n);
  assertLength('axpyF32', 'y', y, n);
  let i0 = 0;
  const wasm = wasmFor(x, y);
  if (wasm) {
    i0 = n & ~3;
    wasm.axpy(alpha, x.byteOffset, y.byteOffset, i0);
  }
  const af = Math.fround(alpha); // the wasm path takes alpha as a float32
  for (let i = i0; i < n; i++) y[i] += Math.fround(af * x[i]);
}

/** C[i, j] ← max(C[i, j] + bias[j], 0) on an m×n block with row stride ld. */
export function biasReluF32(c: Float32Array, ld: number, bias: Float32Array, m: number, n: number): void {
  assertCount('biasReluF32', 'm', m);
  assertCount('biasReluF32', 'n', n);
  assertBlock('biasReluF32', 'c', c, m, n, ld);
  assertLength('biasReluF32', 'bias', bias, n);
  let j0 = 0;
  const wasm = wasmFor(c, bias);
  if (wasm) {
    j0 = n & ~3;
    if (j0 > 0) wasm.biasRelu(c.byteOffset, ld, bias.byteOffset, m, j0);
  }
  if (j0 === n) return;
  for (let i = 0; i < m; i++) {
    const r = i * ld;
    for (let j = j0; j < n; j++) {
      const x = c[r + j] + bias[j];
      c[r + j] = x > 0 ? x : 0;
    }
  }
}

/** D[i, j] ← H[i, j] > 0 ? D[i, j] : 0 (ReLU backward, H the ReLU output), row stride ld for both. */
export function reluMaskF32(d: Float32Array, h: Float32Array, ld: number, m: number, n: number): void {
  assertCount('reluMaskF32', 'm', m);
  assertCount('reluMaskF32', 'n', n);
  assertBlock('reluMaskF32', 'd', d, m, n, ld);
  assertBlock('reluMaskF32', 'h', h, m, n, ld);
  let j0 = 0;
  const wasm = wasmFor(d, h);
  if (wasm) {
    j0 = n & ~3;
    if (j0 > 0) wasm.reluMask(d.byteOffset, h.byteOffset, ld, m, j0);
  }
  if (j0 === n) return;
  for (let i = 0; i < m; i++) {
    const r = i * ld;
    for (let j = j0; j < n; j++) if (!(h[r + j] > 0)) d[r + j] = 0;
  }
}

/** out[j] ← Σ_i A[i, j] over an m×n block with row stride ld (float32 sums in row order). */
export function colSumF32(a: Float32Array, ld: number, m: number, n: number, out: Float32Array): void {
  assertCount('colSumF32', 'm', m);
  assertCount('colSumF32', 'n', n);
  assertBlock('colSumF32', 'a', a, m, n, ld);
  assertLength('colSumF32', 'out', out, n);
  let j0 = 0;
  const wasm = wasmFor(a, out);
  if (wasm) {
    j0 = n & ~3;
    if (j0 > 0) wasm.colSum(a.byteOffset, ld, m, j0, out.byteOffset);
  }
  for (let j = j0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s = Math.fround(s + a[i * ld + j]);
    out[j] = s;
  }
}
