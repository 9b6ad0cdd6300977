import fc from 'fast-check';
import type { StressProperty } from '../property.js';
import { buildQuadratic } from '../../models/quadratic.js';
import { sgdStationaryCovariance } from '../../theory/lyapunov-discrete.js';
import { batchSizeOf, caseSeed, markovSampler, quadraticModelSpec, quadraticShape, spectrumOf, type QuadraticShape } from '../arbitraries.js';
import { burnInSteps, quadraticRelaxationSteps } from '../relaxation.js';
import { SIMULATION, stationaryScenario } from '../scenario-builder.js';
import { measureStationary } from '../simulate.js';
import { covarianceComparisons, judge } from '../comparisons.js';
import { caseFalseFailureRate } from '../tolerance.js';
import { round4 } from '../format.js';
import type { Sampler } from '../../theory/noise-scale.js';

/**
 * Discrete SGD on a quadratic with additive noise has the stationary covariance solving
 * H Σ + Σ H − ε H Σ H = ε c S exactly, at any stable ε (THEORY.md §3): simulation vs theory.
 */
interface Case {
  shape: QuadraticShape;
  /** N − d */
  extraN: number;
  batchPercent: number;
  /** ε λ_max in percent */
  stabilityPercent: number;
  sampler: Sampler;
  seed: number;
}

export const discreteLyapunov: StressProperty<Case> = {
  title: 'discrete Lyapunov (quadratic)',
  prediction: 'SGD on a quadratic with additive noise: Σ solves H Σ + Σ H − ε H Σ H = ε c(N,B) S (trace and every entry)',
  region: 'quadratic, m = 0, Markov sampler, d ≤ 4, 0.05 ≤ ε λ_max ≤ 1.8 (< 2: stable), condition number ≤ 5, N ≤ d + 60, 1 ≤ B < N',
  method: 'simulation',
  arbitrary: () =>
    fc.record({
      shape: quadraticShape(4),
      extraN: fc.integer({ min: 1, max: 60 }),
      batchPercent: fc.integer({ min: 1, max: 100 }),
      stabilityPercent: fc.integer({ min: 5, max: 180 }),
      sampler: markovSampler,
      seed: caseSeed,
    }),
  falseFailureRate: (ctx) => caseFalseFailureRate(ctx.tolerance),
  async check(c, ctx) {
    const n = c.shape.dim + c.extraN;
    const spectrum = spectrumOf(c.shape);
    const lambdaMax = Math.max(...spectrum);
    const lr = round4(c.stabilityPercent / 100 / lambdaMax);
    const batchSize = batchSizeOf(c.batchPercent, n, c.sampler);
    const model = quadraticModelSpec(c.shape, n);
    const scenario = stationaryScenario({
      property: 'discrete-lyapunov',
      description: 'stress counterexample (discrete-lyapunov): compare the measured covariance with H Σ + Σ H − ε H Σ H = ε c S; `sgd-sde run` reports it as sgd.trace.vs.exact / sgd.entries.vs.exact',
      seed: c.seed,
      model,
      optimizer: { lr, batchSize, momentum: 0, sampler: c.sampler },
      burnIn: burnInSteps(quadraticRelaxationSteps(spectrum, lr, 0)),
      steps: SIMULATION.steps,
      replicas: SIMULATION.replicas,
      tolerance: ctx.tolerance,
    });
    const loss = buildQuadratic(model, c.seed);
    const d = loss.dim;
    const cf = ctx.formulas.noiseFactor(n, batchSize, c.sampler);
    const q = Float64Array.from(loss.noiseCovariance, (v) => v * cf);
    const predicted = sgdStationaryCovariance(loss.h, q, d, lr);
    const m = await measureStationary(scenario);
    const judged = judge(covarianceComparisons(m, predicted), ctx.tolerance, m.replicas);
    return {
      pass: judged.pass,
      pValue: judged.pValue,
      lines: [`N = ${n}, B = ${batchSize}, ${c.sampler}, ε = ${lr}, ε λ_max = ${round4(lr * lambdaMax)}, c(N,B) = ${round4(cf)}`, ...judged.lines],
      axes: { 'ε λ_max': lr * lambdaMax, 'B/N': batchSize / n, d, N: n },
      scenarios: [scenario],
    };
  },
};
