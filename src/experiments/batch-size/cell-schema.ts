import { z } from 'zod';
import { anyNumber, cellResultSchema, countUpTo, fraction } from '../../core/cell-result.js';
import type { PotentialCellPayload, PotentialCellResult } from './cells.js';
import type { MlpCellResult, MlpCellSpec } from '../../dynamics/train-mlp.js';

/**
 * The results of the batch-size cells as they must read back from a shard file (core/cell-result.ts):
 * a potential cell's loss averages and its outside fraction; a network cell's metrics, its
 * divergence step (at most the planned steps) and its learning curve (at most one point per
 * evalEvery steps, plus the last).
 */
export const potentialCellResult = cellResultSchema<PotentialCellPayload, PotentialCellResult>()(() =>
  z.strictObject({ testLoss: anyNumber, trainLoss: anyNumber, firstHalf: anyNumber, secondHalf: anyNumber, outside: fraction }));

export const mlpCellResult = cellResultSchema<MlpCellSpec, MlpCellResult>()((spec) =>
  z.strictObject({
    testAccuracy: fraction,
    testLoss: anyNumber,
    trainAccuracy: fraction,
    trainLoss: anyNumber,
    diverged: z.boolean(),
    divergedAtStep: countUpTo(spec.steps).optional(),
    curve: z.array(z.strictObject({ step: countUpTo(spec.steps), trainLoss: anyNumber, testAccuracy: fraction, testLoss: anyNumber }))
      .max(spec.evalEvery ? Math.floor(spec.steps / spec.evalEvery) + 2 : 0).optional(),
  }));
