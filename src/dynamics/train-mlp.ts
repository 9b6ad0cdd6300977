import type { Dataset } from '../data/dataset.js';
import { mnistSplit } from '../data/mnist.js';
import { mnistFullSplit } from '../data/mnist-full.js';
import { centrePixels } from '../data/centre.js';
import { Mlp, type MlpInit } from '../models/mlp.js';
import { heavyBallF32 } from '../linalg/vector-f32.js';
import { rngFor } from '../rng/streams.js';
import type { Sampler } from '../dynamics/samplers.js';
import { createSampler } from './samplers.js';

/**
 * One cell of the optimum-batch-size sweep (docs/theory.md §7, Smith & Le §4–5): train the shallow ReLU
 * network on an MNIST split with minibatch SGD and heavy-ball momentum, then measure it. A pure
 * function of the spec, so a worker can run any cell in any order.
 */
export interface MlpCellSpec {
  hidden: number;
  /** MNIST digits used as classes, labelled by position; default 0..9 */
  digits?: number[];
  trainPerClass: number;
  /** test images per class; with data 'full', undefined means the whole 10 000-image test set */
  testPerClass?: number;
  /**
   * 'small' (default): train and test drawn from the `mnist` package's pool of about 1000 images per
   * digit; 'full': train from MNIST's 60 000 training images, test from its 10 000 test images
   */
  data?: 'small' | 'full';
  /** initialisation scheme (default 'he', see Mlp.init) */
  init?: MlpInit;
  /** 'unit' (default): pixels in [0, 1]; 'centred': minus the training set's mean image (train and test) */
  pixels?: 'unit' | 'centred';
  /** seed of the train/test split */
  dataSeed: number;
  lr: number;
  momentum: number;
  batchSize: number;
  steps: number;
  /** summed-convention L2 coefficient λ (0 = none): the mean-loss gradient gets (λ/N) ω */
  lambda: number;
  sampler: Sampler;
  /** seed of the initialisation (stream 'mlp-init') and of the minibatches (stream 'mlp-batches') */
  seed: number;
  /** record a learning curve every this many steps (full training loss, test accuracy and cross-entropy) */
  evalEvery?: number;
  /**
   * threads for the first layer's products (default 1); results are bit-identical for any count.
   * For one big cell on an idle machine; a sweep should run one single-threaded cell per core.
   */
  threads?: number;
}

/**
 * Losses are mean cross-entropies without the L2 term; accuracies are fractions in [0, 1]. When the
 * run diverged (a non-finite minibatch loss, or non-finite final losses) the four metrics are NaN
 * (JSON turns them into null) and `divergedAtStep` is the 0-based step whose loss was not finite
 * (= steps when only the final evaluation was).
 */
export interface MlpCellResult {
  testAccuracy: number;
  testLoss: number;
  trainAccuracy: number;
  trainLoss: number;
  diverged: boolean;
  divergedAtStep?: number;
  curve?: { step: number; trainLoss: number; testAccuracy: number; testLoss: number }[];
}

export interface MlpSgdOptions {
  lr: number;
  momentum: number;
  batchSize: number;
  steps: number;
  sampler: Sampler;
  seed: number;
}

export interface MlpSgdHooks {
  /** call `observe(t)` before step t when t is a multiple of `every`, and after the last step */
  every?: number;
  observe?: (step: number) => void;
  /** the momentum buffer (from model.newVector()), to continue a run; default a fresh zero one */
  velocity?: Float32Array;
}

/**
 * `steps` steps of v ← m v − ε ∇L_B(ω), ω ← ω + v (docs/theory.md §1, PyTorch SGD with dampening 0) from
 * the model's current parameters. Minibatches come from the stream rngFor(seed, 'mlp-batches').
 * Stops at the first non-finite minibatch loss and returns its step; otherwise returns undefined.
 * No allocation inside the loop.
 */
export function runMlpSgd(model: Mlp, opts: MlpSgdOptions, hooks: MlpSgdHooks = {}): number | undefined {
  const { lr, momentum, batchSize, steps } = opts;
  const { every = 0, observe } = hooks;
  const sampler = createSampler(opts.sampler, model.n, batchSize, rngFor(opts.seed, 'mlp-batches'));
  const batch = new Int32Array(batchSize);
  const velocity = hooks.velocity ?? model.newVector();
  for (let t = 0; t < steps; t++) {
    if (observe && every > 0 && t % every === 0) observe(t);
    sampler.next(batch);
    const loss = model.batchGradient(batch, batchSize);
    if (!Number.isFinite(loss)) return t;
    heavyBallF32(model.params, velocity, model.grad, momentum, lr);
  }
  if (observe && every > 0) observe(steps);
  return undefined;
}

