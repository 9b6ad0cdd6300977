import { z } from 'zod';
import { anyNumber, cellResultSchema, countUpTo, plannedNumber } from '../../core/cell-result.js';
import type { CollapseCellPayload, CollapseCellResult } from './cells.js';

/**
 * A collapse cell's result as it must read back from a shard file (core/cell-result.ts): the
 * parameters it echoes (ε, B, m, the replica count, N where the model fixes it, 2(1+m)) equal the
 * planned cell's, so a tampered N or replica count is refused rather than analysed; the rest are
 * numbers, counts and d×d matrices.
 */
const matrix = z.array(z.array(anyNumber));

export const collapseCellResult = cellResultSchema<CollapseCellPayload, CollapseCellResult>()((p) =>
  z.strictObject({
    lr: plannedNumber(p.lr),
    batchSize: plannedNumber(p.batchSize),
    n: typeof p.model.n === 'number' ? plannedNumber(p.model.n) : countUpTo(Number.MAX_SAFE_INTEGER).min(p.batchSize),
    momentum: plannedNumber(p.momentum),
    g: anyNumber,
    gPaper: anyNumber,
    gApprox: anyNumber,
    lrEff: anyNumber,
    lrTimesLambdaMax: anyNumber,
    stabilityBound: plannedNumber(2 * (1 + p.momentum)),
    effectiveSamples: anyNumber,
    traceS: anyNumber,
    steps: countUpTo(Number.MAX_SAFE_INTEGER),
    burnInSteps: countUpTo(10_000_000),
    replicas: plannedNumber(p.replicas),
    excess: anyNumber,
    excessStdError: anyNumber,
    predicted: anyNumber,
    exactExcess: anyNumber.nullable(),
    exactSource: z.string().nullable(),
    covariance: matrix,
    covarianceStdError: matrix,
    ouCovariance: matrix.nullable(),
    exactCovariance: matrix.nullable(),
  }));
