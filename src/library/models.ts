import { z } from 'zod';
import type { InputProblem } from '../errors.js';
import { seedSchema, weightDecaySchema, lrSchema, momentumSchema, batchSizeSchema, samplerSchema } from '../scenario/common.js';
import { guardClass, guardFunction, type Param } from './guard.js';
import { callback, datasetShape, dimension, float64Array, lengthProblem, lossShape, nonEmptyString, nonNegativeInt, nonNegativeNumber, positiveInt, positiveList } from './shapes.js';
import { buildModel as rawBuildModel, modelChecks, modelSpecSchema } from '../models/registry.js';
import { QuadraticLoss as RawQuadraticLoss, buildQuadratic as rawBuildQuadratic, quadraticSpecSchema } from '../models/quadratic.js';
import { LinearRegressionLoss as RawLinearRegressionLoss, syntheticLinearData as rawSyntheticLinearData, linearRegressionSpecSchema } from '../models/linear-regression.js';
import { withWeightDecay as rawWithWeightDecay } from '../models/weight-decay.js';
import { PotentialLoss as RawPotentialLoss, buildPotential as rawBuildPotential, potentialSpecSchema } from '../models/potential.js';
import { compileExpression as rawCompileExpression, expressionProblems as rawExpressionProblems } from '../models/expression.js';
import { LogisticRegressionLoss as RawLogisticRegressionLoss } from '../models/logistic-regression.js';
import { Mlp as RawMlp } from '../models/mlp.js';
import { trainMlp as rawTrainMlp, runMlpSgd as rawRunMlpSgd } from '../dynamics/train-mlp.js';
import { StreamingQuadratic as RawStreamingQuadratic } from '../models/streaming-quadratic.js';
import { mnistSplit as rawMnistSplit, mnistDigitImages as rawMnistDigitImages } from '../data/mnist.js';
import { twoGaussianClasses as rawTwoGaussianClasses } from '../data/gaussian-classes.js';
import { shuffleLabels as rawShuffleLabels } from '../data/random-labels.js';
import { readCsvDataset as rawReadCsvDataset } from '../data/csv.js';

/** The models and data sets of the library API, their arguments checked (library/guard.ts). */

const p = (name: string, schema: z.ZodType): Param => ({ name, schema });
const digit = z.int().min(0).max(9).describe('an MNIST digit 0…9');
const digits = z.array(digit).min(2).refine((d) => new Set(d).size === d.length, 'must list distinct digits');
const variable = z.string().regex(/^[a-z]$/, 'must be one lowercase letter');

/** The model spec the scenario loader accepts, and the checks it runs after the schema (data files, sizes). */
const modelContext = z.strictObject({ seed: seedSchema, baseDir: z.string() });
export const buildModel = guardFunction(rawBuildModel, [p('spec', modelSpecSchema), p('ctx', modelContext)], {
  cross: (args): InputProblem[] => modelChecks(args[0] as never, (args[1] as { baseDir: string }).baseDir, 'spec'),
});
export const buildQuadratic = guardFunction(rawBuildQuadratic, [p('spec', quadraticSpecSchema), p('seed', seedSchema)], {
  cross: (args) => modelChecks(args[0] as never, '.', 'spec'),
});
export const syntheticLinearData = guardFunction(rawSyntheticLinearData, [p('spec', linearRegressionSpecSchema), p('seed', seedSchema)], {
  cross: (args) => ((args[0] as { csv?: string }).csv !== undefined ? [{ path: 'spec.csv', message: 'synthetic data only: read a CSV with readCsvDataset(path)' }] : modelChecks(args[0] as never, '.', 'spec')),
});
export const buildPotential = guardFunction(rawBuildPotential, [p('spec', potentialSpecSchema), p('seed', seedSchema)], {
  cross: (args) => modelChecks(args[0] as never, '.', 'spec'),
});
export const withWeightDecay = guardFunction(rawWithWeightDecay, [p('base', lossShape), p('wd', weightDecaySchema)]);

