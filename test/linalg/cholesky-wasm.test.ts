import { describe, it, expect } from 'vitest';
import { rngFor } from '../../src/rng/streams.js';
import { choleskyLogDet } from '../../src/linalg/cholesky.js';
import { choleskyInPlace, choleskyInPlaceJs } from '../../src/linalg/cholesky-inplace.js';
import { choleskyWasm, wasmCholeskyAvailable } from '../../src/linalg/cholesky-wasm.js';
import { gramRows } from '../../src/linalg/gram.js';
import { NumericalError } from '../../src/errors.js';

/** A random SPD n×n matrix: B Bᵀ / k + I, B n×k Gaussian; the strict upper triangle set to a sentinel. */
function spd(n: number, seed: number): Float64Array {
  const rng = rngFor(seed, 'chol-wasm', n);
  const k = n + 3;
  const b = Float64Array.from({ length: n * k }, () => rng.normal());
  const a = gramRows(b, n, k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) a[i * n + j] /= k;
    a[i * n + i] += 1;
    for (let j = i + 1; j < n; j++) a[i * n + j] = 12345; // must be neither read nor written
  }
  return a;
}

it('the f64 wasm module compiles and instantiates here (Node 20 has 128-bit SIMD)', () => {
  expect(wasmCholeskyAvailable()).toBe(process.env.SGD_SDE_KERNELS !== 'js');
});

describe.runIf(wasmCholeskyAvailable())('the f64x2 wasm Cholesky', () => {
  // odd and even n, n below and above the 4-row block, n not a multiple of it
  for (const n of [1, 2, 3, 4, 5, 6, 7, 9, 24, 25, 31, 33, 64, 101, 130, 257]) {
    it(`matches the plain-JS kernel to round-off (n = ${n})`, () => {
      const a = spd(n, 1);
      const ref = choleskyInPlaceJs(Float64Array.from(a), n);
      const got = Float64Array.from(a);
      expect(choleskyWasm(got, n).pivot).toBe(-1);
      let scale = 0;
      for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(ref[i]));
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) expect(Math.abs(got[i * n + j] - ref[i * n + j])).toBeLessThan(1e-13 * scale);
        for (let j = i + 1; j < n; j++) expect(got[i * n + j]).toBe(12345);
      }
      const ld = choleskyLogDet(ref, n);
      expect(Math.abs(choleskyLogDet(got, n) - ld)).toBeLessThan(1e-12 * Math.max(1, Math.abs(ld)));
    });
  }

  it('choleskyInPlace uses it at large n and agrees with the JS kernel', () => {
    const n = 411;
    const a = spd(n, 2);
    const ref = choleskyInPlaceJs(Float64Array.from(a), n);
    const got = choleskyInPlace(Float64Array.from(a), n);
    const l0 = choleskyLogDet(ref, n);
    expect(Math.abs(choleskyLogDet(got, n) - l0) / Math.abs(l0)).toBeLessThan(1e-12);
  });

  it('reuses its memory across sizes (grow, then smaller, then larger)', () => {
    for (const n of [300, 40, 520, 41]) {
      const a = spd(n, 3);
      const ref = choleskyInPlaceJs(Float64Array.from(a), n);
      const got = choleskyInPlace(Float64Array.from(a), n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) expect(got[i * n + j]).toBeCloseTo(ref[i * n + j], 12);
    }
  });

  for (const [n, bad] of [[40, 0], [40, 17], [41, 40], [57, 30]]) {
    it(`throws NumericalError naming pivot ${bad} of ${n} when not positive definite`, () => {
      const a = spd(n, 4);
      a[bad * n + bad] = -5; // leading minors before `bad` stay PD; this one is not
      expect(() => choleskyInPlaceJs(Float64Array.from(a), n, 'M')).toThrow(new RegExp(`pivot ${bad} of ${n}`));
      expect(() => choleskyInPlace(Float64Array.from(a), n, 'M')).toThrow(NumericalError);
      expect(() => choleskyInPlace(Float64Array.from(a), n, 'M')).toThrow(new RegExp(`M is not positive definite \\(Cholesky pivot ${bad} of ${n}`));
    });
  }

  it('rejects a NaN or infinite pivot', () => {
    const n = 30;
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const a = spd(n, 5);
      a[7 * n + 7] = v;
      expect(() => choleskyInPlace(a, n)).toThrow(/pivot 7 of 30/);
    }
  });
});
