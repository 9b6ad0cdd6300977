import fc from 'fast-check';
import type { StressProperty } from '../property.js';
import { buildModel, type FiniteModelSpec } from '../../models/registry.js';
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';
import { anySampler, batchSizeOf, caseSeed, quadraticModelSpec, quadraticShape, type QuadraticShape } from '../arbitraries.js';
import { leastSquaresRelaxationSteps, quadraticRelaxationSteps } from '../relaxation.js';
import { simulateStationaryCase, stationaryCase } from '../stationary-case.js';
import { nonExpansiveLearningRate } from '../light-tails.js';
import { SIMULATION } from '../scenario-builder.js';
import { caseFalseFailureRate } from '../tolerance.js';
import { round4 } from '../format.js';
import type { Sampler } from '../../dynamics/samplers.js';

/**
 * Fluctuation–dissipation (Yaida 2018, docs/theory.md §4): at stationarity ⟨(ω−a)·∇L_B⟩ = (ε/2)⟨|∇L_B|²⟩
 * (m = 0) or ((1+m)/(2ε))⟨|v|²⟩ (heavy ball), for any loss and any fixed a: it only says that
 * E|ω − a|² does not change from one step to the next. It therefore also holds for epoch
 * reshuffling, provided the recorded steps span whole epochs (the process is then periodic in the
 * epoch position, and the telescoping sum closes): the scenario rounds the steps up to epochs.
 */
type Family = 'quadratic' | 'linear-regression' | 'logistic-regression';

interface Case {
  family: Family;
  shape: QuadraticShape;
  /** N − d for the quadratic, N for least squares, examples per class for logistic regression */
  size: number;
  batchPercent: number;
  momentum: 0 | 0.5 | 0.9;
  /** ε λ_max(H at the minimum) as a percentage of the stability bound 2(1+m) */
  boundPercent: number;
  sampler: Sampler;
  seed: number;
}

function modelFor(c: Case): FiniteModelSpec {
  if (c.family === 'quadratic') return quadraticModelSpec(c.shape, c.shape.dim + c.size) as FiniteModelSpec;
  if (c.family === 'linear-regression') {
    const n = Math.max(c.size, c.shape.dim + 4);
    return { kind: 'linear-regression', n, dim: c.shape.dim, inputSpectrum: c.shape.twentieths.slice(0, c.shape.dim).map((k) => k / 20), teacher: 'random', labelNoise: 0.5 };
  }
  return { kind: 'logistic-regression', lambda: 1, data: { synthetic: { features: c.shape.dim, trainPerClass: Math.max(3, Math.ceil(c.size / 2)), testPerClass: 0, separation: 2 } } };
}

export const fluctuationDissipation: StressProperty<Case> = {
  title: 'fluctuation–dissipation',
  prediction: '⟨(ω−ω*)·∇L_B⟩ = (ε/2)⟨|∇L_B|²⟩ (m = 0) or ((1+m)/(2ε))⟨|v|²⟩ (heavy ball) at stationarity, for any loss (exact identity)',
  region: 'quadratic, least squares (m = 0, mean-square stable, ε max|x_i|² < 2) or logistic regression (λ = 1); any sampler (epoch-shuffle over whole epochs); m ∈ {0, 0.5, 0.9}; ε λ_max(H*) between 5% and 60% of 2(1+m); d ≤ 3 (logistic: ≤ 3 features plus the bias)',
  method: 'simulation',
  arbitrary: () =>
    fc.record({
      family: fc.constantFrom<Family>('quadratic', 'linear-regression', 'logistic-regression'),
      shape: quadraticShape(3),
      size: fc.integer({ min: 4, max: 40 }),
      batchPercent: fc.integer({ min: 1, max: 100 }),
      momentum: fc.constantFrom<0 | 0.5 | 0.9>(0, 0.5, 0.9),
      boundPercent: fc.integer({ min: 5, max: 60 }),
      sampler: anySampler,
      seed: caseSeed,
    }),
  falseFailureRate: (ctx) => caseFalseFailureRate(ctx.tolerance),
  async check(c, ctx) {
    fc.pre(!(c.family === 'linear-regression' && c.momentum !== 0)); // mean-square stability with momentum and state-dependent noise: not known exactly
    const model = modelFor(c);
    const loss = buildModel(model, { seed: c.seed, baseDir: process.cwd() });
    const minimum = loss.minimum!();
    const d = loss.dim;
    const h = loss.hessian!(minimum);
    const { values } = symmetricEigen(h, d);
    const lambdaMax = values[d - 1];
    const m = c.momentum;
    const n = loss.n;
    const batchSize = batchSizeOf(c.batchPercent, n, c.sampler);
    // finite-data least squares (the model exposes its design matrix x through its exact theory):
    // state-dependent noise, so light tails (light-tails.ts) and its own relaxation time
    const exact = loss.exactStationary?.();
    const leastSquaresInputs = exact?.family === 'least-squares' ? exact.x : undefined;
    let lr = round4(((c.boundPercent / 100) * 2 * (1 + m)) / lambdaMax);
    if (leastSquaresInputs) lr = round4(Math.min(lr, nonExpansiveLearningRate(leastSquaresInputs, n, d)));
    const relaxationSteps = leastSquaresInputs
      ? leastSquaresRelaxationSteps(leastSquaresInputs, n, d, h, lr, ctx.formulas.noiseFactor(n, batchSize, c.sampler))
      : quadraticRelaxationSteps(values, lr, m);
    const epoch = c.sampler === 'epoch-shuffle' ? Math.floor(n / batchSize) : 1;
    const stationary = stationaryCase({
      property: 'fdr',
      description: 'stress counterexample (fdr): the fluctuation–dissipation identity; `sgd-sde run` reports it as sgd.fdr',
      seed: c.seed,
      model,
      optimizer: { lr, batchSize, momentum: m, sampler: c.sampler },
      relaxationSteps,
      steps: Math.ceil(SIMULATION.steps / epoch) * epoch,
    }, ctx);
    return simulateStationaryCase(stationary, ctx, {
      compare: (measured) => [{
        label: m === 0 ? '⟨(ω−ω*)·∇L_B⟩ vs (ε/2)⟨|∇L_B|²⟩' : '⟨(ω−ω*)·∇L_B⟩ vs ((1+m)/(2ε))⟨|v|²⟩',
        predicted: measured.fdr.right,
        measured: measured.fdr.left,
        stdError: measured.fdr.stdError,
      }],
      describe: `${c.family}, d = ${d}, N = ${n}, B = ${batchSize}, ${c.sampler}, m = ${m}, ε = ${lr}, ε λ_max = ${round4(lr * lambdaMax)}`,
      axes: { 'ε λ_max': lr * lambdaMax, m, 'B/N': batchSize / n, d },
    });
  },
};