export const QuadraticLoss = guardClass(RawQuadraticLoss, [p('eigenvalues', float64Array), p('eigenvectors', float64Array.nullable()), p('offsets', float64Array), p('n', positiveInt)], {
  cross: (args) => {
    const d = (args[0] as Float64Array).length, n = args[3] as number;
    const problems = [...lengthProblem('eigenvectors', (args[1] as Float64Array | null) ?? new Float64Array(d * d), d * d, `d² for the d = ${d} eigenvalues`), ...lengthProblem('offsets', args[2] as Float64Array, n * d, `n·d = ${n}·${d}: b_i = H c_i per example`)];
    if (d === 0) problems.unshift({ path: 'eigenvalues', message: 'must hold at least one eigenvalue', value: '[0 entries]' });
    if (!(args[0] as Float64Array).every((l) => l >= 0)) problems.push({ path: 'eigenvalues', message: 'must be ≥ 0 (H is positive semi-definite)', value: Array.from(args[0] as Float64Array).slice(0, 8) });
    return problems;
  },
});
export type QuadraticLoss = RawQuadraticLoss;
export const LinearRegressionLoss = guardClass(RawLinearRegressionLoss, [p('data', datasetShape)], {
  cross: (args) => ((args[0] as { n: number }).n < 2 ? [{ path: 'data.n', message: 'must be at least 2 examples', value: (args[0] as { n: number }).n }] : []),
});
export type LinearRegressionLoss = RawLinearRegressionLoss;
export const PotentialLoss = guardClass(RawPotentialLoss, [p('spec', potentialSpecSchema), p('offsets', float64Array)], {
  cross: (args) => {
    const s = args[0] as { n: number; variables: string[] };
    return [...modelChecks(s as never, '.', 'spec'), ...lengthProblem('offsets', args[1] as Float64Array, s.n * s.variables.length, `n·d = ${s.n}·${s.variables.length}`)];
  },
});
export type PotentialLoss = RawPotentialLoss;
export const LogisticRegressionLoss = guardClass(RawLogisticRegressionLoss, [p('data', datasetShape), p('lambda', nonNegativeNumber.describe('summed L2 coefficient λ ≥ 0'))], {
  cross: (args) => (Array.prototype.every.call((args[0] as { y: Float64Array }).y, (y: number) => y === 0 || y === 1) ? [] : [{ path: 'data.y', message: 'must hold the labels 0 or 1 (binary logistic regression)' }]),
});
export type LogisticRegressionLoss = RawLogisticRegressionLoss;
export const StreamingQuadratic = guardClass(RawStreamingQuadratic, [p('eigenvalues', z.custom<Float64Array>((v) => v instanceof Float64Array && positiveList.safeParse(v).success && v.length > 0, 'must be a non-empty Float64Array of positive finite eigenvalues'))]);
export type StreamingQuadratic = RawStreamingQuadratic;

const labelled = (path: string, classes: number | undefined) => (data: { y: Float64Array }): InputProblem[] =>
  Array.prototype.every.call(data.y, (y: number) => Number.isInteger(y) && y >= 0 && (classes === undefined || y < classes))
    ? [] : [{ path, message: `must hold class indices 0…${classes === undefined ? 'k−1' : classes - 1} (integers)` }];
const mlpOptions = z.strictObject({
  hidden: positiveInt,
  train: datasetShape,
  classes: z.int().min(2).optional(),
  maxBatch: positiveInt,
  lambda: nonNegativeNumber.optional(),
  inputs: z.enum(['auto', 'dense', 'sparse']).optional(),
  backend: z.enum(['wasm', 'js']).optional(),
  extraVectors: nonNegativeInt.optional(),
  threads: z.int().min(1).max(256).optional(),
});
export const Mlp = guardClass(RawMlp, [p('options', mlpOptions)], {
  cross: (args) => {
    const o = args[0] as { train: { n: number; y: Float64Array }; maxBatch: number; classes?: number };
    return [...labelled('options.train.y', o.classes)(o.train), ...(o.maxBatch > o.train.n ? [{ path: 'options.maxBatch', message: `must be ≤ N = ${o.train.n}`, value: o.maxBatch }] : [])];
  },
});
export type Mlp = RawMlp;

