import { describe, it, expect } from 'vitest';
import { createSampler } from '../../src/dynamics/samplers.js';
import { rngFor } from '../../src/rng/streams.js';
import { noiseFactor, type Sampler } from '../../src/dynamics/samplers.js';

/**
 * The samplers against the noise factor c(N,B) of docs/theory.md §2, by Monte Carlo: for fixed
 * per-example "gradients" u_i (mean zero, (1/N) Σ u_i² = 1) the minibatch mean has variance c.
 * Tolerance: 4 standard errors of the sample variance; fixed seeds.
 */
function batchMeanVariance(sampler: Sampler, n: number, b: number, draws: number, seed: number): { value: number; stdError: number } {
  const u = Float64Array.from({ length: n }, (_, i) => i - (n - 1) / 2);
  const scale = Math.sqrt(u.reduce((a, x) => a + x * x, 0) / n);
  for (let i = 0; i < n; i++) u[i] /= scale;
  const s = createSampler(sampler, n, b, rngFor(seed, 'test-sampler'));
  const idx = new Int32Array(b);
  let m2 = 0, m4 = 0;
  for (let t = 0; t < draws; t++) {
    s.next(idx);
    let g = 0;
    for (let k = 0; k < b; k++) g += u[idx[k]];
    g /= b;
    m2 += g * g;
    m4 += g ** 4;
  }
  m2 /= draws; m4 /= draws;
  return { value: m2, stdError: Math.sqrt((m4 - m2 * m2) / draws) };
}

describe('minibatch samplers', () => {
  const cases: [Sampler, number, number][] = [['with-replacement', 20, 5], ['without-replacement', 20, 5], ['without-replacement', 20, 10], ['without-replacement', 12, 3]];
  for (const [sampler, n, b] of cases) {
    it(`${sampler} N=${n} B=${b}: Var(mean of batch) = c(N,B) within 4 s.e.`, () => {
      const m = batchMeanVariance(sampler, n, b, 200_000, n * 100 + b);
      expect(Math.abs(m.value - noiseFactor(n, b, sampler)) / m.stdError).toBeLessThan(4);
    });
  }

  it('twin: at B = N/2 the εN/B factor 1/B is rejected for without-replacement', () => {
    const m = batchMeanVariance('without-replacement', 20, 10, 200_000, 11);
    expect(Math.abs(m.value - 1 / 10) / m.stdError).toBeGreaterThan(4);
  });

  it('without-replacement draws B distinct indices, each with probability B/N', () => {
    const n = 10, b = 4, draws = 50_000;
    const s = createSampler('without-replacement', n, b, rngFor(1, 'test'));
    const idx = new Int32Array(b);
    const counts = new Array(n).fill(0);
    for (let t = 0; t < draws; t++) {
      s.next(idx);
      expect(new Set(idx).size).toBe(b);
      for (const i of idx) counts[i]++;
    }
    const p = b / n;
    for (const c of counts) expect(Math.abs(c / draws - p) / Math.sqrt((p * (1 - p)) / draws)).toBeLessThan(4.5);
  });

  it('epoch-shuffle visits every example once per epoch (remainder dropped)', () => {
    const n = 10, b = 3;
    const s = createSampler('epoch-shuffle', n, b, rngFor(2, 'test'));
    const idx = new Int32Array(b);
    for (let epoch = 0; epoch < 5; epoch++) {
      const seen: number[] = [];
      for (let k = 0; k < Math.floor(n / b); k++) { s.next(idx); seen.push(...idx); }
      expect(new Set(seen).size).toBe(9);
    }
  });

  it('rejects B outside [1, N]', () => {
    expect(() => createSampler('with-replacement', 5, 6, rngFor(1, 't'))).toThrow(/batch size/);
    expect(() => createSampler('with-replacement', 5, 0, rngFor(1, 't'))).toThrow(/batch size/);
  });
});
