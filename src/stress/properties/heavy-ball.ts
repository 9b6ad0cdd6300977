import fc from 'fast-check';
import type { StressProperty } from '../property.js';
import { heavyBallStationaryCovariance } from '../../theory/heavy-ball.js';
import { caseSeed, markovSampler, quadraticShape } from '../arbitraries.js';
import { quadraticRelaxationSteps } from '../relaxation.js';
import { quadraticCase, simulateStationaryCase, stationaryCase, type QuadraticDraw } from '../stationary-case.js';
import { covarianceComparisons } from '../comparisons.js';
import { caseFalseFailureRate } from '../tolerance.js';
import { round4 } from '../format.js';

/**
 * Heavy-ball SGD (v ← m v − ε∇L_B, ω ← ω + v) on a quadratic with additive noise: the stationary
 * Cov ω from the 2d-dimensional discrete Lyapunov equation of (ω, v) (docs/theory.md §3), exact at any
 * stable (ε, m): simulation vs theory.
 */
interface Case extends QuadraticDraw {
  momentumPercent: number;
  /** ε λ_max as a percentage of the stability bound 2(1+m) */
  boundPercent: number;
}

export const heavyBall: StressProperty<Case> = {
  title: 'heavy ball (quadratic)',
  prediction: 'heavy-ball SGD on a quadratic with additive noise: Cov ω from the discrete Lyapunov equation of (ω, v) (trace and every entry)',
  region: 'quadratic, 0.1 ≤ m ≤ 0.9, Markov sampler, d ≤ 3, ε λ_max between 2% and 80% of the stability bound 2(1+m), condition number ≤ 5, 1 ≤ B < N',
  method: 'simulation',
  arbitrary: () =>
    fc.record({
      shape: quadraticShape(3),
      extraN: fc.integer({ min: 1, max: 60 }),
      batchPercent: fc.integer({ min: 1, max: 100 }),
      momentumPercent: fc.integer({ min: 10, max: 90 }),
      boundPercent: fc.integer({ min: 2, max: 80 }),
      sampler: markovSampler,
      seed: caseSeed,
    }),
  falseFailureRate: (ctx) => caseFalseFailureRate(ctx.tolerance),
  async check(c, ctx) {
    const m = c.momentumPercent / 100;
    const { n, spectrum, lambdaMax, batchSize, model, loss, noiseFactor, gradientNoise } = quadraticCase(c, ctx);
    const lr = round4(((c.boundPercent / 100) * 2 * (1 + m)) / lambdaMax);
    const stationary = stationaryCase({
      property: 'heavy-ball',
      description: 'stress counterexample (heavy-ball): compare the measured covariance with the heavy-ball discrete Lyapunov solution; `sgd-sde run` reports it as sgd.trace.vs.exact / sgd.entries.vs.exact',
      seed: c.seed,
      model,
      optimizer: { lr, batchSize, momentum: m, sampler: c.sampler },
      relaxationSteps: quadraticRelaxationSteps(spectrum, lr, m),
    }, ctx);
    const predicted = heavyBallStationaryCovariance(loss.h, gradientNoise, loss.dim, lr, m).omega;
    return simulateStationaryCase(stationary, ctx, {
      compare: (measured) => covarianceComparisons(measured, predicted),
      describe: `N = ${n}, B = ${batchSize}, ${c.sampler}, m = ${m}, ε = ${lr}, ε λ_max = ${round4(lr * lambdaMax)} (bound ${round4(2 * (1 + m))}), c(N,B) = ${round4(noiseFactor)}`,
      axes: { 'ε λ_max': lr * lambdaMax, m, 'B/N': batchSize / n, d: loss.dim, N: n },
    });
  },
};
