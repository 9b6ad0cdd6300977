import type { Loss } from '../models/loss.js';
import { rngFor } from '../rng/streams.js';
import { DivergenceGuard, GUARD_MASK, type EnsembleObserver, type Schedule } from './ensemble.js';
import type { EnsembleRunOptions } from './sgd-ensemble.js';
import { effectiveLearningRate } from '../theory/noise-scale.js';
import { smeSde } from './sme-sde.js';
import { eulerMaruyama } from './integrators/euler-maruyama.js';

/**
 * The stochastic modified equation of SGD (THEORY.md §2; the SDE itself: sme-sde.ts), integrated by
 * Euler–Maruyama (integrators/euler-maruyama.ts) for an ensemble of replicas:
 *
 *   dω = −∇L(ω) dt − [order 2] (ε/4) ∇|∇L|² dt + sqrt(ε_eff c S(ω)) dW,   one SGD step = ε_eff of time,
 *
 * ε_eff = ε/(1−m) (momentum enters through the small-ε limit), c = c(N,B).
 * Solver: Euler–Maruyama, strong order 1/2, weak order 1 in the step h = ε_eff / substeps; for
 * additive noise its strong order is 1. Its stationary covariance carries an O(hλ) bias, so
 * comparisons with the OU limit need substeps with h λ_max small.
 * Each step draws the Brownian motion's unit normals z from the replica's stream
 * rngFor(seed, 'sde', cell, replica) and steps with ΔW = √h z.
 *
 * Noise: state-dependent, built without a d×d factorisation from the per-example gradients:
 * Σ_i z_i u_i with z_i ~ N(0,1) has covariance N·S(ω), so the whole increment is one
 * weighted gradient sum Σ_i w_i ∇ℓ_i with w_i = −h/N + k (z_i − z̄), k = sqrt(ε_eff c h / N):
 * O(N d) per step. For models whose S is constant (additive noise) the SDE of sme-sde.ts with a
 * precomputed Cholesky factor of ε_eff c S is stepped instead: O(d²).
 * The order-2 drift (SME-2, Li–Tai–E Thm 9) needs m = 0 and the Hessian: −(ε/2) H ∇L.
 */
export interface SdeConfig {
  lr: number;
  momentum: number;
  /** c(N,B) of the sampler being modelled */
  noiseFactor: number;
  substeps: number;
  order: 1 | 2;
  seed: number;
  cell?: number;
  /** global index of the first replica simulated here (replica blocks on worker threads); default 0 */
  firstReplica?: number;
}

interface AdditiveNoise {
  constantGradientCovariance(): Float64Array;
}

function hasAdditiveNoise(loss: Loss): loss is Loss & AdditiveNoise {
  return typeof (loss as Partial<AdditiveNoise>).constantGradientCovariance === 'function';
}

export function runSdeEnsemble(loss: Loss, cfg: SdeConfig, schedule: Schedule, observer: EnsembleObserver, opts: EnsembleRunOptions): void {
  const d = loss.dim;
  const n = loss.n;
  const lrEff = effectiveLearningRate(cfg.lr, cfg.momentum);
  const h = lrEff / cfg.substeps;
  const w = new Float64Array(d);
  const e = new Float64Array(d);
  const grad = new Float64Array(d);
  const hg = new Float64Array(d);
  const noise = new Float64Array(d);
  const guard = new DivergenceGuard('SDE', opts.divergenceLimit, opts.stabilityBound);
  const additive = hasAdditiveNoise(loss);
  const sde = additive ? smeSde(loss, cfg) : null;
  const stepper = sde ? eulerMaruyama.stepper(sde) : null;
  const z = new Float64Array(sde ? sde.brownianDim : 0);
  if (!additive && !loss.weightedGradientSum && !loss.exampleGradients) {
    throw new Error(`model ${loss.kind} gives neither per-example gradients nor a constant noise covariance: the SDE cannot be built`);
  }
  const weights = new Float64Array(n);
  const scratch = !additive && !loss.weightedGradientSum ? new Float64Array(n * d) : null;
  const k = Math.sqrt((lrEff * cfg.noiseFactor * h) / n);
  const sqrtH = Math.sqrt(h);
  let hess: Float64Array | null = null;
  if (cfg.order === 2) {
    if (!loss.hessian) throw new Error(`SME-2 needs the Hessian, which model ${loss.kind} does not provide`);
    if (cfg.momentum !== 0) throw new Error('SME-2 is defined here for m = 0 only');
  }
  const total = schedule.burnIn + schedule.steps;
  for (let r = 0; r < schedule.replicas; r++) {
    const replica = (cfg.firstReplica ?? 0) + r;
    const rng = rngFor(cfg.seed, 'sde', cfg.cell ?? 0, replica);
    w.set(opts.start);
    observer.beginReplica(r);
    for (let t = 0; t < total; t++) {
      for (let s = 0; s < cfg.substeps; s++) {
        if (stepper) {
          rng.fillNormal(z);
          stepper.step(w, (t * cfg.substeps + s) * h, h, z, sqrtH);
          continue;
        }
        if (cfg.order === 2) {
          loss.gradient(w, grad);
          hess = loss.hessian!(w);
          for (let i = 0; i < d; i++) {
            let acc = 0;
            for (let j = 0; j < d; j++) acc += hess[i * d + j] * grad[j];
            hg[i] = acc;
          }
        }
        rng.fillNormal(weights);
        let zsum = 0;
        for (let i = 0; i < n; i++) zsum += weights[i];
        const shift = -h / n - (k * zsum) / n;
        for (let i = 0; i < n; i++) weights[i] = k * weights[i] + shift;
        if (loss.weightedGradientSum) loss.weightedGradientSum(w, weights, noise);
        else weightedSumFromExamples(loss, scratch!, w, weights, noise);
        for (let j = 0; j < d; j++) w[j] += noise[j];
        if (cfg.order === 2) for (let j = 0; j < d; j++) w[j] -= 0.5 * cfg.lr * h * hg[j];
      }
      if (t >= schedule.burnIn && (t - schedule.burnIn) % schedule.thin === 0) {
        for (let j = 0; j < d; j++) e[j] = w[j] - opts.origin[j];
        observer.observe(e, Number.NaN, Number.NaN);
      }
      if ((t & GUARD_MASK) === GUARD_MASK) {
        for (let j = 0; j < d; j++) e[j] = w[j] - opts.origin[j];
        guard.check(e, t + 1, replica);
      }
    }
    for (let j = 0; j < d; j++) e[j] = w[j] - opts.origin[j];
    guard.check(e, total, replica);
    observer.endReplica(r, e);
    opts.onReplicaDone?.(r);
  }
}

function weightedSumFromExamples(loss: Loss, scratch: Float64Array, w: Float64Array, z: Float64Array, out: Float64Array): void {
  const d = loss.dim;
  loss.exampleGradients!(w, scratch);
  out.fill(0);
  for (let i = 0; i < loss.n; i++) {
    const zi = z[i];
    for (let j = 0; j < d; j++) out[j] += zi * scratch[i * d + j];
  }
}
