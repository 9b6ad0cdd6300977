import { z } from 'zod';
import { anyNumber, cellResultSchema, countUpTo } from '../../core/cell-result.js';
import type { EscapeCellPayload, EscapeCellResult } from './cells.js';

/**
 * An escape cell's result as it must read back from a shard file (core/cell-result.ts): escaped and
 * censored replicas add up to the planned replica count, and the survival curve has at most the 40
 * points the cell keeps.
 */
const curve = z.array(anyNumber).max(40);

export const escapeCellResult = cellResultSchema<EscapeCellPayload, EscapeCellResult>()((p) =>
  z.strictObject({
    events: countUpTo(p.replicas),
    censored: countUpTo(p.replicas),
    timeAtRisk: anyNumber,
    tau: anyNumber,
    tauStdError: anyNumber,
    logStdError: anyNumber,
    survival: z.strictObject({ time: curve, survival: curve, stdError: curve }),
    steps: countUpTo(Number.MAX_SAFE_INTEGER),
  }).refine((r) => r.events + r.censored === p.replicas, { message: `events + censored must equal the planned ${p.replicas} replicas`, path: ['events'] }));
