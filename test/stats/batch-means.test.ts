import { describe, it, expect } from 'vitest';
import { batchMeansStdError } from '../../src/stats/batch-means.js';
import { meanAndStdError } from '../../src/stats/replica-moments.js';
import { rngFor } from '../../src/rng/streams.js';

/**
 * AR(1) x_t = φ x_{t−1} + ξ_t has Var(mean of n) ≈ (1/n) σ²/(1−φ²) (1+φ)/(1−φ). Over 200
 * independent chains the batch-means s.e. must match the spread of the chain means (within the
 * sampling error of a standard deviation from 200 values, ~5%: tolerance 15%), while the naive
 * i.i.d. formula underestimates it by the factor sqrt((1+φ)/(1−φ)) = 3 (the twin).
 */
describe('batch means', () => {
  const phi = 0.8, n = 20_000, chains = 200;
  const means: number[] = [];
  const bmSe: number[] = [];
  const naiveSe: number[] = [];
  for (let c = 0; c < chains; c++) {
    const rng = rngFor(99, 'ar1', c);
    const x = new Float64Array(n);
    let v = rng.normal() / Math.sqrt(1 - phi * phi);
    for (let t = 0; t < n; t++) { v = phi * v + rng.normal(); x[t] = v; }
    const bm = batchMeansStdError(x);
    means.push(bm.mean);
    bmSe.push(bm.stdError);
    naiveSe.push(meanAndStdError(x).stdError);
  }
  const sdOfMeans = Math.sqrt(means.reduce((a, m) => a + m * m, 0) / chains);
  const avg = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const theory = Math.sqrt(((1 / (1 - phi * phi)) * (1 + phi)) / (1 - phi) / n);

  it('batch-means standard error matches the true spread of chain means (±15%)', () => {
    expect(Math.abs(sdOfMeans / theory - 1)).toBeLessThan(0.15);
    expect(Math.abs(avg(bmSe) / sdOfMeans - 1)).toBeLessThan(0.15);
  });

  it('twin: the i.i.d. standard error is too small by about 3× and would fail the same check', () => {
    expect(Math.abs(avg(naiveSe) / sdOfMeans - 1)).toBeGreaterThan(0.5);
  });
});
