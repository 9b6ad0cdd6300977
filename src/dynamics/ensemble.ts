import { DivergenceError } from '../errors.js';

/**
 * What the SGD and SDE ensembles share: a schedule (burn-in, recorded steps, thinning), the
 * observer they report to, and divergence detection. Replicas run one after another, each on its
 * own random stream rngFor(seed, purpose, cell, replica), so results do not depend on how
 * replicas are split across threads.
 */
export interface Schedule {
  replicas: number;
  burnIn: number;
  steps: number;
  thin: number;
}

export interface EnsembleObserver {
  beginReplica(replica: number): void;
  /**
   * One recorded step: e = ω − origin. For SGD also the two sides of the fluctuation–dissipation
   * identity at this step: `fdrLeft` = e·∇L_B(ω), `fdrRight` = |∇L_B|² (m = 0) or |v|² (m > 0).
   */
  observe(e: Float64Array, fdrLeft: number, fdrRight: number): void;
  endReplica(replica: number, finalOffset: Float64Array): void;
}

/** Throws DivergenceError when |e|² is non-finite or beyond `limit`. Checked every few steps. */
export class DivergenceGuard {
  constructor(
    private readonly dynamics: string,
    private readonly limit: number,
    private readonly bound: string,
  ) {}
  check(e: Float64Array, step: number, replica: number): void {
    let s = 0;
    for (let j = 0; j < e.length; j++) s += e[j] * e[j];
    if (!(s <= this.limit)) throw new DivergenceError(this.dynamics, step, replica, this.bound);
  }
}

/** How often the guard looks (a power of two minus one, used as a mask). */
export const GUARD_MASK = 15;
