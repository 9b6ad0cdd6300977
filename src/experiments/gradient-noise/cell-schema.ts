import { z } from 'zod';
import { anyNumber, cellResultSchema, countUpTo, plannedNumber } from '../../core/cell-result.js';
import type { FrontierCellPayload, FrontierCellResult } from './cells.js';
import type { OnlineFrontierPayload, OnlineFrontierCellResult } from './online-cells.js';

/**
 * A frontier cell (one momentum and batch size) as it must read back from a shard file
 * (core/cell-result.ts): its B and m are the planned ones, it holds one run per planned ε in
 * order (then at most two per refinement round around the best), each with the planned replica
 * count and at most that many replicas that reached the target.
 */
const lrValue = z.union([anyNumber, z.literal('optimal')]);

export const frontierCellResult = cellResultSchema<FrontierCellPayload, FrontierCellResult>()((p) => {
  const lrs: (number | 'optimal')[] = p.lrs === 'optimal' ? ['optimal'] : p.lrs;
  const extra = 2 * (p.refine ?? 0);
  const run = z.strictObject({ lr: lrValue, replicas: plannedNumber(p.replicas), reached: countUpTo(p.replicas), meanSteps: anyNumber, stdError: anyNumber });
  return z.strictObject({
    batchSize: plannedNumber(p.batchSize),
    momentum: plannedNumber(p.momentum ?? 0),
    resolution: anyNumber.optional(),
    runs: z.array(run).min(lrs.length).max(lrs.length + extra)
      .refine((runs) => lrs.every((lr, k) => Object.is(runs[k].lr, lr)), { message: `must hold one run per planned ε (${lrs.length}) in the planned order, then at most ${extra} refinements` }),
    bestLr: lrValue.nullable(),
    steps: anyNumber,
    stepsStdError: anyNumber,
  }).refine((c) => c.bestLr === null || c.runs.some((r) => Object.is(r.lr, c.bestLr)), { message: 'bestLr must be one of the runs’ ε or null' });
});

const ensembleNoise = z.strictObject({ step: countUpTo(Number.MAX_SAFE_INTEGER), bNoise: anyNumber, bNoiseStdError: anyNumber, bSimple: anyNumber, bSimpleStdError: anyNumber });

/** An online frontier cell (online-cells.ts): planned B, m, definition and replica count; counts bounded by them. */
export const onlineFrontierCellResult = cellResultSchema<OnlineFrontierPayload, OnlineFrontierCellResult>()((p) => {
  const searched = p.lr === 'closed-form' ? 0 : p.lr.grid.length + 2 * p.lr.refine;
  return z.strictObject({
    batchSize: plannedNumber(p.batchSize),
    momentum: plannedNumber(p.momentum),
    closedForm: z.strictObject({
      lr: anyNumber, effectiveLr: anyNumber, steps: anyNumber, firstStep: countUpTo(p.maxSteps), windowedSteps: anyNumber,
      resolution: anyNumber.nullable(), atEdge: z.boolean(), bNoise: anyNumber, bSimple: anyNumber,
    }).nullable(),
    simulation: z.strictObject({
      lr: anyNumber, effectiveLr: anyNumber, definition: z.literal(p.definition), replicas: plannedNumber(p.replicas), reached: countUpTo(p.replicas),
      steps: anyNumber, stdError: anyNumber, firstStep: anyNumber,
      atTarget: ensembleNoise.nullable(), atClosedFormStep: ensembleNoise.nullable(), pathMeanBNoise: anyNumber.nullable(),
      search: z.array(z.strictObject({ lr: anyNumber, steps: anyNumber, stdError: anyNumber, reached: z.boolean() })).max(searched).nullable(),
      resolution: anyNumber.nullable(),
    }).nullable(),
  });
});
