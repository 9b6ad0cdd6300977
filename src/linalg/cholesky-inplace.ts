import { NumericalError } from '../errors.js';
import { activeNativeBlas } from './backend.js';
import { choleskyWasm, wasmCholeskyAvailable } from './cholesky-wasm.js';
import { assertCount, assertLength } from './kernel-bounds.js';

/** Below this n the plain-JS kernel is used (the copy in and out of wasm memory is not worth it). */
const WASM_MIN_N = 24;

/**
 * Cholesky A = L Lᵀ in place (lower triangle): for n ≥ 24, OpenBLAS's dpotrf on the native backend
 * (backend.ts; blocked, about 3× the wasm kernel at n = 800), else the f64x2 WebAssembly kernel of
 * cholesky-wasm.ts where it runs (not with SGD_SDE_KERNELS=js), else choleskyInPlaceJs. All agree
 * to round-off, each is deterministic. Only the lower triangle is read and written. Throws
 * NumericalError naming the pivot when A is not positive definite.
 */
export function choleskyInPlace(l: Float64Array, n: number, what = 'matrix'): Float64Array {
  assertCount('choleskyInPlace', 'n', n);
  assertLength('choleskyInPlace', 'l', l, n * n); // dpotrf and the wasm copy would read past a short array
  const blas = n >= WASM_MIN_N ? activeNativeBlas() : null;
  if (blas) {
    const info = blas.dpotrf(n, l, 0, n);
    if (info > 0) {
      const value = l[(info - 1) * n + info - 1]; // what dpotrf left there: the failed pivot, or ±0
      pivot(value > 0 && Number.isFinite(value) ? 0 : value, info - 1, n, what); // throws
    }
    // dpotrf lets NaN and ∞ through; any in the input reaches a diagonal entry of L
    for (let j = 0; j < n; j++) if (!Number.isFinite(l[j * n + j])) pivot(l[j * n + j], j, n, what);
    return l;
  }
  if (n < WASM_MIN_N || !wasmCholeskyAvailable()) return choleskyInPlaceJs(l, n, what);
  const { pivot: p, value } = choleskyWasm(l, n);
  if (p >= 0) pivot(value, p, n, what); // throws
  return l;
}

/**
 * The plain-JS Cholesky A = L Lᵀ in place (the fallback of choleskyInPlace), for the large factorisations of the evidence computation
 * (n ≈ 800, one per Newton step). Left-looking (Crout) order: each entry of L is a dot product
 * of two contiguous rows. Two columns and four rows are done at once so that every loaded value
 * feeds two or four multiply-adds: about three times the speed of the one-at-a-time loop of
 * cholesky.ts on n = 800. Only the lower triangle is read and written; the strict upper triangle
 * is left as it was (choleskySolve and choleskyLogDet of cholesky.ts read only the lower one).
 * Throws NumericalError naming the pivot when A is not positive definite.
 */
export function choleskyInPlaceJs(l: Float64Array, n: number, what = 'matrix'): Float64Array {
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const rj = j * n;
    const rj1 = rj + n;
    let d = l[rj + j];
    for (let k = 0; k < j; k++) d -= l[rj + k] * l[rj + k];
    const djj = pivot(d, j, n, what);
    l[rj + j] = djj;
    const inv = 1 / djj;
    let t = l[rj1 + j];
    let d1 = l[rj1 + j + 1];
    for (let k = 0; k < j; k++) {
      const v = l[rj1 + k];
      t -= v * l[rj + k];
      d1 -= v * v;
    }
    const c = t * inv; // L[j+1, j]
    l[rj1 + j] = c;
    const dj1 = pivot(d1 - c * c, j + 1, n, what);
    l[rj1 + j + 1] = dj1;
    const inv1 = 1 / dj1;
    let i = j + 2;
    for (; i + 3 < n; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let a0 = l[r0 + j], a1 = l[r1 + j], a2 = l[r2 + j], a3 = l[r3 + j];
      let b0 = l[r0 + j + 1], b1 = l[r1 + j + 1], b2 = l[r2 + j + 1], b3 = l[r3 + j + 1];
      for (let k = 0; k < j; k++) {
        const u = l[rj + k];
        const v = l[rj1 + k];
        const x0 = l[r0 + k], x1 = l[r1 + k], x2 = l[r2 + k], x3 = l[r3 + k];
        a0 -= x0 * u; a1 -= x1 * u; a2 -= x2 * u; a3 -= x3 * u;
        b0 -= x0 * v; b1 -= x1 * v; b2 -= x2 * v; b3 -= x3 * v;
      }
      a0 *= inv; a1 *= inv; a2 *= inv; a3 *= inv;
      l[r0 + j] = a0; l[r1 + j] = a1; l[r2 + j] = a2; l[r3 + j] = a3;
      l[r0 + j + 1] = (b0 - a0 * c) * inv1;
      l[r1 + j + 1] = (b1 - a1 * c) * inv1;
      l[r2 + j + 1] = (b2 - a2 * c) * inv1;
      l[r3 + j + 1] = (b3 - a3 * c) * inv1;
    }
    for (; i < n; i++) {
      const ri = i * n;
      let a0 = l[ri + j];
      let b0 = l[ri + j + 1];
      for (let k = 0; k < j; k++) {
        const x = l[ri + k];
        a0 -= x * l[rj + k];
        b0 -= x * l[rj1 + k];
      }
      a0 *= inv;
      l[ri + j] = a0;
      l[ri + j + 1] = (b0 - a0 * c) * inv1;
    }
  }
  if (j < n) {
    // the last column when n is odd
    const rj = j * n;
    let d = l[rj + j];
    for (let k = 0; k < j; k++) d -= l[rj + k] * l[rj + k];
    l[rj + j] = pivot(d, j, n, what);
  }
  return l;
}

function pivot(d: number, j: number, n: number, what: string): number {
  if (!(d > 0) || !Number.isFinite(d)) {
    throw new NumericalError(`${what} is not positive definite (Cholesky pivot ${j} of ${n} is ${d.toPrecision(3)}); it may be singular or ill-conditioned`);
  }
  return Math.sqrt(d);
}
