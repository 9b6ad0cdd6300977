import { z } from 'zod';
import { resultNumber, resultVector, resultMatrix, type ResultBlocks } from '../../core/result-schema.js';

/**
 * The `measured` and `theory` blocks of a stationary result (experiment.ts writes them). Coordinates
 * are offsets from the minimum ω*; matrices are d×d arrays of rows. `measured.sgd` / `.sde` are
 * present when that dynamics ran (`dynamics.sgd`, `dynamics.sde`), `sdeSubsteps` with the SDE;
 * `theory.ou` / `discrete` / `heavyBall` / `exact` where that theory applies (common/stationary-theory.ts).
 */
export const dynamicsSummary = z.object({
  covariance: resultMatrix,
  covarianceStdError: resultMatrix,
  mean: resultVector,
  meanStdError: resultVector,
  samples: z.number().int(),
  replicas: z.number().int(),
  histograms: z.array(z.object({ coordinate: z.number().int(), edges: resultVector, counts: z.array(z.number()) })),
  /** final iterates of the first replicas, first two coordinates */
  scatter: z.array(z.tuple([resultNumber, resultNumber])),
});

const theoryCovariance = z.object({ covariance: resultMatrix });

export const stationaryResultBlocks = {
  measured: z.object({
    burnIn: z.number().int(),
    sdeSubsteps: z.number().int().optional(),
    sgd: dynamicsSummary.optional(),
    sde: dynamicsSummary.optional(),
  }),
  theory: z.object({
    minimum: resultVector,
    hessianEigenvalues: resultVector,
    noiseCovariance: resultMatrix,
    traceS: resultNumber,
    noiseFactor: resultNumber,
    lrEff: resultNumber,
    stability: z.object({ lrTimesLambdaMax: resultNumber, bound: resultNumber }),
    ou: theoryCovariance.optional(),
    discrete: theoryCovariance.optional(),
    heavyBall: theoryCovariance.optional(),
    exact: theoryCovariance.extend({ source: z.enum(['discrete-lyapunov', 'heavy-ball', 'least-squares']) }).optional(),
    notes: z.array(z.string()),
  }),
} satisfies ResultBlocks;

export type StationaryMeasured = z.infer<typeof stationaryResultBlocks.measured>;
export type StationaryTheoryBlock = z.infer<typeof stationaryResultBlocks.theory>;
