import type { Loss } from '../models/loss.js';
import type { Sampler } from '../dynamics/samplers.js';
import { rngFor } from '../rng/streams.js';
import { createSampler } from './samplers.js';
import { DivergenceError } from '../errors.js';
import { constantNoiseGradientSde } from './sme-sde.js';
import { eulerMaruyama } from './integrators/euler-maruyama.js';

/**
 * First-passage times of independent replicas (the escape experiment, docs/theory.md §8): each replica
 * starts at `start` and runs until coordinate `coordinate` of ω crosses `exit` (moving in the
 * direction from start to exit) or until the horizon, where it is censored. Times are in SDE units
 * (one SGD step is dt = ε; one SDE step is dt = h), so SGD and SDE escape times compare directly.
 *
 * - SGD: ω ← ω − ε ∇L_B(ω), minibatches from the model's real examples (any Loss, any sampler).
 * - SDE: Euler–Maruyama (integrators/euler-maruyama.ts) of dω = −∇L dt + C dW with a constant noise
 *   factor C, C Cᵀ = ε c(N,B) S (sme-sde.ts; the diffusion per unit time of docs/theory.md §2; exact for
 *   state-independent S, e.g. `potential`), ΔW = √h z with unit normals z.
 * Every replica's stream is rngFor(seed, 'escape-sgd' | 'escape-sde', cell, replica): results do
 * not depend on how replicas are split over workers. No allocation inside the step loop.
 */
export interface FirstPassageTarget {
  start: Float64Array;
  /** index of the coordinate that must cross `exit` */
  coordinate: number;
  exit: number;
  /** SDE time after which a replica is censored */
  horizon: number;
  /** |ω| beyond this is divergence */
  divergenceLimit: number;
  stabilityBound: string;
}

export interface FirstPassageRun {
  /** escape time, or the horizon when censored (SDE time units) */
  times: Float64Array;
  /** 1 escaped, 0 censored */
  escaped: Uint8Array;
  steps: number;
}

export interface SgdPassageConfig {
  lr: number;
  batchSize: number;
  sampler: Sampler;
  seed: number;
  cell: number;
  replicas: number;
  firstReplica?: number;
}

export function sgdFirstPassage(loss: Loss, cfg: SgdPassageConfig, target: FirstPassageTarget): FirstPassageRun {
  const d = loss.dim;
  const { lr, batchSize: b } = cfg;
  const w = new Float64Array(d);
  const g = new Float64Array(d);
  const idx = new Int32Array(b);
  const maxSteps = Math.ceil(target.horizon / lr);
  const direction = target.exit >= target.start[target.coordinate] ? 1 : -1;
  const c = target.coordinate;
  const exit = target.exit;
  const limit = target.divergenceLimit;
  const times = new Float64Array(cfg.replicas);
  const escaped = new Uint8Array(cfg.replicas);
  let totalSteps = 0;
  for (let r = 0; r < cfg.replicas; r++) {
    const replica = (cfg.firstReplica ?? 0) + r;
    const sampler = createSampler(cfg.sampler, loss.n, b, rngFor(cfg.seed, 'escape-sgd', cfg.cell, replica));
    w.set(target.start);
    let t = 0;
    for (; t < maxSteps; t++) {
      sampler.next(idx);
      loss.batchGradient(w, idx, b, g);
      for (let j = 0; j < d; j++) w[j] -= lr * g[j];
      const x = w[c];
      if (direction * (x - exit) >= 0) break;
      if (!(Math.abs(x) < limit)) throw new DivergenceError('SGD', t + 1, replica, target.stabilityBound);
    }
    if (t < maxSteps) {
      times[r] = (t + 1) * lr;
      escaped[r] = 1;
      totalSteps += t + 1;
    } else {
      times[r] = maxSteps * lr;
      totalSteps += maxSteps;
    }
  }
  return { times, escaped, steps: totalSteps };
}

export interface SdePassageConfig {
  /** Euler–Maruyama step h */
  step: number;
  /** C (d×d, row-major, lower triangular): the noise per unit time is C dW */
  noiseFactor: Float64Array;
  seed: number;
  cell: number;
  replicas: number;
  firstReplica?: number;
}

export function sdeFirstPassage(loss: Loss, cfg: SdePassageConfig, target: FirstPassageTarget): FirstPassageRun {
  const d = loss.dim;
  const h = cfg.step;
  const sq = Math.sqrt(h);
  const w = new Float64Array(d);
  const z = new Float64Array(d);
  const stepper = eulerMaruyama.stepper(constantNoiseGradientSde(loss, cfg.noiseFactor));
  const maxSteps = Math.ceil(target.horizon / h);
  const direction = target.exit >= target.start[target.coordinate] ? 1 : -1;
  const c = target.coordinate;
  const exit = target.exit;
  const limit = target.divergenceLimit;
  const times = new Float64Array(cfg.replicas);
  const escaped = new Uint8Array(cfg.replicas);
  let totalSteps = 0;
  for (let r = 0; r < cfg.replicas; r++) {
    const replica = (cfg.firstReplica ?? 0) + r;
    const rng = rngFor(cfg.seed, 'escape-sde', cfg.cell, replica);
    w.set(target.start);
    let t = 0;
    for (; t < maxSteps; t++) {
      rng.fillNormal(z);
      stepper.step(w, t * h, h, z, sq);
      const x = w[c];
      if (direction * (x - exit) >= 0) break;
      if (!(Math.abs(x) < limit)) throw new DivergenceError('SDE', t + 1, replica, target.stabilityBound);
    }
    if (t < maxSteps) {
      times[r] = (t + 1) * h;
      escaped[r] = 1;
      totalSteps += t + 1;
    } else {
      times[r] = maxSteps * h;
      totalSteps += maxSteps;
    }
  }
  return { times, escaped, steps: totalSteps };
}
