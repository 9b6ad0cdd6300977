import { z } from 'zod';
import { envelopeFields, samplerSchema, seedSchema } from '../../scenario/common.js';
import { potentialSpecSchema, potentialChecks } from '../../models/potential.js';
import { mnistDigitCount } from '../../data/mnist.js';
import type { InputProblem } from '../../errors.js';
import { mnistFullCount } from '../../data/mnist-full.js';

/**
 * Scenario of the `batch-size` experiment (docs/theory.md §7): a sweep over the batch size B at fixed
 * ε, m, with several seeds per cell, on either the exactly solvable potential ("toy") or the
 * shallow MNIST network; optional outer sweeps over ε, N and m, one at a time around the base.
 */
const mlpModelSchema = z.strictObject({
  kind: z.literal('mlp'),
  hidden: z.int().positive().default(800).describe('hidden ReLU units (paper: 800)'),
  digits: z.array(z.int().min(0).max(9)).min(2).default([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).describe('MNIST digits used as classes'),
  trainPerClass: z.int().positive().describe('training images per class: N = trainPerClass × digits (paper: 100, N = 1000)'),
  testPerClass: z.int().positive().optional().describe("test images per class (required with data 'small'; with data 'full', leave it out to test on all 10 000 MNIST test images)"),
  data: z.enum(['small', 'full']).optional().describe("'small' (default): train and test from the `mnist` package's pool of about 1000 images per digit (N ≤ 8630 with 0 test images); 'full': train from MNIST's 60 000 training images (N up to 54 210 balanced), test from its 10 000 test images"),
  init: z.enum(['he', 'glorot', 'lecun-uniform']).optional().describe("weight initialisation (default 'he': N(0, 2/fan_in) then N(0, 1/h); 'glorot': Keras/TF-1 uniform; 'lecun-uniform': U(±1/√fan_in), Torch-7 era)"),
  pixels: z.enum(['unit', 'centred']).optional().describe("inputs (default 'unit': pixels in [0, 1]; 'centred': minus the mean training image)"),
  dataSeed: seedSchema.default(0).describe('seed of the train/test split'),
  subsetPerRun: z.boolean().optional().describe('true: run r of every cell draws its own balanced training subset (data seed dataSeed + r), so the spread over runs includes the choice of the N training images; default false: every run trains on the one subset of dataSeed'),
  lambda: z.number().min(0).default(0).describe('L2 coefficient λ in the summed convention (paper: 0, or 0.1)'),
  curveEvery: z.int().positive().optional().describe('record test accuracy, test and training cross-entropy every this many steps in every cell (the paper\'s Fig 3); costs one evaluation of the train and test sets each time'),
});
export type MlpModelSpec = z.infer<typeof mlpModelSchema>;

const positiveGrid = z.strictObject({
  min: z.number().positive(),
  max: z.number().positive(),
  count: z.int().min(3).max(200),
});

export const batchSizeSchema = z.strictObject({
  experiment: z.literal('batch-size'),
  ...envelopeFields,
  model: z.discriminatedUnion('kind', [potentialSpecSchema, mlpModelSchema]).describe('"potential" (toy, exact theory) or "mlp" (shallow network on MNIST)'),
  optimizer: z.strictObject({
    lr: z.number().positive().describe('learning rate ε at the base point'),
    momentum: z.number().min(0).lt(1).default(0).describe('heavy-ball momentum m at the base point'),
    sampler: samplerSchema.default('without-replacement'),
  }),
  batchSizes: z.union([
    z.array(z.int().positive()).min(3).describe('explicit batch sizes (at a point with fewer examples, sizes above N become N, the full batch)'),
    positiveGrid.extend({
      aboveN: z.enum(['refuse', 'full-batch']).optional()
        .describe("what a grid entry above a point's N does: 'refuse' (default) is a validation error; 'full-batch' runs B = N there instead (an N sweep on one batch grid: from min up to min(N, max))"),
    }).describe('a log grid of batch sizes from min to max (rounded, duplicates dropped)'),
    z.strictObject({ noiseScale: positiveGrid }).describe('a log grid of noise scales g, turned into batch sizes per (ε, N, m) with the exact inverse for the sampler'),
  ]),
  run: z.strictObject({
    seeds: z.int().min(2).max(1000).default(8).describe('independent runs per cell (the bootstrap resamples them)'),
    steps: z.int().positive().optional().describe('a fixed number of recorded steps per run, whatever ε and m (as the paper does for N and m)'),
    sdeTime: z.number().positive().optional()
      .describe('a fixed SDE time instead: steps = ceil(sdeTime·(1−m)/ε), one step advancing the mean-loss SDE by ε/(1−m) (docs/theory.md §1; the paper\'s summed convention divides time by N)'),
    burnInTime: z.number().min(0).optional().describe('potential only: SDE time discarded before recording (default 0)'),
    replicas: z.int().min(1).max(100000).optional().describe('potential only: chains per run, averaged (default 1)'),
    thin: z.int().positive().optional().describe('potential only: record every thin-th step (default 1)'),
  }),
  sweep: z.strictObject({
    lr: z.array(z.number().positive()).min(1).optional().describe('learning rates for the B_opt-vs-ε slope (the base is added)'),
    n: z.array(z.int().positive()).min(1).optional().describe('training-set sizes N for the B_opt-vs-N slope (the base is added)'),
    momentum: z.array(z.number().min(0).lt(1)).min(1).optional().describe('momenta for the B_opt-vs-1/(1−m) slope (the base is added)'),
    lambda: z.array(z.number().min(0)).min(1).optional().describe('network only: L2 coefficients λ (summed convention) at the base ε, N, m (the base model.lambda is added); per λ the best accuracy and the small-vs-full-batch gap (Smith & Le Fig 8)'),
    nScaling: z.enum(['gibbs', 'noise']).default('gibbs')
      .describe("potential only: 'gibbs' scales σ² ∝ N, so that the Gibbs density at fixed g is the same for every N (the premise of B_opt ∝ N: g_opt independent of N); 'noise' keeps σ² fixed, so T = gσ²/(2N) makes g_opt ∝ N"),
  }).default({ nScaling: 'gibbs' }),
  fit: z.strictObject({
    window: z.int().min(1).max(6).default(2).describe('cells on each side of the best one in the parabola fit (in ln B)'),
    bootstrap: z.int().min(20).max(100000).default(400).describe('bootstrap replicates over seeds'),
    trainableAccuracy: z.number().gt(0).lt(1).optional()
      .describe('network only: the mean test accuracy at which a cell counts as trained, stated before the run; the trainability edge is the smallest B that reaches it, and the optimum is fitted on trained cells only (default 0.5, halfway from chance to a trained network)'),
  }).default({ window: 2, bootstrap: 400 }),
  theory: z.strictObject({
    gridPoints: z.int().min(51).max(100001).optional().describe('potential only: quadrature points per axis (default 20001 in 1-D, 601 in 2-D)'),
  }).default({}),
  tolerance: z.number().positive().default(4).describe('allowed |z| of each agreement prediction, in standard errors'),
});
export type BatchSizeScenario = z.infer<typeof batchSizeSchema>;

/** Training-set size at the base point. */
export function baseN(s: BatchSizeScenario): number {
  return s.model.kind === 'potential' ? s.model.n : s.model.trainPerClass * s.model.digits.length;
}

export function batchSizeChecks(s: BatchSizeScenario): InputProblem[] {
  const problems: InputProblem[] = [];
  if ((s.run.steps === undefined) === (s.run.sdeTime === undefined)) {
    problems.push({ path: 'run', message: 'give exactly one of run.steps (fixed steps) and run.sdeTime (fixed SDE time)' });
  }
  const nValues = [baseN(s), ...(s.sweep.n ?? [])];
  const maxN = Math.max(...nValues);
  if (Array.isArray(s.batchSizes)) {
    s.batchSizes.forEach((b, i) => {
      if (b > maxN) problems.push({ path: `batchSizes[${i}]`, message: `must be ≤ N = ${maxN} (the largest training set swept)`, value: b });
    });
  } else if ('min' in s.batchSizes) {
    if (!(s.batchSizes.min < s.batchSizes.max)) problems.push({ path: 'batchSizes.min', message: 'must be below batchSizes.max', value: s.batchSizes.min });
    if (s.batchSizes.min < 1) problems.push({ path: 'batchSizes.min', message: 'must be ≥ 1', value: s.batchSizes.min });
    if (s.batchSizes.max > maxN && s.batchSizes.aboveN !== 'full-batch') problems.push({ path: 'batchSizes.max', message: `must be ≤ N = ${maxN} (the largest training set swept)`, value: s.batchSizes.max });
  } else if (!(s.batchSizes.noiseScale.min < s.batchSizes.noiseScale.max)) {
    problems.push({ path: 'batchSizes.noiseScale.min', message: 'must be below batchSizes.noiseScale.max', value: s.batchSizes.noiseScale.min });
  }
  if (s.model.kind === 'potential') {
    const dim = s.model.variables.length;
    problems.push(...potentialChecks(s.model, 'model'));
    if (s.sweep.lambda !== undefined) problems.push({ path: 'sweep.lambda', message: 'applies to the network model only (the potential has no L2 term)', value: `[${s.sweep.lambda.join(', ')}]` });
    (s.sweep.n ?? []).forEach((n, i) => {
      if (n <= dim) problems.push({ path: `sweep.n[${i}]`, message: `must exceed the dimension ${dim}`, value: n });
    });
  } else {
    const m = s.model;
    const k = m.digits.length;
    if (new Set(m.digits).size !== k) problems.push({ path: 'model.digits', message: 'digits must be distinct', value: `[${m.digits.join(', ')}]` });
    (s.sweep.n ?? []).forEach((n, i) => {
      if (n % k !== 0) problems.push({ path: `sweep.n[${i}]`, message: `must be a multiple of the ${k} classes (balanced training sets)`, value: n });
    });
    if (s.sweep.lambda !== undefined && (s.sweep.lr !== undefined || s.sweep.n !== undefined || s.sweep.momentum !== undefined)) {
      problems.push({ path: 'sweep.lambda', message: 'an L2 sweep runs alone (at the base ε, N and m): drop sweep.lr, sweep.n and sweep.momentum, or put the λ sweep in its own scenario', value: `[${s.sweep.lambda.join(', ')}]` });
    }
    for (const key of ['burnInTime', 'replicas', 'thin'] as const) {
      if (s.run[key] !== undefined) problems.push({ path: `run.${key}`, message: 'applies to the potential model only (a network cell is one training run)', value: s.run[key] });
    }
    if (s.theory.gridPoints !== undefined) problems.push({ path: 'theory.gridPoints', message: 'applies to the potential model only', value: s.theory.gridPoints });
    const maxPerClass = Math.max(...nValues) / k;
    if (m.data === 'full') {
      for (const digit of new Set(m.digits)) {
        const train = mnistFullCount('train', digit), test = mnistFullCount('test', digit);
        if (maxPerClass > train) problems.push({ path: 'model.trainPerClass', message: `MNIST's training set has ${train} images of digit ${digit}; ${maxPerClass} per class do not fit`, value: maxPerClass });
        if (m.testPerClass !== undefined && m.testPerClass > test) problems.push({ path: 'model.testPerClass', message: `MNIST's test set has ${test} images of digit ${digit}`, value: m.testPerClass });
      }
    } else if (m.testPerClass === undefined) {
      problems.push({ path: 'model.testPerClass', message: "required with data 'small' (only data 'full' has an official test set to use whole)" });
    } else {
      for (const digit of new Set(m.digits)) {
        const available = mnistDigitCount(digit);
        if (maxPerClass + m.testPerClass > available) {
          problems.push({ path: 'model.trainPerClass', message: `digit ${digit} has ${available} images; ${maxPerClass} train + ${m.testPerClass} test per class do not fit (data 'full' has 60 000 + 10 000)`, value: maxPerClass });
        }
      }
    }
  }
  return problems;
}
