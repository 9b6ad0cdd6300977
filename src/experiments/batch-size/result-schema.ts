import { z } from 'zod';
import { resultNumber, resultVector, type ResultBlocks } from '../../core/result-schema.js';

/**
 * The `measured` and `theory` blocks of a batch-size result (analysis.ts writes them). Per outer
 * point (ε, N, m) the cells of the B grid: mean ± s.e. of the objective over seeds (toy: the test
 * loss, with trainLoss and the fraction `outside` the domain; network: the test error 1 − accuracy,
 * with accuracies, diverged runs and optionally the mean learning curve), and the fitted B_opt.
 * Per swept axis the log-log slope of B_opt. `theory` holds the paper's law, and for the toy
 * potential the Gibbs theory (toy-theory.ts). Fields added by later versions are optional so older
 * files still read (`lnStdErrorWithGridFloor`, `gridFloor`, `stdErrorWithGridFloor`, `finiteNPrediction`,
 * `bestAlong`, `l2`, `interval`, `trainabilityEdge`).
 */
const learningCurvePoint = z.object({
  step: z.number(),
  testAccuracy: resultNumber,
  testAccuracyStdError: resultNumber,
  testLoss: resultNumber,
  trainLoss: resultNumber,
});

/** One cell (point, B): toy cells carry trainLoss/outside, network cells the accuracies. */
export const batchSizeCell = z.object({
  batchSize: z.number(),
  g: resultNumber,
  gPaper: resultNumber,
  mean: resultNumber,
  stdError: resultNumber,
  seeds: resultVector,
  // toy potential
  trainLoss: resultNumber.optional(),
  outside: resultNumber.optional(),
  // network
  testAccuracy: resultNumber.optional(),
  testAccuracyStdError: resultNumber.optional(),
  trainAccuracy: resultNumber.optional(),
  testLoss: resultNumber.optional(),
  diverged: z.number().int().optional(),
  curve: z.array(learningCurvePoint).optional(),
});

export const batchSizePoint = z.object({
  label: z.string(),
  lr: z.number(),
  n: z.number(),
  momentum: z.number(),
  lambda: z.number().optional(),
  sigma2: z.number().optional(),
  steps: z.number().int(),
  burnIn: z.number().int().optional(),
  cells: z.array(batchSizeCell),
  bOpt: z.object({
    value: resultNumber,
    lnStdError: resultNumber,
    ci95: z.tuple([resultNumber, resultNumber]),
    /** the reported interval: the bootstrap's 95%, widened to at least ± the grid floor in ln B (network) */
    interval: z.tuple([resultNumber, resultNumber]).optional(),
    lnStdErrorWithGridFloor: resultNumber.optional(),
    gridFloor: resultNumber.optional(),
    bestBatchSize: z.number().nullable(),
    interior: z.boolean(),
    method: z.string(),
  }),
  gOpt: resultNumber,
  /** network: the smallest B whose mean test accuracy reaches the threshold (null: none does) */
  trainabilityEdge: z.object({ batchSize: z.number().nullable(), threshold: z.number() }).optional(),
});

export const batchSizeSlope = z.object({
  slope: resultNumber,
  stdError: resultNumber,
  ci95: z.tuple([resultNumber, resultNumber]),
  points: z.array(z.string()),
  x: resultVector,
  lnBOpt: resultVector,
  stdErrorWithGridFloor: resultNumber.optional(),
  finiteNPrediction: z.object({ slope: resultNumber, gOpt: resultNumber, law: z.string() }).optional(),
});

const axes = <T extends z.ZodType>(value: T) => z.object({ lr: value.optional(), n: value.optional(), momentum: value.optional() });

/** Network: the best cell of a point or of a subset of its cells (best-accuracy.ts). */
const bestCell = z.object({ batchSize: z.number(), accuracy: resultNumber, stdError: resultNumber });

/** Network: along a swept axis, each value's best cell and the largest value against the others (best-accuracy.ts). */
export const batchSizeBestAlong = z.object({
  values: z.array(z.number()),
  labels: z.array(z.string()),
  best: z.array(bestCell.nullable()),
  largestMinusOthers: z.object({ value: resultNumber, stdError: resultNumber, largest: z.number(), bestOther: z.number() }).nullable(),
});

/** Network L2 sweep: per λ the best, best small-batch and full-batch cells and their gap, and the gap's trend (l2-gap.ts). */
export const batchSizeL2 = z.object({
  rows: z.array(z.object({
    label: z.string(), lambda: z.number(), n: z.number(),
    best: bestCell.nullable(), smallBest: bestCell.nullable(), fullBatch: bestCell.nullable(),
    gap: resultNumber, gapStdError: resultNumber,
  })),
  trend: z.object({ slope: resultNumber, stdError: resultNumber, intercept: resultNumber, chiSquare: resultNumber, dof: z.number(), rows: z.number().int() }).nullable(),
});

export const batchSizeResultBlocks = {
  measured: z.object({
    objective: z.string(),
    points: z.array(batchSizePoint),
    slopes: axes(batchSizeSlope),
    // network (later versions): the best accuracy along each swept axis, and the L2 gap per λ
    bestAlong: z.object({ lr: batchSizeBestAlong.optional(), n: batchSizeBestAlong.optional(), momentum: batchSizeBestAlong.optional(), lambda: batchSizeBestAlong.optional() }).optional(),
    l2: batchSizeL2.optional(),
  }),
  theory: z.object({
    paperSlope: z.number(),
    law: z.string(),
    // toy potential: the Gibbs theory (toy-theory.ts)
    temperatureOpt: resultNumber.optional(),
    testLossOpt: resultNumber.optional(),
    atOptimum: z.object({ mean: resultVector, covariance: resultVector, edgeMass: resultNumber, effectivePoints: resultNumber }).optional(),
    largestCurvature: resultNumber.optional(),
    curve: z.array(z.object({ temperature: resultNumber, testLoss: resultNumber })).optional(),
    slopes: axes(resultNumber).optional(),
    points: z.array(z.object({
      label: z.string(),
      gOpt: resultNumber,
      bOpt: z.object({ exact: resultNumber, paper: resultNumber }),
      lrTimesCurvature: resultNumber,
      curve: z.array(z.object({ batchSize: z.number(), g: resultNumber, temperature: resultNumber, testLoss: resultNumber })),
    })).optional(),
  }),
} satisfies ResultBlocks;

export type BatchSizeMeasured = z.infer<typeof batchSizeResultBlocks.measured>;
export type BatchSizeTheoryBlock = z.infer<typeof batchSizeResultBlocks.theory>;
