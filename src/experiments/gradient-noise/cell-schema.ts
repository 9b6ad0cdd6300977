import { z } from 'zod';
import { anyNumber, cellResultSchema, countUpTo, plannedNumber } from '../../core/cell-result.js';
import type { FrontierCellPayload, FrontierCellResult } from './cells.js';

/**
 * A frontier cell (one batch size) as it must read back from a shard file (core/cell-result.ts):
 * its B is the planned one, it holds one run per planned ε in order, each with the planned replica
 * count and at most that many replicas that reached the target.
 */
const lrValue = z.union([anyNumber, z.literal('optimal')]);

export const frontierCellResult = cellResultSchema<FrontierCellPayload, FrontierCellResult>()((p) => {
  const lrs: (number | 'optimal')[] = p.lrs === 'optimal' ? ['optimal'] : p.lrs;
  const run = z.strictObject({ lr: lrValue, replicas: plannedNumber(p.replicas), reached: countUpTo(p.replicas), meanSteps: anyNumber, stdError: anyNumber });
  return z.strictObject({
    batchSize: plannedNumber(p.batchSize),
    runs: z.array(run).length(lrs.length)
      .refine((runs) => runs.every((r, k) => Object.is(r.lr, lrs[k])), { message: `must hold one run per planned ε (${lrs.length}), in the planned order` }),
    bestLr: lrValue.nullable().refine((lr) => lr === null || lrs.some((planned) => Object.is(planned, lr)), { message: 'must be one of the planned ε or null' }),
    steps: anyNumber,
    stepsStdError: anyNumber,
  });
});
