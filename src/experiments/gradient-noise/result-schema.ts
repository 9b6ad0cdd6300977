import { z } from 'zod';
import { resultNumber, type ResultBlocks } from '../../core/result-schema.js';

/**
 * The `measured` and `theory` blocks of a gradient-noise result (experiment.ts writes them).
 * `measured.trajectory`: per checkpoint the loss, the exact B_simple, B_noise, tr S and |G|² (null
 * for a model without an exact noise scale) and the two-batch estimates (stats/two-batch-estimator.ts:
 * bias-corrected, uncorrected, and the running one, null until it has enough pairs).
 * `measured.frontier` (when the scenario asks for it): per batch size the steps to the target at each
 * ε (cells.ts), the fitted hyperbola, the noiseless path's B_noise (path-theory.ts, null without
 * example gradients and a Hessian) and the ensemble frontier (ensemble-frontier.ts). `theory`: the
 * definitions as text.
 */
const twoBatchEstimate = z.object({
  pairs: z.number().int(),
  gradientNormSq: resultNumber,
  traceS: resultNumber,
  bSimple: resultNumber,
  bSimpleStdError: resultNumber,
});

export const gradientNoisePoint = z.object({
  step: z.number().int(),
  loss: resultNumber,
  bSimple: resultNumber,
  bNoise: resultNumber,
  traceS: resultNumber,
  gradientNormSq: resultNumber,
  estimate: twoBatchEstimate,
  uncorrected: twoBatchEstimate,
  running: twoBatchEstimate.nullable(),
});

const learningRate = z.union([z.number(), z.literal('optimal')]);

const fitBlock = z.object({
  sMin: resultNumber, sMinStdError: resultNumber, eMin: resultNumber, eMinStdError: resultNumber,
  bCrit: resultNumber, bCritStdError: resultNumber, residualChiSquare: resultNumber, dof: z.number().int(),
});

const ensembleNoise = z.object({ step: z.number().int(), bNoise: resultNumber, bNoiseStdError: resultNumber, bSimple: resultNumber, bSimpleStdError: resultNumber });

/** An online model's frontier (online-frontier.ts): per momentum, the cells (closed form and simulation) and both fits. */
export const onlineFrontierBlock = z.object({
  target: resultNumber,
  lStar: resultNumber,
  startLoss: resultNumber,
  definition: z.enum(['expected', 'per-run']),
  start: z.enum(['once', 'per-run']),
  online: z.array(z.object({
    momentum: z.number(),
    cells: z.array(z.object({
      batchSize: z.number().int(),
      momentum: z.number(),
      closedForm: z.object({
        lr: resultNumber, effectiveLr: resultNumber, steps: resultNumber, firstStep: z.number().int(), windowedSteps: resultNumber,
        resolution: resultNumber.nullable(), atEdge: z.boolean(), bNoise: resultNumber, bSimple: resultNumber,
      }).nullable(),
      simulation: z.object({
        lr: resultNumber, effectiveLr: resultNumber, definition: z.enum(['expected', 'per-run']), replicas: z.number().int(), reached: z.number().int(),
        steps: resultNumber, stdError: resultNumber, firstStep: resultNumber,
        atTarget: ensembleNoise.nullable(), atClosedFormStep: ensembleNoise.nullable(), pathMeanBNoise: resultNumber.nullable(),
        search: z.array(z.object({ lr: resultNumber, steps: resultNumber, stdError: resultNumber, reached: z.boolean() })).nullable(),
        resolution: resultNumber.nullable(),
      }).nullable(),
    })),
    closedForm: z.object({
      momentum: z.number(), sMin: resultNumber, lrMin: resultNumber, eMin: resultNumber, kappaMin: resultNumber, bCrit: resultNumber, bKnee: resultNumber.nullable(),
      fit: fitBlock.nullable(),
      gaps: z.array(z.object({ batchSize: z.number().int(), gap: resultNumber })),
      pathMeanBNoise: resultNumber,
    }).nullable(),
    simulation: z.object({ fit: fitBlock.nullable() }),
  })),
});

export const frontierBlock = z.object({
  target: resultNumber,
  lStar: resultNumber,
  lrs: z.union([z.array(z.number()), z.literal('optimal')]),
  definition: z.enum(['expected', 'per-run']).optional(),
  cells: z.array(z.object({
    batchSize: z.number().int(),
    momentum: z.number().optional(),
    resolution: resultNumber.optional(),
    runs: z.array(z.object({ lr: learningRate, replicas: z.number().int(), reached: z.number().int(), meanSteps: resultNumber, stdError: resultNumber })),
    bestLr: learningRate.nullable(),
    steps: resultNumber,
    stepsStdError: resultNumber,
  })),
  fit: fitBlock,
  fits: z.array(z.object({ momentum: z.number(), fit: fitBlock })).optional(),
  path: z.object({
    lr: learningRate,
    steps: z.number().int(),
    meanBNoise: resultNumber,
    meanBSimple: resultNumber,
    start: z.object({ bNoise: resultNumber, bSimple: resultNumber }),
    end: z.object({ bNoise: resultNumber, bSimple: resultNumber }),
    dampedSteps: z.array(z.object({ factor: z.number(), steps: z.number().int() })).optional(),
  }).nullable(),
  ensemble: z.object({
    bCrit: resultNumber,
    eMin: resultNumber,
    sMin: resultNumber,
    cells: z.array(z.object({ batchSize: z.number().int(), steps: z.number().int(), fractionalSteps: resultNumber, meanBNoise: resultNumber })),
  }).optional(),
});

export const gradientNoiseResultBlocks = {
  measured: z.object({
    trajectory: z.array(gradientNoisePoint),
    frontier: z.union([frontierBlock, onlineFrontierBlock]).optional(),
  }),
  theory: z.object({
    bSimple: z.string(),
    bNoise: z.string(),
    twoBatch: z.string(),
    frontier: z.string(),
    relationToG: z.string(),
  }),
} satisfies ResultBlocks;

export type GradientNoiseMeasured = z.infer<typeof gradientNoiseResultBlocks.measured>;
export type GradientNoiseTheoryBlock = z.infer<typeof gradientNoiseResultBlocks.theory>;
