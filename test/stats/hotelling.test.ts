import { describe, it, expect } from 'vitest';
import { hotellingTest } from '../../src/stats/hotelling.js';
import { rngFor } from '../../src/rng/streams.js';

/**
 * Hotelling's T² of replica vectors (stats/hotelling.ts): calibrated under the null (the normal
 * score exceeds 2 about as often as a normal does), and it rejects a scaled mean (the twin).
 * Correlated entries of very different size, as a covariance matrix's entries are.
 */
function replicas(seed: number, r: number, mean: number[], scales: number[]): Float64Array[] {
  const rng = rngFor(seed, 'test-hotelling');
  const p = mean.length;
  return Array.from({ length: r }, () => {
    const shared = rng.normal();
    return Float64Array.from({ length: p }, (_, i) => mean[i] + scales[i] * (0.7 * shared + 0.7 * rng.normal()));
  });
}

const mean = [4e-3, -1e-5, 2e-3, 1e-3, 0, 5e-4];
const scales = [2e-4, 3e-6, 1e-4, 5e-5, 2e-5, 4e-5];

describe('Hotelling T² of a matrix\'s entries', () => {
  it('under the null: the normal score is N(0, 1) (500 draws of 64 replicas: P(z > 2) ≈ 0.023)', () => {
    let over = 0;
    let sum = 0;
    const n = 500;
    for (let s = 0; s < n; s++) {
      const out = hotellingTest(replicas(s, 64, mean, scales), Float64Array.from(mean));
      if ('problem' in out) throw new Error(out.problem);
      if (out.test.z > 2) over++;
      sum += out.test.z;
    }
    // binomial s.e. of the fraction √(0.023·0.977/500) = 0.0067: within 4 s.e.
    expect(Math.abs(over / n - 0.02275)).toBeLessThan(4 * 0.0067);
    expect(Math.abs(sum / n)).toBeLessThan(4 / Math.sqrt(n));
  });

  it('twin: a mean 10% larger in every entry is rejected, and the alternative score predicts it', () => {
    const shifted = mean.map((m) => 1.1 * m);
    const out = hotellingTest(replicas(7, 256, shifted, scales), Float64Array.from(mean));
    if ('problem' in out) throw new Error(out.problem);
    expect(out.test.z).toBeGreaterThan(4);
    const expected = out.test.scoreOfShift(Float64Array.from(mean, (m) => 0.1 * m));
    expect(Math.abs(out.test.z - expected)).toBeLessThan(4);
  });

  it('too few replicas for the entries, or an entry that never varies: a reason, not a number', () => {
    expect(hotellingTest(replicas(1, 12, mean, scales), Float64Array.from(mean))).toHaveProperty('problem');
    const flat = replicas(1, 64, mean, scales.map((s, i) => (i === 4 ? 0 : s)));
    expect(hotellingTest(flat, Float64Array.from(mean))).toHaveProperty('problem');
  });
});
