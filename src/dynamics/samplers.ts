import type { Rng } from '../rng/xoshiro.js';

/** Markov samplers have an exact noise factor; epoch-shuffle is not Markov (docs/theory.md §2). */
export type Sampler = 'with-replacement' | 'without-replacement' | 'epoch-shuffle';

/**
 * c(N,B): the covariance of the minibatch-mean gradient is c·S (S the per-example gradient
 * covariance with 1/N normalisation). With replacement 1/B; a uniform B-subset (N−B)/(B(N−1)).
 * epoch-shuffle uses the without-replacement value as an approximation (batches within an epoch
 * are anti-correlated, so no exact stationary theory applies).
 */
export function noiseFactor(n: number, b: number, sampler: Sampler): number {
  if (sampler === 'with-replacement') return 1 / b;
  if (n === 1) return 0;
  return (n - b) / (b * (n - 1));
}

/** Whether `noiseFactor` is exact for this sampler. */
export function isExactSampler(sampler: Sampler): boolean {
  return sampler !== 'epoch-shuffle';
}

/**
 * Minibatch index samplers, one per replica, filling a preallocated Int32Array (no allocation per
 * step). Their noise factors c(N,B): noiseFactor above.
 */
export interface BatchSampler {
  /** write B indices into `out[0..B)` */
  next(out: Int32Array): void;
}

/** B i.i.d. uniform indices (duplicates possible): Markov, c = 1/B. */
class WithReplacement implements BatchSampler {
  constructor(private readonly n: number, private readonly b: number, private readonly rng: Rng) {}
  next(out: Int32Array): void {
    for (let k = 0; k < this.b; k++) out[k] = this.rng.int(this.n);
  }
}

/**
 * A uniform random B-subset every step: B steps of a partial Fisher–Yates shuffle on a persistent
 * permutation. Whatever order the permutation is left in, the first B entries after the partial
 * shuffle are a uniform B-subset, so no reset is needed: O(B) per step. Markov, c = (N−B)/(B(N−1)).
 */
class WithoutReplacement implements BatchSampler {
  private readonly perm: Int32Array;
  constructor(private readonly n: number, private readonly b: number, private readonly rng: Rng) {
    this.perm = Int32Array.from({ length: n }, (_, i) => i);
  }
  next(out: Int32Array): void {
    const p = this.perm;
    const n = this.n;
    for (let k = 0; k < this.b; k++) {
      const j = k + this.rng.int(n - k);
      const t = p[k]; p[k] = p[j]; p[j] = t;
      out[k] = p[k];
    }
  }
}

/**
 * Reshuffle once per epoch and take consecutive batches; a remainder smaller than B is dropped and
 * a new epoch begins. Not Markov (batches within an epoch are anti-correlated): no exact theory.
 */
class EpochShuffle implements BatchSampler {
  private readonly perm: Int32Array;
  private pos: number;
  constructor(private readonly n: number, private readonly b: number, private readonly rng: Rng) {
    this.perm = Int32Array.from({ length: n }, (_, i) => i);
    this.pos = n; // forces a shuffle on the first call
  }
  next(out: Int32Array): void {
    const p = this.perm;
    if (this.pos + this.b > this.n) {
      for (let i = this.n - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        const t = p[i]; p[i] = p[j]; p[j] = t;
      }
      this.pos = 0;
    }
    for (let k = 0; k < this.b; k++) out[k] = p[this.pos + k];
    this.pos += this.b;
  }
}

export function createSampler(kind: Sampler, n: number, b: number, rng: Rng): BatchSampler {
  if (!(b >= 1 && b <= n)) throw new RangeError(`batch size ${b} must be in [1, N = ${n}]`);
  switch (kind) {
    case 'with-replacement': return new WithReplacement(n, b, rng);
    case 'without-replacement': return new WithoutReplacement(n, b, rng);
    case 'epoch-shuffle': return new EpochShuffle(n, b, rng);
  }
}
