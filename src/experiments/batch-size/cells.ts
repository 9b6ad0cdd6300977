import { buildPotential, type PotentialLoss, type PotentialSpec } from '../../models/potential.js';
import { runSgdEnsemble } from '../../dynamics/sgd-ensemble.js';
import type { EnsembleObserver } from '../../dynamics/ensemble.js';
import type { Sampler } from '../../dynamics/samplers.js';
import { trainMlp, type MlpCellSpec, type MlpCellResult } from '../../dynamics/train-mlp.js';

/**
 * The cells of the batch-size sweep as worker tasks: plain payloads in, plain results out, every
 * random number from the seeds in the payload (so any worker can run any cell).
 */

export interface PotentialCellPayload {
  model: PotentialSpec;
  /** seed of the model's example offsets (the "data"), shared by all cells of one N */
  modelSeed: number;
  lr: number;
  momentum: number;
  batchSize: number;
  sampler: Sampler;
  burnIn: number;
  steps: number;
  thin: number;
  replicas: number;
  /** seed of this cell's SGD streams */
  seed: number;
  start: number[];
}

export interface PotentialCellResult {
  /** time- and replica-averaged test and training loss after burn-in */
  testLoss: number;
  trainLoss: number;
  /** the test-loss average over the first and second half of the recorded steps (a stationarity check) */
  firstHalf: number;
  secondHalf: number;
  /** fraction of recorded iterates outside the model's domain (the Gibbs quadrature box) */
  outside: number;
}

const modelCache = new Map<string, PotentialLoss>();

function cachedPotential(spec: PotentialSpec, seed: number): PotentialLoss {
  const key = JSON.stringify([spec, seed]);
  let model = modelCache.get(key);
  if (!model) {
    if (modelCache.size >= 16) modelCache.clear();
    model = buildPotential(spec, seed);
    modelCache.set(key, model);
  }
  return model;
}

/** Discrete SGD on the potential; averages of the test and training loss over recorded steps. */
export function potentialCell(p: PotentialCellPayload): PotentialCellResult {
  const model = cachedPotential(p.model, p.modelSeed);
  const d = model.dim;
  const test = model.testFn;
  const train = model.train.value;
  const [xlo, xhi] = model.domain[0];
  const [ylo, yhi] = d > 1 ? model.domain[1] : [-Infinity, Infinity];
  const recorded = Math.floor((p.steps - 1) / p.thin) + 1;
  const half = Math.ceil(recorded / 2);
  let count = 0, sumTest = 0, sumTrain = 0, sumFirst = 0, outside = 0;
  const observer: EnsembleObserver = {
    beginReplica() { count = 0; },
    observe(e) {
      const x = e[0];
      const y = d > 1 ? e[1] : 0;
      const t = test(x, y);
      sumTest += t;
      sumTrain += train(x, y);
      if (count < half) sumFirst += t;
      if (x < xlo || x > xhi || y < ylo || y > yhi) outside++;
      count++;
    },
    endReplica() {},
  };
  let span = 0;
  for (const [lo, hi] of model.domain) span = Math.max(span, hi - lo);
  runSgdEnsemble(
    model,
    { lr: p.lr, momentum: p.momentum, batchSize: p.batchSize, sampler: p.sampler, seed: p.seed },
    { replicas: p.replicas, burnIn: p.burnIn, steps: p.steps, thin: p.thin },
    observer,
    {
      start: Float64Array.from(p.start),
      origin: new Float64Array(d),
      divergenceLimit: 1e8 * span * span,
      stabilityBound: 'ε_eff times the largest curvature of L on the path must stay below 2(1+m)',
    },
  );
  const total = recorded * p.replicas;
  const firstCount = half * p.replicas;
  return {
    testLoss: sumTest / total,
    trainLoss: sumTrain / total,
    firstHalf: sumFirst / firstCount,
    secondHalf: (sumTest - sumFirst) / (total - firstCount),
    outside: outside / total,
  };
}

/** One network cell: train the shallow MLP and measure it (no learning curve). */
export function mlpCell(spec: MlpCellSpec): MlpCellResult {
  return trainMlp(spec);
}