const mlpCell = z.strictObject({
  hidden: positiveInt, digits: digits.optional(), trainPerClass: positiveInt, testPerClass: nonNegativeInt.optional(), data: z.enum(['small', 'full']).optional(),
  init: z.enum(['he', 'glorot', 'lecun-uniform']).optional(), pixels: z.enum(['unit', 'centred']).optional(), dataSeed: seedSchema,
  lr: lrSchema, momentum: momentumSchema, batchSize: batchSizeSchema, steps: nonNegativeInt, lambda: nonNegativeNumber, sampler: samplerSchema, seed: seedSchema,
  evalEvery: positiveInt.optional(), threads: z.int().min(1).max(256).optional(),
});
export const trainMlp = guardFunction(rawTrainMlp, [p('spec', mlpCell)], {
  cross: (args) => {
    const s = args[0] as { testPerClass?: number; data?: string; batchSize: number; trainPerClass: number; digits?: number[] };
    const n = s.trainPerClass * (s.digits?.length ?? 10);
    return [
      ...(s.testPerClass === undefined && s.data !== 'full' ? [{ path: 'spec.testPerClass', message: "is required unless data is 'full' (then the whole 10 000-image test set)" }] : []),
      ...(s.batchSize > n ? [{ path: 'spec.batchSize', message: `must be ≤ N = ${n} (trainPerClass × digits)`, value: s.batchSize }] : []),
    ];
  },
});
const mlpSgd = z.strictObject({ lr: lrSchema, momentum: momentumSchema, batchSize: batchSizeSchema, steps: nonNegativeInt, sampler: samplerSchema, seed: seedSchema });
const mlpHooks = z.strictObject({ every: nonNegativeInt.optional(), observe: callback.optional(), velocity: z.instanceof(Float32Array).optional() }).optional();
export const runMlpSgd = guardFunction(rawRunMlpSgd, [p('model', z.custom<RawMlp>((v) => v instanceof RawMlp, 'must be an Mlp (new Mlp({hidden, train, maxBatch}))')), p('opts', mlpSgd), p('hooks', mlpHooks)], {
  cross: (args) => {
    const m = args[0] as RawMlp, o = args[1] as { batchSize: number };
    const velocity = (args[2] as { velocity?: Float32Array } | undefined)?.velocity;
    return [
      ...(o.batchSize > m.n ? [{ path: 'opts.batchSize', message: `must be ≤ N = ${m.n} (the model's training set)`, value: o.batchSize }] : []),
      ...(velocity ? lengthProblem('hooks.velocity', velocity, m.params.length, 'one per parameter: model.newVector()') : []),
    ];
  },
});

export const compileExpression = guardFunction(rawCompileExpression, [p('source', nonEmptyString), p('variables', z.array(variable).min(1).max(2))]);
export const expressionProblems = guardFunction(rawExpressionProblems, [p('source', z.string()), p('variables', z.array(variable).min(1).max(2)), p('path', z.string())]);

export const mnistDigitImages = guardFunction(rawMnistDigitImages, [p('digit', digit)]);
export const mnistSplit = guardFunction(rawMnistSplit, [p('options', z.strictObject({ digits, trainPerClass: positiveInt, testPerClass: nonNegativeInt, seed: seedSchema }))]);
export const twoGaussianClasses = guardFunction(rawTwoGaussianClasses, [p('options', z.strictObject({ features: dimension, trainPerClass: positiveInt, testPerClass: nonNegativeInt, separation: nonNegativeNumber, seed: seedSchema }))], {
  cross: (args) => {
    const o = args[0] as { features: number; trainPerClass: number; testPerClass: number };
    return o.features * 2 * (o.trainPerClass + o.testPerClass) > 2 ** 28 ? [{ path: 'options', message: 'asks for more than 2^28 numbers (features × examples); reduce features or the per-class counts' }] : [];
  },
});
export const shuffleLabels = guardFunction(rawShuffleLabels, [p('data', datasetShape), p('seed', seedSchema), p('split', nonNegativeInt.describe('stream key: 0 train, 1 test'))]);
export const readCsvDataset = guardFunction(rawReadCsvDataset, [p('path', nonEmptyString), p('jsonPath', z.string().optional())]);

