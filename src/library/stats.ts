import { z } from 'zod';
import type { InputProblem } from '../errors.js';
import { guardClass, guardFunction, type Param } from './guard.js';
import { anyNumber, callback, dimension, lengthProblem, nonEmptyString, nonNegativeInt, nonNegativeNumber, numberList, positiveNumber } from './shapes.js';
import { ReplicaMoments as RawReplicaMoments, meanAndStdError as rawMeanAndStdError } from '../stats/replica-moments.js';
import { EnsembleRecorder as RawEnsembleRecorder } from '../dynamics/ensemble-recorder.js';
import { batchMeansStdError as rawBatchMeansStdError } from '../stats/batch-means.js';
import { comparePrediction as rawComparePrediction } from '../stats/compare.js';
import { chiSquareSurvival as rawChiSquareSurvival, chiSquareTest as rawChiSquareTest } from '../stats/chi-square.js';
import { fitConvergenceOrder as rawFitConvergenceOrder } from '../stats/convergence-order.js';

/** The statistics of the library API, their arguments checked (library/guard.ts). */

const p = (name: string, schema: z.ZodType): Param => ({ name, schema });
const replicas = z.int().min(1).max(1_000_000);
const listOf = (minimum: number, what = 'finite numbers') => z.custom<ArrayLike<number>>(
  (v) => numberList.safeParse(v).success && (v as ArrayLike<number>).length >= minimum,
  `must be an array of at least ${minimum} ${what}`,
);
const positiveListOf = (minimum: number) => z.custom<ArrayLike<number>>(
  (v) => listOf(minimum).safeParse(v).success && Array.prototype.every.call(v, (x: number) => x > 0),
  `must be an array of at least ${minimum} positive finite numbers`,
);
const sameLengthAs = (first: string, others: [number, string][]) => (args: readonly unknown[]): InputProblem[] =>
  others.flatMap(([at, name]) => (args[at] === null || args[at] === undefined ? [] : lengthProblem(name, args[at] as ArrayLike<number>, (args[0] as ArrayLike<number>).length, `one per entry of ${first}`)));

export const ReplicaMoments = guardClass(RawReplicaMoments, [p('dim', dimension), p('replicas', replicas)], {
  cross: (args) => ((args[0] as number) * (args[1] as number) > 2 ** 28 ? [{ path: 'replicas', message: 'dim × replicas must stay below 2^28 numbers', value: args[1] }] : []),
});
export type ReplicaMoments = RawReplicaMoments;
export const meanAndStdError = guardFunction(rawMeanAndStdError, [p('values', listOf(1))]);
export const EnsembleRecorder = guardClass(RawEnsembleRecorder, [p('dim', dimension), p('replicas', replicas), p('histogramHalfWidths', z.array(positiveNumber)), p('scatterLimit', nonNegativeInt.optional())], {
  cross: (args) => ((args[2] as number[]).length > (args[0] as number) ? [{ path: 'histogramHalfWidths', message: `must have at most d = ${args[0] as number} entries (one half-width per histogrammed coordinate)`, value: `[${(args[2] as number[]).length} entries]` }] : []),
});
export type EnsembleRecorder = RawEnsembleRecorder;
export const batchMeansStdError = guardFunction(rawBatchMeansStdError, [p('series', listOf(4)), p('batches', z.int().min(2).optional())], {
  cross: (args) => {
    const n = (args[0] as ArrayLike<number>).length, b = args[1] as number | undefined;
    return b !== undefined && b > n / 2 ? [{ path: 'batches', message: `must be at most half the series length (${Math.floor(n / 2)}): a batch needs 2 values or more`, value: b }] : [];
  },
});

// the verdict of one prediction: a non-finite measured value or standard error is its documented failing case, not a bad call
const predictionInput = z.strictObject({
  id: nonEmptyString, description: z.string(), predicted: anyNumber, measured: anyNumber, stdError: anyNumber,
  tolerance: positiveNumber.optional(), expect: z.enum(['agree', 'disagree', 'not-judged']).optional(), summary: z.string().optional(),
});
export const comparePrediction = guardFunction(rawComparePrediction, [p('p', predictionInput)]);
export const chiSquareSurvival = guardFunction(rawChiSquareSurvival, [p('x', nonNegativeNumber), p('k', positiveNumber.describe('degrees of freedom k > 0'))]);
export const chiSquareTest = guardFunction(rawChiSquareTest, [p('measured', listOf(1)), p('predicted', listOf(1)), p('stdErrors', positiveListOf(1)), p('fitted', nonNegativeInt.optional()), p('score', callback.optional())], {
  cross: (args) => {
    const problems = sameLengthAs('measured', [[1, 'predicted'], [2, 'stdErrors']])(args);
    const n = (args[0] as ArrayLike<number>).length, fitted = args[3] as number | undefined;
    if (fitted !== undefined && fitted >= n) problems.push({ path: 'fitted', message: `must be below the ${n} values (degrees of freedom = values − fitted > 0)`, value: fitted });
    return problems;
  },
});
export const fitConvergenceOrder = guardFunction(rawFitConvergenceOrder, [p('h', positiveListOf(4)), p('errors', listOf(4)), p('logErrorStdErrors', positiveListOf(4).nullable()), p('q', positiveNumber.describe('exponent q > 0 of the correction term b h^q'))], {
  cross: sameLengthAs('h', [[1, 'errors'], [2, 'logErrorStdErrors']]),
});
