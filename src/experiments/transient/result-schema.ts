import { z } from 'zod';
import { resultNumber, resultVector, type ResultBlocks } from '../../core/result-schema.js';
import { integrators, type IntegratorName } from '../../dynamics/integrators/registry.js';
import { noiseTypes } from '../../dynamics/integrators/integrator.js';

/**
 * The `measured` and `theory` blocks of a transient result (experiment.ts writes them, analysis.ts the
 * slopes, the integrator cells their convergence studies). `measured.ladder`: per ε the Monte
 * Carlo E[L] of SGD and the weak errors of SME-1 / SME-2 (with the exact SGD moments as control
 * variate, and paired without it); `measured.slopes`: the fitted weak orders, Monte Carlo and
 * closed form; `measured.integrators`: strong/weak errors per step size h with the fitted and the
 * declared orders. `theory`: the model and the SDEs as text, the spectrum, the start, the horizon
 * and the closed-form E[L] per ε.
 */
const meanError = z.object({ mean: resultNumber, stdError: resultNumber });
const smeLevel = z.object({ loss: meanError, weakError: meanError, pairedWeakError: meanError });

const smeSlope = z.object({
  monteCarlo: z.object({
    slope: resultNumber, stdError: resultNumber, ci95: resultVector, plainSlope: resultNumber,
    correction: resultNumber, residualChiSquare: resultNumber, residualDof: z.number().int(),
  }),
  closedForm: z.object({ slope: resultNumber, plainSlope: resultNumber, localSlopes: resultVector }),
});

const orderFit = z.object({ slope: resultNumber, stdError: resultNumber, ci: resultVector, plainSlope: resultNumber, correctionPower: resultNumber });

export const integratorStudy = z.object({
  integrator: z.enum(Object.keys(integrators) as [IntegratorName, ...IntegratorName[]]),
  problem: z.enum(['ou', 'gbm']),
  noise: z.enum(noiseTypes),
  weakFunction: z.string(),
  expectedStrongOrder: resultNumber,
  expectedWeakOrder: resultNumber,
  levels: z.array(z.object({
    h: z.number(), steps: z.number().int(),
    strong: resultNumber, strongStdError: resultNumber,
    weak: resultNumber, weakStdError: resultNumber, weakClosedForm: resultNumber,
  })),
  strongSlope: orderFit,
  weakSlope: orderFit,
  weakClosedFormSlope: resultNumber,
});

export const transientResultBlocks = {
  measured: z.object({
    ladder: z.array(z.object({ lr: z.number(), steps: z.number().int(), paths: z.number().int(), sgd: meanError, sme1: smeLevel, sme2: smeLevel })),
    slopes: z.object({ sme1: smeSlope.optional(), sme2: smeSlope.optional() }),
    integrators: z.array(integratorStudy),
  }),
  theory: z.object({
    model: z.string(),
    sme1: z.string(),
    sme2: z.string(),
    sgd: z.string(),
    eigenvalues: resultVector,
    start: resultVector,
    horizon: z.number(),
    closedForm: z.array(z.object({ lr: z.number(), steps: z.number().int(), sgd: resultNumber, sme1: resultNumber, sme2: resultNumber, error1: resultNumber, error2: resultNumber })),
    expectedOrders: z.object({ sme1: z.number(), sme2: z.number() }),
  }),
} satisfies ResultBlocks;

export type TransientMeasured = z.infer<typeof transientResultBlocks.measured>;
export type TransientTheoryBlock = z.infer<typeof transientResultBlocks.theory>;
