import type { Loss } from '../models/loss.js';
import type { Sampler } from '../dynamics/samplers.js';
import { rngFor } from '../rng/streams.js';
import { createSampler } from './samplers.js';
import { DivergenceGuard, GUARD_MASK, type EnsembleObserver, type Schedule } from './ensemble.js';

/**
 * Discrete minibatch SGD with heavy-ball momentum (docs/theory.md §1, PyTorch convention):
 *   v ← m v − ε ∇L_B(ω),  ω ← ω + v
 * for an ensemble of independent replicas. No allocation inside the step loop.
 */
export interface SgdConfig {
  lr: number;
  momentum: number;
  batchSize: number;
  sampler: Sampler;
  seed: number;
  /** sweep cell index, part of every replica's stream key */
  cell?: number;
  /** global index of the first replica simulated here (replica blocks on worker threads); default 0 */
  firstReplica?: number;
}

export interface EnsembleRunOptions {
  /** starting point of every replica */
  start: Float64Array;
  /** offsets e = ω − origin are reported (the minimum, where known) */
  origin: Float64Array;
  /** |e|² beyond this is divergence */
  divergenceLimit: number;
  /** text naming the stability bound, for the divergence message */
  stabilityBound: string;
  onReplicaDone?: (replica: number) => void;
}

export function runSgdEnsemble(loss: Loss, cfg: SgdConfig, schedule: Schedule, observer: EnsembleObserver, opts: EnsembleRunOptions): void {
  const d = loss.dim;
  const { lr, momentum: m, batchSize: b } = cfg;
  const w = new Float64Array(d);
  const v = new Float64Array(d);
  const g = new Float64Array(d);
  const e = new Float64Array(d);
  const idx = new Int32Array(b);
  const origin = opts.origin;
  const guard = new DivergenceGuard('SGD', opts.divergenceLimit, opts.stabilityBound);
  const total = schedule.burnIn + schedule.steps;
  for (let r = 0; r < schedule.replicas; r++) {
    const replica = (cfg.firstReplica ?? 0) + r;
    const rng = rngFor(cfg.seed, 'sgd', cfg.cell ?? 0, replica);
    const sampler = createSampler(cfg.sampler, loss.n, b, rng);
    w.set(opts.start);
    v.fill(0);
    observer.beginReplica(r);
    for (let t = 0; t < total; t++) {
      sampler.next(idx);
      loss.batchGradient(w, idx, b, g);
      const record = t >= schedule.burnIn && (t - schedule.burnIn) % schedule.thin === 0;
      let left = 0;
      let right = 0;
      if (record) {
        for (let j = 0; j < d; j++) {
          e[j] = w[j] - origin[j];
          left += e[j] * g[j];
        }
      }
      if (m === 0) {
        for (let j = 0; j < d; j++) {
          right += g[j] * g[j];
          w[j] -= lr * g[j];
        }
      } else {
        for (let j = 0; j < d; j++) {
          const vj = m * v[j] - lr * g[j];
          v[j] = vj;
          right += vj * vj;
          w[j] += vj;
        }
      }
      if (record) observer.observe(e, left, right);
      if ((t & GUARD_MASK) === GUARD_MASK) {
        for (let j = 0; j < d; j++) e[j] = w[j] - origin[j];
        guard.check(e, t + 1, replica);
      }
    }
    for (let j = 0; j < d; j++) e[j] = w[j] - origin[j];
    guard.check(e, total, replica);
    observer.endReplica(r, e);
    opts.onReplicaDone?.(r);
  }
}
