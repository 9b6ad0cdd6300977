import { z } from 'zod';
import type { InputProblem } from '../errors.js';
import { lrSchema, momentumSchema, batchSizeSchema, noiseScaleValueSchema, samplerSchema, trainingSetSizeSchema, weightDecaySchema } from '../scenario/common.js';
import { guardFunction, type Param } from './guard.js';
import {
  dimension, finiteNumber, float64Array, lengthProblem, logisticProblemShape, lossShape, nonNegativeInt, nonNegativeNumber,
  numberList, options, positiveList, positiveNumber,
} from './shapes.js';
import * as noise from '../theory/noise-scale.js';
import { noiseFactor as rawNoiseFactor } from '../dynamics/samplers.js';
import { ouCovariance as rawOuCovariance } from '../theory/lyapunov-continuous.js';
import { sgdStationaryCovariance as rawSgdStationaryCovariance, stabilityBound as rawStabilityBound } from '../theory/lyapunov-discrete.js';
import { heavyBallStationaryCovariance as rawHeavyBall } from '../theory/heavy-ball.js';
import * as ls from '../theory/least-squares.js';
import { stationaryTheory as rawStationaryTheory } from '../experiments/common/stationary-theory.js';
import { fdrCoefficient as rawFdrCoefficient } from '../theory/fdr.js';
import { logisticEvidence as rawLogisticEvidence, evidenceAtMinimum as rawEvidenceAtMinimum } from '../theory/evidence.js';
import { createLogisticMinimizer as rawCreateLogisticMinimizer } from '../models/logistic/minimizer.js';
import * as gibbs from '../theory/gibbs.js';
import * as sme from '../theory/sme-closed-forms.js';

/** The theory functions of the library API, their arguments checked (library/guard.ts). */

const p = (name: string, schema: z.ZodType): Param => ({ name, schema });
const noiseScaleValue = noiseScaleValueSchema;
const side = z.enum(['auto', 'dual', 'primal']);

/** B ≤ N, for the functions given both. */
const batchWithinN = (nAt: number, bAt: number) => (args: readonly unknown[]): InputProblem[] =>
  (args[bAt] as number) <= (args[nAt] as number) ? [] : [{ path: 'b', message: `must be ≤ N = ${args[nAt] as number} (a batch is drawn from the N examples)`, value: args[bAt] }];

/** H and Q (d×d) at least d² long. */
const squareMatrices = (args: readonly unknown[]): InputProblem[] => {
  const d = args[2] as number;
  return [...lengthProblem('h', args[0] as Float64Array, d * d, `d² for d = ${d}`, true), ...lengthProblem('q', args[1] as Float64Array, d * d, `d² for d = ${d}`, true)];
};

/** The design matrix x (n×d), the residuals or labels (n). */
const designMatrix = (second: string) => (args: readonly unknown[]): InputProblem[] => {
  const n = args[2] as number, d = args[3] as number;
  return [...lengthProblem('x', args[0] as Float64Array, n * d, `n·d = ${n}·${d}`, true), ...lengthProblem(second, args[1] as Float64Array, n, `n = ${n}`, true)];
};

const sameLength = (a: string, b: string) => (args: readonly unknown[]): InputProblem[] => lengthProblem(b, args[1] as ArrayLike<number>, (args[0] as ArrayLike<number>).length, `one per entry of ${a}`);

export const noiseScale = guardFunction(noise.noiseScale, [p('lr', lrSchema), p('n', trainingSetSizeSchema), p('b', batchSizeSchema), p('momentum', momentumSchema), p('sampler', samplerSchema)], { cross: batchWithinN(1, 2) });
export const noiseFactor = guardFunction(rawNoiseFactor, [p('n', trainingSetSizeSchema), p('b', batchSizeSchema), p('sampler', samplerSchema)], { cross: batchWithinN(0, 1) });
export const batchSizeForNoiseScale = guardFunction(noise.batchSizeForNoiseScale, [p('g', noiseScaleValue), p('lr', lrSchema), p('n', trainingSetSizeSchema), p('momentum', momentumSchema)]);
export const batchSizeForNoiseScaleExact = guardFunction(noise.batchSizeForNoiseScaleExact, [p('g', noiseScaleValue), p('lr', lrSchema), p('n', trainingSetSizeSchema), p('momentum', momentumSchema), p('sampler', samplerSchema)]);

