import { describe, it, expect } from 'vitest';
import { LinearRegressionLoss, syntheticLinearData } from '../../../src/models/linear-regression.js';
import { LeastSquaresMoments } from '../../../src/experiments/gradient-noise/ensemble-frontier.js';
import { createSampler } from '../../../src/dynamics/samplers.js';
import { noiseFactor, type Sampler } from '../../../src/dynamics/samplers.js';
import { rngFor } from '../../../src/rng/streams.js';

/**
 * The exact moment recursion of SGD on least squares (ensemble-frontier.ts) against a Monte Carlo
 * ensemble run with the same deterministic ε schedule (the recursion's own ensemble-optimal steps):
 * the mean loss over 20 000 runs agrees with E L within 4 standard errors at every checked step.
 * Twin: the recursion that evaluates the noise at the mean iterate (Σ(m) instead of E Σ) is
 * rejected by more than 4 s.e. at the last step, where the runs have spread.
 */
const RUNS = 20000;
const STEPS = 60;
const CHECK = [5, 20, 60];

function schedule(loss: LinearRegressionLoss, start: Float64Array, c: number, noiseAtMean: boolean) {
  const moments = new LeastSquaresMoments(loss, start, noiseAtMean);
  const lrs: number[] = [];
  const expected: number[] = [moments.expectedLoss()];
  for (let t = 0; t < STEPS; t++) {
    moments.noise();
    const lr = noiseAtMean ? NaN : moments.optimalLr(c);
    lrs.push(lr);
    expected.push(NaN);
    if (!noiseAtMean) {
      moments.step(lr, c);
      expected[t + 1] = moments.expectedLoss();
    }
  }
  return { lrs, expected };
}

function replay(loss: LinearRegressionLoss, start: Float64Array, lrs: number[], c: number, noiseAtMean: boolean): number[] {
  const moments = new LeastSquaresMoments(loss, start, noiseAtMean);
  const out = [moments.expectedLoss()];
  for (const lr of lrs) {
    moments.noise();
    moments.step(lr, c);
    out.push(moments.expectedLoss());
  }
  return out;
}

function monteCarlo(loss: LinearRegressionLoss, start: Float64Array, lrs: number[], batch: number, sampler: Sampler) {
  const d = loss.dim;
  const w = new Float64Array(d);
  const g = new Float64Array(d);
  const idx = new Int32Array(batch);
  const sum = new Float64Array(lrs.length + 1);
  const sumSq = new Float64Array(lrs.length + 1);
  for (let r = 0; r < RUNS; r++) {
    const s = createSampler(sampler, loss.n, batch, rngFor(7, 'test-moments', r));
    w.set(start);
    for (let t = 0; t < lrs.length; t++) {
      s.next(idx);
      loss.batchGradient(w, idx, batch, g);
      for (let j = 0; j < d; j++) w[j] -= lrs[t] * g[j];
      const v = loss.loss(w);
      sum[t + 1] += v;
      sumSq[t + 1] += v * v;
    }
  }
  return Array.from(sum, (s, t) => ({ mean: s / RUNS, se: Math.sqrt(Math.max(sumSq[t] / RUNS - (s / RUNS) ** 2, 0) / RUNS) }));
}

describe('exact SGD moments on least squares', () => {
  for (const [batch, sampler] of [[2, 'with-replacement'], [5, 'without-replacement']] as const) {
    it(`E L after t steps matches 20 000 runs within 4 s.e. (B = ${batch}, ${sampler}); the noise-at-the-mean twin is rejected`, () => {
      const loss = new LinearRegressionLoss(syntheticLinearData({ kind: 'linear-regression', n: 40, dim: 4, labelNoise: 0.5 } as never, 11));
      const start = Float64Array.from(loss.minimum(), (m, j) => m + (j % 2 ? 1 : -1));
      const c = noiseFactor(loss.n, batch, sampler);
      const { lrs, expected } = schedule(loss, start, c, false);
      const twin = replay(loss, start, lrs, c, true);
      const mc = monteCarlo(loss, start, lrs, batch, sampler);
      for (const t of CHECK) {
        const z = (mc[t].mean - expected[t]) / mc[t].se;
        expect(Math.abs(z), `step ${t}: MC ${mc[t].mean} ± ${mc[t].se}, exact ${expected[t]}`).toBeLessThanOrEqual(4);
      }
      const zTwin = (mc[STEPS].mean - twin[STEPS]) / mc[STEPS].se;
      if (process.env.SHOW_Z) console.log(batch, CHECK.map((t) => ((mc[t].mean - expected[t]) / mc[t].se).toFixed(2)), zTwin.toFixed(1));
      expect(Math.abs(zTwin), `twin ${twin[STEPS]} vs MC ${mc[STEPS].mean} ± ${mc[STEPS].se}`).toBeGreaterThan(4);
    });
  }
});
