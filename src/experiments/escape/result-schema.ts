import { z } from 'zod';
import { resultNumber, resultVector, type ResultBlocks } from '../../core/result-schema.js';

/**
 * The `measured` and `theory` blocks of an escape result (experiment.ts, analysis.ts, landscape.ts
 * write them). `measured.cells`: every cell with its censored-exponential τ̂, ln τ̂ ± s.e., the
 * exact / Kramers times at its temperature and its Kaplan–Meier survival curve (thinned); the
 * summaries `sgdSlope` / `sdeSlope` (ln τ against 1/T), `sgdOverSde` and `validityMap` exist when
 * their series ran. `theory`: the landscape's geometry, the formulas as text and the theory curves
 * of ln τ against 1/T (empty without an exact first-passage time).
 */
export const escapeResultCell = z.object({
  group: z.enum(['kramers', 'validity', 'aligned']),
  dynamics: z.enum(['sgd', 'sde']),
  noiseShape: z.enum(['isotropic', 'hessian']),
  lr: z.number(),
  n: z.number().int(),
  batchSize: z.number().int(),
  g: resultNumber,
  temperature: resultNumber,
  barrierOverT: resultNumber,
  lrTimesCurvature: resultNumber,
  tau: resultNumber,
  tauStdError: resultNumber,
  logTau: resultNumber,
  logStdError: resultNumber,
  events: z.number().int(),
  censored: z.number().int(),
  exactTime: resultNumber,
  kramersTime: resultNumber,
  kramersCorrectedTime: resultNumber,
  zVsExact: resultNumber,
  survival: z.object({ time: resultVector, survival: resultVector, stdError: resultVector }),
});

/** analysis.ts SlopeSummary: weighted least squares of ln τ against 1/T. */
const slopeSummary = z.object({
  slope: resultNumber,
  slopeStdError: resultNumber,
  intercept: resultNumber,
  interceptStdError: resultNumber,
  prefactor: resultNumber,
  residualChiSquare: resultNumber,
  dof: z.number().int(),
  /** the same weighted line through the exact ln τ of the same cells */
  exactSlope: resultNumber.optional(),
});

export const escapeResultBlocks = {
  measured: z.object({
    cells: z.array(escapeResultCell),
    sgdSlope: slopeSummary.optional(),
    sdeSlope: slopeSummary.optional(),
    sgdOverSde: z.array(z.object({ lr: z.number(), n: z.number().int(), batchSize: z.number().int(), ratio: resultNumber, z: resultNumber })).optional(),
    validityMap: z.array(z.object({ lr: z.number(), lrTimesCurvature: resultNumber, barrierOverT: resultNumber, ratio: resultNumber, z: resultNumber, agrees: z.boolean() })).optional(),
  }),
  theory: z.object({
    landscape: z.object({
      minima: resultVector,
      curvatures: resultVector,
      values: resultVector,
      barrierTop: resultNumber,
      barrierTopCurvature: resultNumber,
      from: resultNumber,
      exit: resultNumber,
      reflectingWall: resultNumber,
      barrier: resultNumber,
      kramersPrefactor: resultNumber,
      finiteBarrierCoefficient: resultNumber,
      derivatives: z.object({ thirdMin: resultNumber, fourthMin: resultNumber, thirdSaddle: resultNumber, fourthSaddle: resultNumber }),
    }),
    temperature: z.string(),
    exact: z.string(),
    kramers: z.string(),
    aligned: z.string(),
    curve: z.array(z.object({ inverseTemperature: resultNumber, exact: resultNumber, kramers: resultNumber, kramersCorrected: resultNumber })),
  }),
} satisfies ResultBlocks;

export type EscapeMeasured = z.infer<typeof escapeResultBlocks.measured>;
export type EscapeTheoryBlock = z.infer<typeof escapeResultBlocks.theory>;
