import { z } from 'zod';
import { resultNumber, type ResultBlocks } from '../../core/result-schema.js';

/**
 * The `measured` and `theory` blocks of a batch-size-collapse result (experiment.ts, analysis.ts
 * write them). `measured.variables`: per variable (noiseScale: g, step: ε/(B(1−m))) the χ² of the
 * cells about their common curve, its bandwidth sensitivity, the power against the other variable,
 * the χ² per source and the curve itself; `contrast`: Vuong's contrast; `points` with their fitted
 * scales, `cells` with their fits and normal scores; `sources`: what each file gave.
 */
const byVariable = <T extends z.ZodType>(value: T) => z.object({ noiseScale: value, step: value });

const variableFit = z.object({
  chiSquare: resultNumber,
  dof: resultNumber,
  pValue: resultNumber,
  z: resultNumber,
  maxAbsZ: resultNumber,
  worstCell: z.number().int(),
  reducedChiSquare: resultNumber,
  effectiveParameters: resultNumber,
  converged: z.boolean(),
  sensitivity: z.array(z.object({ bandwidth: resultNumber, chiSquare: resultNumber, dof: resultNumber, reducedChiSquare: resultNumber, z: resultNumber })),
  power: z.object({ noncentrality: resultNumber, smootherBias: resultNumber, rejectableZ: resultNumber }),
  bySource: z.array(z.object({ source: z.number().int(), cells: z.number().int(), chiSquare: resultNumber })),
  curve: z.array(z.object({ x: resultNumber, f: resultNumber })),
});

export const batchSizeCollapseResultBlocks = {
  measured: z.object({
    bandwidth: resultNumber,
    bandwidthRule: z.string(),
    variables: byVariable(variableFit),
    contrast: z.object({ excess: resultNumber, stdError: resultNumber, z: resultNumber, meanDifference: resultNumber }),
    varies: z.object({ lr: z.number().int(), n: z.number().int(), momentum: z.number().int(), nValues: z.array(z.number()) }),
    sources: z.array(z.object({
      path: z.string(), name: z.string(), quick: z.boolean(), points: z.number().int(), otherLambda: z.number().int(),
      fullBatchCells: z.number().int(), unusableCells: z.number().int(),
    })),
    points: z.array(z.object({
      source: z.number().int(), label: z.string(), lr: z.number(), n: z.number(), momentum: z.number(), lambda: z.number(),
      steps: z.number(), sdeTime: resultNumber, testImages: z.number().int(), scale: byVariable(resultNumber),
    })),
    cells: z.array(z.object({
      source: z.number().int(), point: z.number().int(), batchSize: z.number(), accuracy: resultNumber, stdError: resultNumber,
      spreadStdError: resultNumber, runs: z.number().int(), chance: z.number(), g: resultNumber, step: resultNumber,
      fitted: byVariable(resultNumber), score: byVariable(resultNumber),
    })),
  }),
  theory: z.object({
    noiseScale: z.string(),
    step: z.string(),
    model: z.string(),
    judged: z.string(),
  }),
} satisfies ResultBlocks;

export type BatchSizeCollapseMeasured = z.infer<typeof batchSizeCollapseResultBlocks.measured>;
export type BatchSizeCollapseTheoryBlock = z.infer<typeof batchSizeCollapseResultBlocks.theory>;
