import { z } from 'zod';
import { resultNumber, resultMatrix, type ResultBlocks } from '../../core/result-schema.js';

/**
 * The `measured` and `theory` blocks of a collapse result (experiment.ts, analysis.ts, cells.ts write
 * them). `measured.cells`: every (ε, B, N, m) cell with its noise scale, N × excess loss ± s.e.,
 * the OU line g·tr(S)/4, the exact theory where one exists, and the covariances; `collapse`,
 * `contrasts` and `exact` hold the χ² tests (normal scores z via Wilson–Hilferty); `traceS` is
 * the tr S shared by every cell (null when it differs). `stabilityBound` and `effectiveSamples`
 * are optional: files of earlier versions lack them. `theory`: the identity as text.
 */
const chiSquareTest = z.object({ chiSquare: resultNumber, dof: z.number().int(), pValue: resultNumber, z: resultNumber, maxAbsZ: resultNumber });

export const collapseResultCell = z.object({
  lr: z.number(),
  batchSize: z.number().int(),
  n: z.number().int(),
  momentum: z.number(),
  g: resultNumber,
  gPaper: resultNumber,
  gApprox: resultNumber,
  lrEff: resultNumber,
  lrTimesLambdaMax: resultNumber,
  stabilityBound: resultNumber.optional(),
  effectiveSamples: resultNumber.optional(),
  traceS: resultNumber,
  steps: z.number().int(),
  burnInSteps: z.number().int(),
  replicas: z.number().int(),
  excess: resultNumber,
  excessStdError: resultNumber,
  predicted: resultNumber,
  exactExcess: resultNumber,
  exactSource: z.string().nullable(),
  covariance: resultMatrix,
  covarianceStdError: resultMatrix,
  ouCovariance: resultMatrix.nullable(),
  exactCovariance: resultMatrix.nullable(),
  lrOverB: resultNumber,
  z: resultNumber,
});

export const collapseResultBlocks = {
  measured: z.object({
    collapse: chiSquareTest.extend({ worstCell: z.number().int(), maxAbsT: resultNumber }),
    contrasts: z.object({
      lrOverB: chiSquareTest.extend({ k: resultNumber, kStdError: resultNumber }).optional(),
      lr: chiSquareTest.extend({ k: resultNumber, kStdError: resultNumber }).optional(),
    }),
    exact: chiSquareTest.extend({
      cells: z.number().int(),
      ouBias: z.object({ noncentrality: resultNumber, expectedZShift: resultNumber, worstCellBiasZ: resultNumber }),
    }).optional(),
    traceS: resultNumber,
    varies: z.object({ lr: z.number().int(), b: z.number().int(), n: z.number().int(), m: z.number().int() }),
    cells: z.array(collapseResultCell),
  }),
  theory: z.object({
    identity: z.string(),
    noiseScale: z.string(),
    data: z.string(),
  }),
} satisfies ResultBlocks;

export type CollapseMeasured = z.infer<typeof collapseResultBlocks.measured>;
export type CollapseTheoryBlock = z.infer<typeof collapseResultBlocks.theory>;
