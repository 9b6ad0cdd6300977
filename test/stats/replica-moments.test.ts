import { describe, it, expect } from 'vitest';
import { ReplicaMoments } from '../../src/stats/replica-moments.js';
import { rngFor } from '../../src/rng/streams.js';

/**
 * Calibration of the replica standard errors: for i.i.d. Gaussian observations with known
 * covariance, the z-scores of the trace estimate over 100 repetitions have mean ≈ 0 and standard
 * deviation ≈ 1 (tolerances: 4 s.e. of a mean of 100 z's = 0.4; sd within [0.75, 1.3]).
 */
describe('ReplicaMoments', () => {
  const sigma = [[2, 0.6], [0.6, 1]];
  const l = [[Math.SQRT2, 0], [0.6 / Math.SQRT2, Math.sqrt(1 - 0.18)]]; // Cholesky of sigma
  function estimate(seed: number, scale = 1) {
    const m = new ReplicaMoments(2, 32);
    const e = new Float64Array(2);
    for (let r = 0; r < 32; r++) {
      const rng = rngFor(seed, 'rm', r);
      m.begin(r);
      for (let t = 0; t < 200; t++) {
        const z0 = rng.normal(), z1 = rng.normal();
        e[0] = scale * (l[0][0] * z0 + 1);
        e[1] = scale * (l[1][0] * z0 + l[1][1] * z1 - 2);
        m.observe(e);
      }
      m.end();
    }
    return m;
  }
  const eye = Float64Array.of(1, 0, 0, 1);

  it('the trace z-scores are standard normal', () => {
    const z = Array.from({ length: 100 }, (_, k) => {
      const t = estimate(k).functional(eye);
      return (t.value - 3) / t.stdError;
    });
    const mean = z.reduce((a, v) => a + v, 0) / z.length;
    const sd = Math.sqrt(z.reduce((a, v) => a + (v - mean) ** 2, 0) / (z.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.4);
    expect(sd).toBeGreaterThan(0.75);
    expect(sd).toBeLessThan(1.3);
  });

  it('covariance entries are centred on the pooled mean; second moments about the origin are not', () => {
    const m = estimate(1);
    const { covariance } = m.covariance();
    expect(Math.abs(covariance[1] - sigma[0][1]) / m.covariance().stdError[1]).toBeLessThan(4);
    const raw = m.functional(eye, false); // E|e|² = tr Σ + |μ|² = 3 + 5
    expect(Math.abs(raw.value - 8) / raw.stdError).toBeLessThan(4);
  });

  it('twin: a covariance scaled by 1.1² is rejected by the trace check', () => {
    const t = estimate(2, 1.1).functional(eye);
    expect(Math.abs(t.value - 3) / t.stdError).toBeGreaterThan(4);
  });
});