export const ouCovariance = guardFunction(rawOuCovariance, [p('h', float64Array), p('q', float64Array), p('d', dimension), p('lr', lrSchema)], { cross: squareMatrices });
export const sgdStationaryCovariance = guardFunction(rawSgdStationaryCovariance, [p('h', float64Array), p('q', float64Array), p('d', dimension), p('lr', lrSchema)], { cross: squareMatrices });
export const heavyBallStationaryCovariance = guardFunction(rawHeavyBall, [p('h', float64Array), p('q', float64Array), p('d', dimension), p('lr', lrSchema), p('momentum', momentumSchema)], { cross: squareMatrices });
export const stabilityBound = guardFunction(rawStabilityBound, [p('lambdaMax', nonNegativeNumber), p('momentum', momentumSchema)]);

const lsParams = [p('x', float64Array), p('residuals', float64Array), p('n', trainingSetSizeSchema), p('d', dimension), p('lr', lrSchema), p('rho', nonNegativeNumber.describe('noise factor ρ = c(N, B) ≥ 0'))];
export const leastSquaresStationaryCovariance = guardFunction(ls.leastSquaresStationaryCovariance, lsParams, { cross: designMatrix('residuals') });
export const leastSquaresSdeCovariance = guardFunction(ls.leastSquaresSdeCovariance, lsParams, { cross: designMatrix('residuals') });
export const olsSolution = guardFunction(ls.olsSolution, [p('x', float64Array), p('y', float64Array), p('n', trainingSetSizeSchema), p('d', dimension)], { cross: designMatrix('y') });

const optimizerSettings = z.strictObject({ lr: lrSchema, momentum: momentumSchema, batchSize: batchSizeSchema, sampler: samplerSchema, weightDecay: weightDecaySchema });
export const stationaryTheory = guardFunction(rawStationaryTheory, [p('base', lossShape), p('opt', optimizerSettings), p('c', nonNegativeNumber.optional())], {
  cross: (args) => {
    const n = (args[0] as { n: number }).n, b = (args[1] as { batchSize: number }).batchSize;
    return b <= n ? [] : [{ path: 'opt.batchSize', message: `must be ≤ N = ${n} (the model's training-set size)`, value: b }];
  },
});
export const fdrCoefficient = guardFunction(rawFdrCoefficient, [p('lr', lrSchema), p('momentum', momentumSchema)]);

const lambda = positiveNumber.describe('prior precision λ > 0');
export const logisticEvidence = guardFunction(rawLogisticEvidence, [p('problem', logisticProblemShape), p('lambda', lambda), p('side', side.optional())]);
const logisticMinimum = z.looseObject({ lambda, w: float64Array, margins: float64Array, cost: finiteNumber, logDetRatio: finiteNumber, gradientNorm: nonNegativeNumber, gradientScale: nonNegativeNumber, iterations: nonNegativeInt, side: z.enum(['dual', 'primal']) });
export const evidenceAtMinimum = guardFunction(rawEvidenceAtMinimum, [p('min', logisticMinimum), p('n', trainingSetSizeSchema), p('d', dimension), p('classes', z.int().min(2).optional())]);
export const createLogisticMinimizer = guardFunction(rawCreateLogisticMinimizer, [p('problem', logisticProblemShape), p('options', options({ side: side.optional(), gram: float64Array.optional() }))], {
  cross: (args) => {
    const gram = (args[1] as { gram?: Float64Array } | undefined)?.gram;
    const n = (args[0] as { n: number }).n;
    return gram ? lengthProblem('options.gram', gram, n * n, `n² for n = ${n}: the Gram matrix X Xᵀ`) : [];
  },
});

