import fc from 'fast-check';
import type { StressProperty } from '../property.js';
import { sgdStationaryCovariance } from '../../theory/lyapunov-discrete.js';
import { caseSeed, markovSampler, quadraticShape } from '../arbitraries.js';
import { quadraticRelaxationSteps } from '../relaxation.js';
import { quadraticCase, simulateStationaryCase, stationaryCase, type QuadraticDraw } from '../stationary-case.js';
import { covarianceComparisons } from '../comparisons.js';
import { caseFalseFailureRate } from '../tolerance.js';
import { round4 } from '../format.js';

/**
 * Discrete SGD on a quadratic with additive noise has the stationary covariance solving
 * H Σ + Σ H − ε H Σ H = ε c S exactly, at any stable ε (docs/theory.md §3): simulation vs theory.
 */
interface Case extends QuadraticDraw {
  /** ε λ_max in percent */
  stabilityPercent: number;
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
    const { n, spectrum, lambdaMax, batchSize, model, loss, noiseFactor, gradientNoise } = quadraticCase(c, ctx);
    const lr = round4(c.stabilityPercent / 100 / lambdaMax);
    const d = loss.dim;
    const stationary = stationaryCase({
      property: 'discrete-lyapunov',
      description: 'stress counterexample (discrete-lyapunov): compare the measured covariance with H Σ + Σ H − ε H Σ H = ε c S; `sgd-sde run` reports it as sgd.trace.vs.exact / sgd.entries.vs.exact',
      seed: c.seed,
      model,
      optimizer: { lr, batchSize, momentum: 0, sampler: c.sampler },
      relaxationSteps: quadraticRelaxationSteps(spectrum, lr, 0),
    }, ctx);
    const predicted = sgdStationaryCovariance(loss.h, gradientNoise, d, lr);
    return simulateStationaryCase(stationary, ctx, {
      compare: (measured) => covarianceComparisons(measured, predicted),
      describe: `N = ${n}, B = ${batchSize}, ${c.sampler}, ε = ${lr}, ε λ_max = ${round4(lr * lambdaMax)}, c(N,B) = ${round4(noiseFactor)}`,
      axes: { 'ε λ_max': lr * lambdaMax, 'B/N': batchSize / n, d, N: n },
    });
  },
};
