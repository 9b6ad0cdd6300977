import fc from 'fast-check';
import type { StressProperty } from '../property.js';
import { LinearRegressionLoss, syntheticLinearData, type LinearRegressionSpec } from '../../models/linear-regression.js';
import { leastSquaresStationaryCovariance } from '../../theory/least-squares.js';
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';
import { NumericalError } from '../../errors.js';
import { batchSizeOf, caseSeed, markovSampler } from '../arbitraries.js';
import { leastSquaresRelaxationSteps } from '../relaxation.js';
import { simulateStationaryCase, stationaryCase } from '../stationary-case.js';
import { nonExpansiveLearningRate } from '../light-tails.js';
import { covarianceComparisons } from '../comparisons.js';
import { caseFalseFailureRate } from '../tolerance.js';
import { round4 } from '../format.js';
import type { Sampler } from '../../dynamics/samplers.js';

/**
 * Finite-data least squares: the exact stationary covariance of SGD with state-dependent minibatch
 * noise (docs/theory.md §3), simulation vs theory. The formula holds wherever SGD is mean-square
 * stable; a simulation can check it only where the stationary law has light tails, so the region
 * also asks every single-example step to be non-expansive (light-tails.ts).
 */
interface Case {
  n: number;
  dim: number;
  /** input variances in twentieths, the first `dim` used */
  twentieths: number[];
  labelNoisePercent: number;
  batchPercent: number;
  /** ε λ_max(H) in percent */
  stabilityPercent: number;
  sampler: Sampler;
  seed: number;
}

export const leastSquares: StressProperty<Case> = {
  title: 'exact least-squares covariance',
  prediction: 'SGD on finite-data least squares: Σ solves ε(HΣ + ΣH) − ε²HΣH = ε²c[M(Σ) − HΣH + R] exactly (trace and every entry)',
  region: 'linear regression, m = 0, Markov sampler, 6 ≤ N ≤ 24, d ≤ 3, 0.05 ≤ ε λ_max ≤ 0.7 and ε max|x_i|² < 2, mean-square stable, relaxation within 20000 steps, 1 ≤ B < N',
  method: 'simulation',
  maps: ['ou-least-squares', 'sde-least-squares', 'discrete-least-squares'],
  arbitrary: () =>
    fc.record({
      n: fc.integer({ min: 6, max: 24 }),
      dim: fc.integer({ min: 1, max: 3 }),
      twentieths: fc.array(fc.integer({ min: 5, max: 20 }), { minLength: 3, maxLength: 3 }),
      labelNoisePercent: fc.integer({ min: 10, max: 100 }),
      batchPercent: fc.integer({ min: 1, max: 100 }),
      stabilityPercent: fc.integer({ min: 5, max: 70 }),
      sampler: markovSampler,
      seed: caseSeed,
    }),
  falseFailureRate: (ctx) => caseFalseFailureRate(ctx.tolerance),
  async check(c, ctx) {
    const model: LinearRegressionSpec = {
      kind: 'linear-regression', n: c.n, dim: c.dim,
      inputSpectrum: c.twentieths.slice(0, c.dim).map((k) => k / 20), teacher: 'random', labelNoise: c.labelNoisePercent / 100,
    };
    const loss = new LinearRegressionLoss(syntheticLinearData(model, c.seed));
    const h = loss.hessian();
    const { values } = symmetricEigen(h, c.dim);
    const lambdaMax = values[c.dim - 1];
    // every step non-expansive (light tails, valid error bars): ε is capped at 1.999/max|x_i|²
    const lr = round4(Math.min(c.stabilityPercent / 100 / lambdaMax, nonExpansiveLearningRate(loss.x, c.n, c.dim)));
    fc.pre(lr * lambdaMax >= 0.05);
    const batchSize = batchSizeOf(c.batchPercent, c.n, c.sampler);
    const rho = ctx.formulas.noiseFactor(c.n, batchSize, c.sampler);
    const residuals = loss.residuals(loss.minimum());
    let predicted: Float64Array;
    try {
      predicted = leastSquaresStationaryCovariance(loss.x, residuals, c.n, c.dim, lr, rho);
    } catch (err) {
      if (err instanceof NumericalError) fc.pre(false); // mean-square unstable: outside the claimed region
      throw err;
    }
    const stationary = stationaryCase({
      property: 'least-squares',
      description: 'stress counterexample (least-squares): compare the measured covariance with the exact finite-data least-squares theory; `sgd-sde run` reports it as sgd.trace.vs.exact / sgd.entries.vs.exact',
      seed: c.seed,
      model: { ...model },
      optimizer: { lr, batchSize, momentum: 0, sampler: c.sampler },
      relaxationSteps: leastSquaresRelaxationSteps(loss.x, c.n, c.dim, h, lr, rho),
    }, ctx);
    return simulateStationaryCase(stationary, ctx, {
      compare: (measured) => covarianceComparisons(measured, predicted),
      describe: `N = ${c.n}, d = ${c.dim}, B = ${batchSize}, ${c.sampler}, ε = ${lr}, ε λ_max = ${round4(lr * lambdaMax)}, ρ = c(N,B) = ${round4(rho)}`,
      axes: { 'ε λ_max': lr * lambdaMax, 'B/N': batchSize / c.n, d: c.dim, N: c.n },
    });
  },
};
