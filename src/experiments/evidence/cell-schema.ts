import { z } from 'zod';
import { anyNumber, cellResultSchema, countUpTo, fraction, plannedNumber } from '../../core/cell-result.js';
import type { EvidenceReplicatePayload, EvidenceReplicateResult } from './cells.js';

/**
 * An evidence cell (one seed replicate and label set) as it must read back from a shard file
 * (core/cell-result.ts): its replicate and label set are the planned ones, and it holds one row
 * per planned λ, in the planned order.
 */
const nullableFraction = fraction.nullable();

const row = z.strictObject({
  lambda: anyNumber,
  minimumCost: anyNumber,
  logDetHessian: anyNumber,
  logOccamFactor: anyNumber,
  logEvidence: anyNumber,
  E: anyNumber,
  EPerExample: anyNumber,
  gradientNorm: anyNumber,
  relativeGradient: anyNumber,
  newtonIterations: countUpTo(Number.MAX_SAFE_INTEGER),
  trainAccuracy: fraction,
  testAccuracy: nullableFraction,
  trainCrossEntropy: anyNumber,
  testCrossEntropy: anyNumber.nullable(),
  meanMargin: anyNumber,
  testPredictedPositive: nullableFraction,
});

export const evidenceCellResult = cellResultSchema<EvidenceReplicatePayload, EvidenceReplicateResult>()((p) =>
  z.strictObject({
    replicate: plannedNumber(p.replicate),
    labels: z.literal(p.labels),
    seed: countUpTo(0xffffffff),
    source: z.string(),
    trainExamples: countUpTo(Number.MAX_SAFE_INTEGER),
    testExamples: countUpTo(Number.MAX_SAFE_INTEGER).nullable(),
    features: countUpTo(Number.MAX_SAFE_INTEGER),
    testLabelPositive: nullableFraction,
    rows: z.array(row).length(p.lambdas.length)
      .refine((rows) => rows.every((r, k) => Object.is(r.lambda, p.lambdas[k])), { message: `must hold one row per planned λ (${p.lambdas.length}), in the planned order` }),
  }));
