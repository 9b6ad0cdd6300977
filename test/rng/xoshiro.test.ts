import { describe, it, expect } from 'vitest';
import { Rng } from '../../src/rng/xoshiro.js';
import { rngFor } from '../../src/rng/streams.js';

/** An independent reference: xoshiro128** written with BigInt arithmetic modulo 2^32. */
function referenceXoshiro(seed: [number, number, number, number], count: number): number[] {
  const M = 0xffffffffn;
  let [s0, s1, s2, s3] = seed.map(BigInt);
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number((rotl((s1 * 5n) & M, 7n) * 9n) & M));
    const t = (s1 << 9n) & M;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11n);
  }
  return out;
}

describe('xoshiro128**', () => {
  it('matches a BigInt reference implementation bit for bit', () => {
    const seed: [number, number, number, number] = [1, 2, 3, 4];
    const rng = new Rng(...seed);
    const ours = Array.from({ length: 1000 }, () => rng.nextU32());
    expect(ours[0]).toBe(11520); // rotl(2·5, 7)·9 for state (1,2,3,4)
    expect(ours).toEqual(referenceXoshiro(seed, 1000));
  });

  it('uniform() has mean 1/2 and variance 1/12 within 4 standard errors', () => {
    const rng = rngFor(42, 'test');
    const n = 200_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const u = rng.uniform(); s += u; s2 += u * u; }
    const mean = s / n, v = s2 / n - mean * mean;
    expect(Math.abs(mean - 0.5) / Math.sqrt(1 / 12 / n)).toBeLessThan(4);
    expect(Math.abs(v - 1 / 12) / Math.sqrt(1 / 180 / n)).toBeLessThan(4); // Var(U²)-based s.e. of the variance ≈ sqrt(1/180/n)
  });

  it('normal() has mean 0, variance 1 and kurtosis 3 within 4 standard errors', () => {
    const rng = rngFor(7, 'test');
    const n = 200_000;
    const z = new Float64Array(n);
    rng.fillNormal(z);
    let m1 = 0, m2 = 0, m4 = 0;
    for (const x of z) { m1 += x; m2 += x * x; m4 += x ** 4; }
    m1 /= n; m2 /= n; m4 /= n;
    expect(Math.abs(m1) / Math.sqrt(1 / n)).toBeLessThan(4);
    expect(Math.abs(m2 - 1) / Math.sqrt(2 / n)).toBeLessThan(4);
    expect(Math.abs(m4 - 3) / Math.sqrt(96 / n)).toBeLessThan(4);
  });

  it('twin: the variance check rejects a generator with standard deviation 1.02', () => {
    const rng = rngFor(7, 'test');
    const n = 200_000;
    let m2 = 0;
    for (let i = 0; i < n; i++) m2 += (1.02 * rng.normal()) ** 2;
    m2 /= n;
    expect(Math.abs(m2 - 1) / Math.sqrt(2 / n)).toBeGreaterThan(4);
  });

  it('int(n) is uniform (chi-square over 10 cells, p > 1e-4)', () => {
    const rng = rngFor(3, 'test');
    const counts = new Array(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[rng.int(10)]++;
    const chi2 = counts.reduce((a, c) => a + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(33.7); // χ²(9) upper 1e-4 quantile
  });

  it('streams are reproducible and neighbouring keys are uncorrelated', () => {
    const a1 = rngFor(5, 'sgd', 0, 0), a2 = rngFor(5, 'sgd', 0, 0), b = rngFor(5, 'sgd', 0, 1);
    const n = 50_000;
    let corr = 0;
    for (let i = 0; i < n; i++) {
      const x = a1.normal();
      expect(x).toBe(a2.normal());
      corr += x * b.normal();
    }
    expect(Math.abs(corr / n) * Math.sqrt(n)).toBeLessThan(4);
  });

  it('rejects seeds outside [0, 2^32)', () => {
    expect(() => rngFor(-1, 'x')).toThrow(/seed/);
    expect(() => rngFor(2 ** 32, 'x')).toThrow(/seed/);
    expect(() => rngFor(1.5, 'x')).toThrow(/seed/);
  });
});
