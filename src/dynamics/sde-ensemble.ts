import type { Loss } from '../models/loss.js';
import { rngFor } from '../rng/streams.js';
import { DivergenceGuard, GUARD_MASK, type EnsembleObserver, type Schedule } from './ensemble.js';
import type { EnsembleRunOptions } from './sgd-ensemble.js';
import { effectiveLearningRate } from '../dynamics/effective-learning-rate.js';
import { smeSde } from './sme-sde.js';
import { eulerMaruyama } from './integrators/euler-maruyama.js';

/**
 * An ensemble of replicas of the stochastic modified equation of SGD (docs/theory.md §2; the SDE itself,
 * its noise and its order-2 drift: sme-sde.ts), integrated by Euler–Maruyama (integrators/euler-maruyama.ts):
 *
 *   dω = −∇L(ω) dt − [order 2] (ε/4) ∇|∇L|² dt + sqrt(ε_eff c S(ω)) dW,   one SGD step = ε_eff of time,
 *
 * ε_eff = ε/(1−m) (momentum enters through the small-ε limit), c = c(N,B).
 * Solver: Euler–Maruyama, strong order 1/2, weak order 1 in the step h = ε_eff / substeps; for
 * additive noise its strong order is 1. Its stationary covariance carries an O(hλ) bias, so
 * comparisons with the OU limit need substeps with h λ_max small.
 * Each step draws the Brownian motion's unit normals z (N of them for general noise, d for
 * additive, none without noise) from the replica's stream rngFor(seed, 'sde', cell, replica) and
 * steps with ΔW = √h z. Cost per step: O(N d), one data pass, for general noise at order 1
 * (the SDE's fused form); O(d²) for additive noise. No allocation in the step loop (the SME-2 drift
 * takes the model's Hessian, which may allocate).
 */
export interface SdeConfig {
  lr: number;
  momentum: number;
  /** c(N,B) of the sampler being modelled */
  noiseFactor: number;
  substeps: number;
  /** the order of the stochastic modified equation (1: SME-1, 2: SME-2), not an integrator's order */
  smeOrder: 1 | 2;
  seed: number;
  cell?: number;
  /** global index of the first replica simulated here (replica blocks on worker threads); default 0 */
  firstReplica?: number;
}

export function runSdeEnsemble(loss: Loss, cfg: SdeConfig, schedule: Schedule, observer: EnsembleObserver, opts: EnsembleRunOptions): void {
  const d = loss.dim;
  const h = effectiveLearningRate(cfg.lr, cfg.momentum) / cfg.substeps;
  const sqrtH = Math.sqrt(h);
  const sde = smeSde(loss, cfg);
  const stepper = eulerMaruyama.stepper(sde);
  const z = new Float64Array(sde.brownianDim);
  const w = new Float64Array(d);
  const e = new Float64Array(d);
  const guard = new DivergenceGuard('SDE', opts.divergenceLimit, opts.stabilityBound);
  const total = schedule.burnIn + schedule.steps;
  for (let r = 0; r < schedule.replicas; r++) {
    const replica = (cfg.firstReplica ?? 0) + r;
    const rng = rngFor(cfg.seed, 'sde', cfg.cell ?? 0, replica);
    w.set(opts.start);
    observer.beginReplica(r);
    for (let t = 0; t < total; t++) {
      for (let s = 0; s < cfg.substeps; s++) {
        rng.fillNormal(z);
        stepper.step(w, (t * cfg.substeps + s) * h, h, z, sqrtH);
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
