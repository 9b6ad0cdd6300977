import fc from 'fast-check';
import type { StressProperty } from '../property.js';
import { ouCovariance } from '../../theory/lyapunov-continuous.js';
import { sgdStationaryCovariance } from '../../theory/lyapunov-discrete.js';
import { heavyBallStationaryCovariance } from '../../theory/heavy-ball.js';
import { caseSeed, markovSampler, quadraticShape } from '../arbitraries.js';
import { relativeErrors } from '../relative-error.js';
import { fmt, pct } from '../format.js';
import { quadraticCase, stationaryCase, type QuadraticDraw } from '../stationary-case.js';
import { quadraticRelaxationSteps } from '../relaxation.js';
import { effectiveLearningRate } from '../../dynamics/effective-learning-rate.js';

/**
 * The OU / first-order SDE stationary covariance (H Σ + Σ H = ε_eff c S, ε_eff = ε/(1−m)) against
 * the exact discrete one, theory vs theory. On the quadratic model S commutes with H, so per
 * eigen-mode exact/OU = 2(1+m)/(2(1+m) − ελ) and the worst-direction relative error is exactly
 * ε λ_max / (2(1+m)): the OU prediction holds within a relative tolerance r wherever
 * ε λ_max ≤ 2(1+m) r. The property checks both the formula and the claim on cases drawn from that
 * region (the validity maps scan beyond it).
 */
interface Case extends QuadraticDraw {
  momentum: 0 | 0.5 | 0.9;
  /** ε λ_max as a fraction (in thousandths) of the claimed edge 2(1+m) r */
  edgePermille: number;
}

export const ou: StressProperty<Case> = {
  title: 'OU limit vs exact discrete (quadratic)',
  prediction: 'OU covariance (H Σ + Σ H = ε_eff c S) within the relative tolerance r of the exact discrete covariance, worst direction = ε λ_max / (2(1+m)) exactly',
  region: 'quadratic (S = σ²I or σ²H), d ≤ 4, m ∈ {0, 0.5, 0.9}, any N, B, Markov sampler, ε λ_max ≤ 2(1+m)·r',
  method: 'exact',
  maps: ['ou-quadratic', 'ou-heavy-ball'],
  arbitrary: () =>
    fc.record({
      shape: quadraticShape(4),
      extraN: fc.integer({ min: 1, max: 200 }),
      batchPercent: fc.integer({ min: 1, max: 100 }),
      momentum: fc.constantFrom<0 | 0.5 | 0.9>(0, 0.5, 0.9),
      edgePermille: fc.integer({ min: 1, max: 1000 }),
      sampler: markovSampler,
      seed: caseSeed,
    }),
  falseFailureRate: () => 0,
  check(c, ctx) {
    const m = c.momentum;
    const { spectrum, lambdaMax, batchSize, model, loss, gradientNoise: q } = quadraticCase(c, ctx);
    const lr = (c.edgePermille / 1000) * 2 * (1 + m) * ctx.relativeTolerance / lambdaMax;
    const d = loss.dim;
    const approx = ouCovariance(loss.h, q, d, effectiveLearningRate(lr, m));
    const exact = m === 0 ? sgdStationaryCovariance(loss.h, q, d, lr) : heavyBallStationaryCovariance(loss.h, q, d, lr, m).omega;
    const err = relativeErrors(approx, exact, d).worstDirection;
    const formula = (lr * lambdaMax) / (2 * (1 + m));
    const formulaOk = Math.abs(err - formula) <= 1e-9 * formula + 1e-12;
    const claimOk = err <= ctx.relativeTolerance * (1 + 1e-9);
    const { scenario } = stationaryCase({
      property: 'ou',
      description: 'stress counterexample (ou): theory vs theory; `sgd-sde run` lists theory.ou and theory.exact for this case (compare their covariances)',
      seed: c.seed,
      model,
      optimizer: { lr, batchSize, momentum: m, sampler: c.sampler },
      relaxationSteps: quadraticRelaxationSteps(spectrum, lr, m),
    }, ctx);
    return {
      pass: formulaOk && claimOk,
      lines: [
        `d = ${d}, spectrum ${JSON.stringify(spectrum)}, noise ${c.shape.noise}, rotate ${c.shape.rotate}, m = ${m}, ε λ_max = ${fmt(lr * lambdaMax)}`,
        `${formulaOk ? 'ok  ' : 'FAIL'} worst-direction relative error of OU = ${pct(err)}; formula ε λ_max/(2(1+m)) = ${pct(formula)}`,
        `${claimOk ? 'ok  ' : 'FAIL'} within the relative tolerance ${pct(ctx.relativeTolerance)} claimed for ε λ_max ≤ 2(1+m)·r = ${fmt(2 * (1 + m) * ctx.relativeTolerance)}`,
      ],
      axes: { 'ε λ_max': lr * lambdaMax, m, d },
      scenarios: [scenario],
    };
  },
};
