import { z } from 'zod';
import { anyNumber, cellResultSchema, countUpTo, plannedNumber } from '../../core/cell-result.js';
import type { IntegratorPayload, IntegratorResult } from './cells/integrator.js';
import type { SmeLevelPayload, SmeLevelResult } from './cells/sme-level.js';
import { stepsToHorizon } from '../../theory/sme-closed-forms.js';
import { noiseTypes } from '../../dynamics/integrators/integrator.js';

/**
 * The transient cells as they must read back from a shard file (core/cell-result.ts): an SME rung
 * has the planned ε, its step count and the planned number of paths; an integrator study has the
 * planned integrator and problem and one level per planned step count, in order.
 */
const meanWithError = z.strictObject({ mean: anyNumber, stdError: anyNumber });

export const smeLevelCellResult = cellResultSchema<SmeLevelPayload, SmeLevelResult>()((p) => {
  const steps = stepsToHorizon(p.lr, p.horizon);
  const sme = z.strictObject({ loss: meanWithError, error: meanWithError, paired: meanWithError });
  return z.strictObject({
    lr: plannedNumber(p.lr),
    steps: plannedNumber(steps),
    closedForm: z.strictObject({ lr: plannedNumber(p.lr), steps: plannedNumber(steps), sgd: anyNumber, sme1: anyNumber, sme2: anyNumber, error1: anyNumber, error2: anyNumber }),
    monteCarlo: z.strictObject({ paths: plannedNumber(p.paths), sgd: meanWithError, sme1: sme, sme2: sme }),
  });
});

const order = z.strictObject({ slope: anyNumber, stdError: anyNumber, ci: z.tuple([anyNumber, anyNumber]), plainSlope: anyNumber, correctionPower: anyNumber });

export const integratorCellResult = cellResultSchema<IntegratorPayload, IntegratorResult>()((p) =>
  z.strictObject({
    integrator: z.literal(p.integrator),
    problem: z.literal(p.problem.kind),
    noise: z.enum(noiseTypes),
    weakFunction: z.string(),
    expectedStrongOrder: anyNumber,
    expectedWeakOrder: anyNumber,
    levels: z.array(z.strictObject({
      steps: countUpTo(Number.MAX_SAFE_INTEGER), h: anyNumber, strong: anyNumber, strongStdError: anyNumber, weak: anyNumber, weakStdError: anyNumber, weakClosedForm: anyNumber,
    })).length(p.steps.length).refine((levels) => levels.every((l, k) => l.steps === p.steps[k]), { message: `must hold one level per planned step count (${p.steps.join(', ')}), in order` }),
    strongSlope: order,
    weakSlope: order,
    weakClosedFormSlope: anyNumber,
  }));
