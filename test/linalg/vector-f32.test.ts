import { describe, it, expect } from 'vitest';
import { F32Arena } from '../../src/linalg/f32-arena.js';
import { axpyF32, biasReluF32, colSumF32, heavyBallF32, reluMaskF32 } from '../../src/linalg/vector-f32.js';
import { rngFor } from '../../src/rng/streams.js';

/**
 * The element-wise kernels on both backends against float32 definitions written out with
 * Math.fround (heavy ball: with velocities below 2^-126 flushed to 0). Each operation is one or two correctly rounded float32 operations, so wasm and JS
 * must agree bit for bit (column sums: same order of additions, hence also exact). Copies in plain
 * Float32Arrays take the JS path.
 */
describe('vector kernels', () => {
  const n = 1031; // not a multiple of 4: exercises the JS tail of the wasm path

  it('heavyBall: v ← m v − ε g, w ← w + v in float32, identical on both backends', () => {
    const ar = new F32Arena([n, n, n], 'wasm');
    const w = ar.f32(n), v = ar.f32(n), g = ar.f32(n);
    const rng = rngFor(1, 'test-hb');
    for (let i = 0; i < n; i++) { w[i] = rng.normal(); v[i] = rng.normal(); g[i] = rng.normal(); }
    for (let i = 0; i < n; i += 5) { v[i] = 2 ** -120 * rng.normal(); g[i] = 0; } // some velocities decay below 2^-126
    const [wj, vj, gj] = [Float32Array.from(w), Float32Array.from(v), Float32Array.from(g)];
    const [we, ve] = [Float32Array.from(w), Float32Array.from(v)];
    const m = 0.9, eps = 0.37;
    for (let i = 0; i < n; i++) {
      const x = Math.fround(Math.fround(Math.fround(m) * ve[i]) - Math.fround(Math.fround(eps) * g[i]));
      ve[i] = Math.abs(x) < 2 ** -126 ? 0 : x;
      we[i] = Math.fround(we[i] + ve[i]);
    }
    heavyBallF32(w, v, g, m, eps);
    heavyBallF32(wj, vj, gj, m, eps);
    expect(Array.from(v)).toEqual(Array.from(ve));
    expect(Array.from(w)).toEqual(Array.from(we));
    expect(Array.from(vj)).toEqual(Array.from(ve));
    expect(Array.from(wj)).toEqual(Array.from(we));
    expect(v.some((x, i) => i % 5 === 0 && x === 0)).toBe(true); // the flush happened
  });

  it('heavyBall flushes subnormal velocities to zero, and only those', () => {
    const ar = new F32Arena([8, 8, 8], 'wasm');
    const w = ar.f32(8), v = ar.f32(8), g = ar.f32(8);
    v.set([2 ** -125, -(2 ** -125), 2 ** -120, 1, 0, 2 ** -126 / 0.5, 3e-39, -1]);
    const vj = Float32Array.from(v), wj = Float32Array.from(w), gj = Float32Array.from(g);
    heavyBallF32(w, v, g, 0.5, 0.1);
    heavyBallF32(wj, vj, gj, 0.5, 0.1);
    expect(Array.from(v)).toEqual([2 ** -126, -(2 ** -126), 2 ** -121, 0.5, 0, 2 ** -126, 0, -0.5]);
    expect(Array.from(vj)).toEqual(Array.from(v));
  });

  it('axpy: y ← y + alpha x in float32, identical on both backends', () => {
    const ar = new F32Arena([n, n], 'wasm');
    const x = ar.f32(n), y = ar.f32(n);
    const rng = rngFor(2, 'test-axpy');
    for (let i = 0; i < n; i++) { x[i] = rng.normal(); y[i] = rng.normal(); }
    const xj = Float32Array.from(x), yj = Float32Array.from(y), y0 = Float32Array.from(y);
    axpyF32(0.25, x, y);
    axpyF32(0.25, xj, yj);
    for (let i = 0; i < n; i++) expect(y[i]).toBe(Math.fround(y0[i] + Math.fround(0.25 * x[i])));
    expect(Array.from(yj)).toEqual(Array.from(y));
  });

  it('biasRelu, reluMask and colSum on a padded block', () => {
    const m = 7, cols = 11, ld = 13;
    const ar = new F32Arena([m * ld, cols, m * ld, m * ld, cols], 'wasm');
    const c = ar.f32(m * ld), bias = ar.f32(cols), d = ar.f32(m * ld), h = ar.f32(m * ld), s = ar.f32(cols);
    const rng = rngFor(4, 'test-block');
    for (let i = 0; i < m * ld; i++) { c[i] = rng.normal(); d[i] = rng.normal(); h[i] = rng.uniform() < 0.5 ? 0 : rng.normal(); }
    for (let j = 0; j < cols; j++) bias[j] = rng.normal();
    const [cj, dj, hj, bj, sj] = [c, d, h, bias, s].map((x) => Float32Array.from(x));
    const c0 = Float32Array.from(c), d0 = Float32Array.from(d);
    biasReluF32(c, ld, bias, m, cols); biasReluF32(cj, ld, bj, m, cols);
    reluMaskF32(d, h, ld, m, cols); reluMaskF32(dj, hj, ld, m, cols);
    colSumF32(d, ld, m, cols, s); colSumF32(dj, ld, m, cols, sj);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < ld; j++) {
        const r = i * ld + j;
        const inside = j < cols;
        expect(c[r]).toBe(inside ? Math.max(Math.fround(c0[r] + bias[j]), 0) : c0[r]);
        expect(d[r]).toBe(inside ? (h[r] > 0 ? d0[r] : 0) : d0[r]);
      }
    }
    for (let j = 0; j < cols; j++) {
      let acc = 0;
      for (let i = 0; i < m; i++) acc = Math.fround(acc + d[i * ld + j]);
      expect(s[j]).toBe(acc);
    }
    expect(Array.from(cj)).toEqual(Array.from(c));
    expect(Array.from(dj)).toEqual(Array.from(d));
    expect(Array.from(sj)).toEqual(Array.from(s));
  });
});