function checkSpec(spec: MlpCellSpec): void {
  const bad: string[] = [];
  const posInt = (name: keyof MlpCellSpec) => {
    const v = spec[name];
    if (!(Number.isInteger(v) && (v as number) >= 1)) bad.push(`${name} must be a positive integer (got ${String(v)})`);
  };
  posInt('hidden'); posInt('trainPerClass'); posInt('batchSize');
  if (spec.testPerClass === undefined ? spec.data !== 'full' : !(Number.isInteger(spec.testPerClass) && spec.testPerClass >= 0)) bad.push(`testPerClass must be an integer ≥ 0 (got ${spec.testPerClass}; only data 'full' may leave it out)`);
  if (spec.data !== undefined && spec.data !== 'small' && spec.data !== 'full') bad.push(`data must be 'small' or 'full' (got ${String(spec.data)})`);
  if (spec.init !== undefined && !['he', 'glorot', 'lecun-uniform'].includes(spec.init)) bad.push(`init must be 'he', 'glorot' or 'lecun-uniform' (got ${String(spec.init)})`);
  if (spec.pixels !== undefined && spec.pixels !== 'unit' && spec.pixels !== 'centred') bad.push(`pixels must be 'unit' or 'centred' (got ${String(spec.pixels)})`);
  if (!(Number.isInteger(spec.steps) && spec.steps >= 0)) bad.push(`steps must be an integer ≥ 0 (got ${spec.steps})`);
  if (!(spec.lr > 0 && Number.isFinite(spec.lr))) bad.push(`lr must be finite and > 0 (got ${spec.lr})`);
  if (!(spec.momentum >= 0 && spec.momentum < 1)) bad.push(`momentum must be in [0, 1) (got ${spec.momentum})`);
  if (!(spec.lambda >= 0 && Number.isFinite(spec.lambda))) bad.push(`lambda must be finite and ≥ 0 (got ${spec.lambda})`);
  if (spec.evalEvery !== undefined && !(Number.isInteger(spec.evalEvery) && spec.evalEvery >= 1)) bad.push(`evalEvery must be a positive integer (got ${spec.evalEvery})`);
  if (spec.threads !== undefined && !(Number.isInteger(spec.threads) && spec.threads >= 1)) bad.push(`threads must be a positive integer (got ${spec.threads})`);
  if (spec.digits !== undefined && (spec.digits.length < 2 || new Set(spec.digits).size !== spec.digits.length)) bad.push('digits must list at least 2 distinct digits');
  if (bad.length) throw new RangeError(`invalid MLP cell: ${bad.join('; ')}`);
}

export function trainMlp(spec: MlpCellSpec): MlpCellResult {
  checkSpec(spec);
  const digits = spec.digits ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const split = spec.data === 'full'
    ? mnistFullSplit({ digits, trainPerClass: spec.trainPerClass, testPerClass: spec.testPerClass, seed: spec.dataSeed })
    : mnistSplit({ digits, trainPerClass: spec.trainPerClass, testPerClass: spec.testPerClass as number, seed: spec.dataSeed });
  const { train, test } = spec.pixels === 'centred' ? centrePixels(split.train, split.test) : split;
  if (spec.batchSize > train.n) {
    throw new RangeError(`invalid MLP cell: batchSize ${spec.batchSize} exceeds the ${train.n} training examples`);
  }
  const model = new Mlp({ hidden: spec.hidden, train, classes: digits.length, maxBatch: spec.batchSize, lambda: spec.lambda, threads: spec.threads });
  try {
    return trainModel(model, spec, train, test);
  } finally {
    model.close();
  }
}

function trainModel(model: Mlp, spec: MlpCellSpec, train: Dataset, test: Dataset): MlpCellResult {
  model.init(spec.seed, spec.init);

  const curve: NonNullable<MlpCellResult['curve']> = [];
  const observe = (step: number) => {
    const te = test.n > 0 ? model.evaluate(test) : { accuracy: NaN, loss: NaN };
    curve.push({ step, trainLoss: model.evaluate(train).loss, testAccuracy: te.accuracy, testLoss: te.loss });
  };
  const failedAt = runMlpSgd(model, spec, { every: spec.evalEvery ?? 0, observe });

  const tr = model.evaluate(train);
  const te = test.n > 0 ? model.evaluate(test) : { accuracy: NaN, loss: NaN };
  const divergedAtStep = failedAt ?? (Number.isFinite(tr.loss) && (test.n === 0 || Number.isFinite(te.loss)) ? undefined : spec.steps);
  const result: MlpCellResult = divergedAtStep === undefined
    ? { testAccuracy: te.accuracy, testLoss: te.loss, trainAccuracy: tr.accuracy, trainLoss: tr.loss, diverged: false }
    : { testAccuracy: NaN, testLoss: NaN, trainAccuracy: NaN, trainLoss: NaN, diverged: true, divergedAtStep };
  if (spec.evalEvery) result.curve = curve;
  return result;
}