// the Gibbs (toy-potential) theory of the optimum batch size
const landscape = z.custom<gibbs.Landscape>(
  (v) => {
    const l = v as gibbs.Landscape;
    return v !== null && typeof v === 'object' && (l.dim === 1 || l.dim === 2) && Array.isArray(l.domain) && l.domain.length === l.dim
      && l.domain.every((r) => Array.isArray(r) && r.length === 2 && Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[0] < r[1])
      && typeof l.train === 'function' && typeof l.test === 'function';
  },
  'must be a landscape {dim: 1 or 2, domain: dim intervals [low, high] with low < high, train(x, y), test(x, y)}',
);
const grid = z.custom<gibbs.GibbsGrid>(
  (v) => {
    const g = v as gibbs.GibbsGrid;
    return v !== null && typeof v === 'object' && (g.dim === 1 || g.dim === 2) && g.weight instanceof Float64Array && g.train instanceof Float64Array && g.test instanceof Float64Array
      && g.train.length === g.weight.length && g.test.length === g.weight.length && Number.isFinite(g.minTrain) && Number.isFinite(g.maxTrain);
  },
  'must be a Gibbs grid: what gibbsGrid(landscape) returns',
);
const temperature = positiveNumber.describe('temperature T > 0');
export const gibbsGrid = guardFunction(gibbs.gibbsGrid, [p('landscape', landscape), p('pointsPerAxis', z.int().min(3).max(1_000_000).optional())], {
  cross: (args) => {
    const l = args[0] as gibbs.Landscape, m = args[1] as number | undefined;
    return m !== undefined && l.dim === 2 && m > 10_000 ? [{ path: 'pointsPerAxis', message: 'must be at most 10000 for a 2-dimensional landscape (m² grid points)', value: m }] : [];
  },
});
export const gibbsMoments = guardFunction(gibbs.gibbsMoments, [p('grid', grid), p('temperature', temperature)]);
export const gibbsExpectedTest = guardFunction(gibbs.gibbsExpectedTest, [p('grid', grid), p('temperature', temperature)]);
export const gibbsTemperature = guardFunction(gibbs.gibbsTemperature, [p('g', noiseScaleValue), p('n', trainingSetSizeSchema), p('sigma2', positiveNumber.describe('per-example gradient variance σ² > 0'))]);
export const noiseScaleForTemperature = guardFunction(gibbs.noiseScaleForTemperature, [p('t', temperature), p('n', trainingSetSizeSchema), p('sigma2', positiveNumber.describe('per-example gradient variance σ² > 0'))]);
export const optimalTemperature = guardFunction(gibbs.optimalTemperature, [p('grid', grid), p('options', options({ tMin: temperature.optional(), tMax: temperature.optional(), points: z.int().min(3).max(1_000_000).optional() }))], {
  cross: (args) => {
    const o = args[1] as { tMin?: number; tMax?: number } | undefined;
    return o?.tMin !== undefined && o.tMax !== undefined && !(o.tMin < o.tMax) ? [{ path: 'options.tMax', message: `must exceed tMin = ${o.tMin}`, value: o.tMax }] : [];
  },
});
export const optimalBatchSize = guardFunction(gibbs.optimalBatchSize, [p('gOpt', noiseScaleValue), p('lr', lrSchema), p('n', trainingSetSizeSchema), p('momentum', momentumSchema), p('sampler', samplerSchema)]);

// closed forms of the transient experiment (a quadratic with Gaussian examples)
const order = z.union([z.literal(1), z.literal(2)]);
const horizon = positiveNumber.describe('horizon T > 0 (SDE time)');
const wholeSteps = (args: readonly unknown[]): InputProblem[] => {
  const lr = args[2] as number, T = args[3] as number;
  const k = Math.round(T / lr);
  return k >= 1 && Math.abs(k * lr - T) <= 1e-9 * T ? [] : [{ path: 'horizon', message: `must be a whole number of steps of ε = ${lr} (T/ε = ${T / lr})`, value: T }];
};
export const sgdExpectedLoss = guardFunction(sme.sgdExpectedLoss, [p('eigenvalues', positiveList), p('start', numberList), p('lr', lrSchema), p('steps', nonNegativeInt)], { cross: sameLength('eigenvalues', 'start') });
export const smeExpectedLoss = guardFunction(sme.smeExpectedLoss, [p('eigenvalues', positiveList), p('start', numberList), p('lr', lrSchema), p('horizon', horizon), p('order', order)], { cross: sameLength('eigenvalues', 'start') });
export const smeDriftRates = guardFunction(sme.smeDriftRates, [p('eigenvalues', positiveList), p('lr', lrSchema), p('order', order)]);
export const weakErrorClosedForm = guardFunction(sme.weakErrorClosedForm, [p('eigenvalues', positiveList), p('start', numberList), p('lr', lrSchema), p('horizon', horizon)], {
  cross: (args) => [...sameLength('eigenvalues', 'start')(args), ...wholeSteps(args)],
});

