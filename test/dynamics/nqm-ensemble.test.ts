import { describe, it, expect } from 'vitest';
import { NqmLoss } from '../../src/models/nqm.js';
import { nqmEnsembleSteps } from '../../src/dynamics/nqm-ensemble.js';
import { NqmMoments, type NqmProblem } from '../../src/theory/nqm.js';
import { firstCrossing, windowedCrossing } from '../../src/theory/nqm-steps.js';
import { nqmBestLr } from '../../src/theory/nqm-frontier.js';

/**
 * The simulated NQM ensemble (src/dynamics/nqm-ensemble.ts) against the closed form
 * (src/theory/nqm*.ts, docs/theory.md §3 NQM) on the case d = 100, h_i = 1/i, C = H (batch noise
 * H/B, as sampling with replacement), every run from x_i = 1, target 1 % of the starting excess
 * loss, steps by the `expected` definition (the ensemble-mean loss crosses the target): at every B
 * of 1, 2, 4 … 2048 at the closed form's best ε, the simulated steps lie within 4 s.e. of the closed
 * form's, read the same way (theory/nqm-steps.ts windowedCrossing; 64 runs, seed 11). Twin: the
 * closed form with the noise doubled (2C/B) at the same ε is rejected at some B (where its
 * stationary loss lies above the target it never arrives: z = −∞). Also: with momentum 0.9 at three B, and the `per-run` count (each run's own
 * first hitting time) is below the expected-loss count at B = 1, where the stationary loss of the
 * best ε is close to the target and runs arrive through downward fluctuations.
 */
const d = 100;
const h = Float64Array.from({ length: d }, (_, i) => 1 / (i + 1));
const model = new NqmLoss(h, Float64Array.from(h));
const problem: NqmProblem = { curvature: h, noise: Float64Array.from(h), start: new Float64Array(d).fill(1) };
const wrongNoise: NqmProblem = { ...problem, noise: Float64Array.from(h, (x) => 2 * x) };
const target = 0.01 * 0.5 * h.reduce((a, b) => a + b);
const replicas = 64;
const maxSteps = 100_000;

function compare(momentum: number, batchSizes: number[], cell0: number) {
  return batchSizes.map((batchSize, k) => {
    const best = nqmBestLr(problem, batchSize, momentum, target, { maxSteps: 1e6, tolerance: 1e-6 })!;
    const sim = nqmEnsembleSteps(model, {
      lr: best.lr, momentum, batchSize, replicas, maxSteps, target, start: { point: new Float64Array(d).fill(1) },
      definition: 'expected', seed: 11, cell: cell0 + k,
    });
    // the closed form read as the ensemble's mean is read (a line through ln E L over the crossing's window)
    const read = (p: NqmProblem) => { const mo = new NqmMoments(p, { lr: best.lr, momentum, batchSize }); return windowedCrossing(mo, target, firstCrossing(mo, target, 1e6)); };
    const closed = read(problem), wrong = read(wrongNoise);
    return { batchSize, lr: best.lr, closed, sim: sim.fractional, se: sim.stdError, z: (sim.fractional - closed) / sim.stdError, zWrong: (sim.fractional - wrong) / sim.stdError };
  });
}

describe('NQM ensemble against the closed form (expected definition)', () => {
  const sgd = compare(0, Array.from({ length: 12 }, (_, k) => 2 ** k), 0);

  it('SGD, B = 1 … 2048: simulated steps within 4 s.e. of the closed form at every B (64 runs, seed 11)', () => {
    for (const r of sgd) {
      expect(Number.isFinite(r.se) && r.se > 0).toBe(true);
      expect(Math.abs(r.z), `B = ${r.batchSize}: simulated ${r.sim} ± ${r.se}, closed form ${r.closed}`).toBeLessThan(4);
    }
  });

  it('twin: the closed form with noise 2C/B at the same ε is rejected (beyond 4 s.e. at some B)', () => {
    expect(Math.max(...sgd.map((r) => Math.abs(r.zWrong)))).toBeGreaterThan(4);
  });

  it('heavy ball m = 0.9 at B = 4, 64, 1024: within 4 s.e.; the 2C/B twin rejected', () => {
    const hb = compare(0.9, [4, 64, 1024], 100);
    for (const r of hb) expect(Math.abs(r.z), `B = ${r.batchSize}: simulated ${r.sim} ± ${r.se}, closed form ${r.closed}`).toBeLessThan(4);
    expect(Math.max(...hb.map((r) => Math.abs(r.zWrong)))).toBeGreaterThan(4);
  });

  it('per-run (mean first hitting time) is below the expected-loss count at B = 1, by more than 4 s.e.', () => {
    const r = sgd[0];
    const perRun = nqmEnsembleSteps(model, {
      lr: r.lr, momentum: 0, batchSize: 1, replicas, maxSteps, target, start: { point: new Float64Array(d).fill(1) },
      definition: 'per-run', seed: 11, cell: 0,
    });
    expect(perRun.reached).toBe(replicas);
    expect((r.sim - perRun.steps) / Math.hypot(r.se, perRun.stdError)).toBeGreaterThan(4);
  });
});
