import fc from 'fast-check';
import type { StressProperty } from '../property.js';
import { buildQuadratic } from '../../models/quadratic.js';
import { heavyBallStationaryCovariance } from '../../theory/heavy-ball.js';
import { batchSizeOf, caseSeed, markovSampler, quadraticModelSpec, quadraticShape, spectrumOf, type QuadraticShape } from '../arbitraries.js';
import { burnInSteps, quadraticRelaxationSteps } from '../relaxation.js';
import { SIMULATION, stationaryScenario } from '../scenario-builder.js';
import { measureStationary } from '../simulate.js';
import { covarianceComparisons, judge } from '../comparisons.js';
import { caseFalseFailureRate } from '../tolerance.js';
import { round4 } from '../format.js';
import type { Sampler } from '../../theory/noise-scale.js';

/**
 * Heavy-ball SGD (v ← m v − ε∇L_B, ω ← ω + v) on a quadratic with additive noise: the stationary
 * Cov ω from the 2d-dimensional discrete Lyapunov equation of (ω, v) (THEORY.md §3), exact at any
 * stable (ε, m): simulation vs theory.
 */
interface Case {
  shape: QuadraticShape;
  extraN: number;
  batchPercent: number;
  momentumPercent: number;
  /** ε λ_max as a percentage of the stability bound 2(1+m) */
  boundPercent: number;
  sampler: Sampler;
  seed: number;
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
    const n = c.shape.dim + c.extraN;
    const m = c.momentumPercent / 100;
    const spectrum = spectrumOf(c.shape);
    const lambdaMax = Math.max(...spectrum);
    const lr = round4(((c.boundPercent / 100) * 2 * (1 + m)) / lambdaMax);
    const batchSize = batchSizeOf(c.batchPercent, n, c.sampler);
    const model = quadraticModelSpec(c.shape, n);
    const scenario = stationaryScenario({
      property: 'heavy-ball',
      description: 'stress counterexample (heavy-ball): compare the measured covariance with the heavy-ball discrete Lyapunov solution; `sgd-sde run` reports it as sgd.trace.vs.exact / sgd.entries.vs.exact',
      seed: c.seed,
      model,
      optimizer: { lr, batchSize, momentum: m, sampler: c.sampler },
      burnIn: burnInSteps(quadraticRelaxationSteps(spectrum, lr, m)),
      steps: SIMULATION.steps,
      replicas: SIMULATION.replicas,
      tolerance: ctx.tolerance,
    });
    const loss = buildQuadratic(model, c.seed);
    const cf = ctx.formulas.noiseFactor(n, batchSize, c.sampler);
    const q = Float64Array.from(loss.noiseCovariance, (v) => v * cf);
    const predicted = heavyBallStationaryCovariance(loss.h, q, loss.dim, lr, m).omega;
    const meas = await measureStationary(scenario);
    const judged = judge(covarianceComparisons(meas, predicted), ctx.tolerance, meas.replicas);
    return {
      pass: judged.pass,
      pValue: judged.pValue,
      lines: [`N = ${n}, B = ${batchSize}, ${c.sampler}, m = ${m}, ε = ${lr}, ε λ_max = ${round4(lr * lambdaMax)} (bound ${round4(2 * (1 + m))}), c(N,B) = ${round4(cf)}`, ...judged.lines],
      axes: { 'ε λ_max': lr * lambdaMax, m, 'B/N': batchSize / n, d: loss.dim, N: n },
      scenarios: [scenario],
    };
  },
};
