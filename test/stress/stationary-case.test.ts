import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { quadraticCase, simulateStationaryCase, stationaryCase, type QuadraticDraw } from '../../src/stress/stationary-case.js';
import { defaultFormulas } from '../../src/stress/formulas.js';
import { SIMULATION } from '../../src/stress/scenario-builder.js';
import { burnInSteps, quadraticRelaxationSteps } from '../../src/stress/relaxation.js';
import { covarianceComparisons } from '../../src/stress/comparisons.js';
import { sgdStationaryCovariance } from '../../src/theory/lyapunov-discrete.js';
import { noiseFactor } from '../../src/dynamics/samplers.js';
import { parseScenario } from '../../src/run/load-scenario.js';

/**
 * The stress case builder: the quadratic draw, the scenario it defines, and the simulate-judge step
 * (4σ per case, the Student-t threshold with Bonferroni over the comparisons, fixed seed), with its
 * twin: the same measurement rejects a prediction with c(N,B) wrong by 30%.
 */
const ctx = { formulas: defaultFormulas, tolerance: 4, relativeTolerance: 0.05 };
const draw: QuadraticDraw = {
  shape: { dim: 2, twentieths: [20, 8, 4, 4], rotate: true, noise: 'isotropic' },
  extraN: 30,
  batchPercent: 20,
  sampler: 'without-replacement',
  seed: 7,
};

describe('stress case builder', () => {
  it('quadraticCase: N = d + extra, B from the percentage, c(N,B) from the formulas under test, c·S', () => {
    const q = quadraticCase(draw, ctx);
    expect(q.n).toBe(32);
    expect(q.batchSize).toBe(6);
    expect(q.spectrum).toEqual([1, 0.4]);
    expect(q.lambdaMax).toBe(1);
    expect(q.noiseFactor).toBe(noiseFactor(32, 6, 'without-replacement'));
    expect(Array.from(q.gradientNoise)).toEqual(Array.from(q.loss.noiseCovariance, (v) => v * q.noiseFactor));
    const planted = quadraticCase(draw, { ...ctx, formulas: { ...defaultFormulas, noiseFactor: () => 0.5 } });
    expect(planted.noiseFactor).toBe(0.5);
  });

  it('stationaryCase: a runnable scenario with the burn-in of the relaxation time, SIMULATION steps and replicas, the run tolerance', () => {
    const relaxationSteps = quadraticRelaxationSteps([1, 0.4], 0.5, 0);
    const c = stationaryCase({ property: 'x', description: 'd', seed: 7, model: quadraticCase(draw, ctx).model, optimizer: { lr: 0.5, batchSize: 6, momentum: 0, sampler: 'without-replacement' }, relaxationSteps }, ctx);
    expect(c.burnIn).toBe(burnInSteps(relaxationSteps));
    expect(c.scenario).toMatchObject({ name: 'stress-x', experiment: 'stationary', start: 'minimum', tolerance: 4, run: { replicas: SIMULATION.replicas, steps: SIMULATION.steps, burnIn: c.burnIn, thin: 1 } });
    expect(parseScenario(c.scenario).kind).toBe('stationary');
    const longer = stationaryCase({ property: 'x', description: 'd', seed: 7, model: {}, optimizer: { lr: 0.5, batchSize: 6, momentum: 0, sampler: 'epoch-shuffle' }, relaxationSteps, steps: 2005 }, ctx);
    expect((longer.scenario.run as { steps: number }).steps).toBe(2005);
  });

  it('simulateStationaryCase: the discrete Lyapunov covariance holds (4σ); twin: c(N,B) × 1.3 is rejected by the same measurement', async () => {
    const q = quadraticCase(draw, ctx);
    const lr = 0.5;
    const c = stationaryCase({ property: 'x', description: 'd', seed: draw.seed, model: q.model, optimizer: { lr, batchSize: q.batchSize, momentum: 0, sampler: draw.sampler }, relaxationSteps: quadraticRelaxationSteps(q.spectrum, lr, 0) }, ctx);
    const right = sgdStationaryCovariance(q.loss.h, q.gradientNoise, 2, lr);
    const wrong = sgdStationaryCovariance(q.loss.h, Float64Array.from(q.gradientNoise, (v) => 1.3 * v), 2, lr);
    const check = (predicted: Float64Array) => simulateStationaryCase(c, ctx, { compare: (m) => covarianceComparisons(m, predicted), describe: 'case', axes: { lr } });
    const ok = await check(right);
    expect(ok.pass, ok.lines.join('\n')).toBe(true);
    expect(ok.lines[0]).toBe('case');
    expect(ok.lines).toHaveLength(1 + 4); // tr Σ and the 3 entries Σ_ij, i ≤ j
    expect(ok.scenarios).toEqual([c.scenario]);
    expect(ok.axes).toEqual({ lr });
    const bad = await check(wrong);
    expect(bad.pass).toBe(false);
    expect(bad.pValue!).toBeLessThan(1e-6);
  });

  it('a case whose burn-in exceeds SIMULATION.maxBurnIn is skipped as outside the region (fc.pre), not failed', async () => {
    const c = stationaryCase({ property: 'x', description: 'd', seed: 1, model: quadraticCase(draw, ctx).model, optimizer: { lr: 1e-6, batchSize: 6, momentum: 0, sampler: 'without-replacement' }, relaxationSteps: quadraticRelaxationSteps([0.4], 1e-6, 0) }, ctx);
    expect(c.burnIn).toBeGreaterThan(SIMULATION.maxBurnIn);
    const err = await simulateStationaryCase(c, ctx, { compare: () => [], describe: '', axes: {} }).catch((e: unknown) => e);
    expect(fc.PreconditionFailure.isFailure(err)).toBe(true);
  });
});
