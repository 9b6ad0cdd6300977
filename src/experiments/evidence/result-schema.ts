import { z } from 'zod';
import { resultNumber, resultVector, type ResultBlocks } from '../../core/result-schema.js';
import { AVERAGED_FIELDS } from './seed-average.js';

/**
 * The `measured` and `theory` blocks of an evidence result (experiment.ts writes them). Per label set
 * present (`true`, `random`): the seed-averaged rows over the λ grid (seed-average.ts: the mean of
 * every field with its spread {min, max, stdError}; test fields null without a test set), every
 * replicate's rows (lambda-chain.ts, under `perSeed`) and the summaries of analysis.ts. `theory` holds
 * the conventions as text and the null model's log evidence −N ln 2.
 */
const spread = z.object({ min: resultNumber, max: resultNumber, stdError: resultNumber });

/** One replicate at one λ (lambda-chain.ts EvidenceRow). */
export const evidenceRow = z.object({
  lambda: z.number(),
  minimumCost: resultNumber,
  logDetHessian: resultNumber,
  logOccamFactor: resultNumber,
  logEvidence: resultNumber,
  E: resultNumber,
  EPerExample: resultNumber,
  gradientNorm: resultNumber,
  relativeGradient: resultNumber,
  newtonIterations: z.number().int(),
  trainAccuracy: resultNumber,
  testAccuracy: resultNumber,
  trainCrossEntropy: resultNumber,
  testCrossEntropy: resultNumber,
  meanMargin: resultNumber,
  testPredictedPositive: resultNumber,
});

/** Every averaged field of a replicate's row (seed-average.ts AVERAGED_FIELDS), as a zod pick mask. */
const averagedFields = Object.fromEntries(AVERAGED_FIELDS.map((f) => [f, true])) as { [K in (typeof AVERAGED_FIELDS)[number]]: true };

/**
 * One λ of the seed-averaged curve (seed-average.ts AveragedRow): λ and the seed mean of each
 * averaged field of the replicate rows, the worst Newton diagnostics over the seeds, and the spreads.
 */
export const evidenceAveragedRow = evidenceRow.pick({ lambda: true, ...averagedFields }).extend({
  seeds: z.number().int(),
  newtonIterationsMax: z.number().int(),
  relativeGradientMax: resultNumber,
  spread: z.object(Object.fromEntries(AVERAGED_FIELDS.map((f) => [f, spread.optional()])) as Record<(typeof AVERAGED_FIELDS)[number], z.ZodOptional<typeof spread>>),
});

const atLambda = z.object({ index: z.number().int(), lambda: z.number() });
/** a grid argmin and its log10 λ refined by a parabola (absent in files of earlier versions) */
const argminAt = atLambda.extend({ refinedLog10Lambda: resultNumber.optional() });
/** analysis.ts EvidenceSummary */
const curveSummary = z.object({
  argminE: argminAt,
  argminTestCrossEntropy: argminAt.nullable(),
  negativeERuns: z.array(z.tuple([z.number().int(), z.number().int()])),
  spearmanETestCrossEntropy: resultNumber,
});
const labelSetSummary = curveSummary.extend({
  perSeed: z.array(curveSummary),
  memorisationOnset: atLambda.nullable().optional(), // random labels only
});

export const evidenceData = z.object({
  source: z.string(),
  trainExamples: z.number().int(),
  testExamples: z.number().int().nullable(),
  features: z.number().int(),
  weights: z.number().int(),
  solver: z.string(),
  seeds: z.number().int(),
  replicateSeeds: z.array(z.number().int()),
  pixelScale: z.enum(['unit', 'raw']),
  inputScale: z.number(),
});

const perLabelSet = <T extends z.ZodType>(value: T) => z.object({ true: value.optional(), random: value.optional() });

export const evidenceResultBlocks = {
  measured: z.object({
    data: evidenceData,
    lambda: z.array(z.number()),
    true: z.array(evidenceAveragedRow).optional(),
    random: z.array(evidenceAveragedRow).optional(),
    perSeed: perLabelSet(z.array(z.array(evidenceRow))),
    summary: perLabelSet(labelSetSummary),
  }),
  theory: z.object({
    convention: z.string(),
    logEvidence: z.string(),
    E: z.string(),
    nullLogEvidence: resultNumber,
    pixelScale: z.string(),
    averaging: z.string(),
  }),
} satisfies ResultBlocks;

export type EvidenceMeasured = z.infer<typeof evidenceResultBlocks.measured>;
export type EvidenceTheoryBlock = z.infer<typeof evidenceResultBlocks.theory>;
