import { rngFor } from '../rng/streams.js';
import { DiagonalOuExact } from './ou-exact.js';

/**
 * SGD with batch size 1 on an infinite-data model with Gaussian examples γ ~ N(0, I), coupled to
 * linear SDEs through one Brownian path: the k-th step's example is γ_k = ΔW_k / √ε, where ΔW_k is
 * the Brownian increment over the SDE time [kε, (k+1)ε]. Each SDE dX = −a⊙X dt + b⊙dW is advanced
 * exactly over the same interval by DiagonalOuExact (exact in law, so E f(X_T) is unbiased for any
 * coupling); the coupling only shrinks the variance of f(x_K) − f(X_K), which is what makes weak
 * errors of order ε² measurable by Monte Carlo. The covariance of that difference with f(x_K) is
 * returned too, so a caller who knows E f(x_K) exactly can use f(x_K) as a control variate.
 *
 * Paths run one after another in blocks of PATH_BLOCK, block k on stream
 * rngFor(seed, 'sgd-sme', cell, k) (a stream per path would cost more to seed than a short path
 * costs to run); results do not depend on threads. No allocation inside the step loop.
 */
export const PATH_BLOCK = 1024;

export interface GaussianExampleModel {
  readonly dim: number;
  loss(x: Float64Array): number;
  /** ∇ℓ_γ(x) into `out` */
  sampleGradient(x: Float64Array, gamma: Float64Array, out: Float64Array): void;
}

/** An OU SDE dX = −a⊙X dt + b⊙dW to couple with SGD. */
export interface CoupledSde {
  a: Float64Array;
  b: Float64Array;
}

export interface CouplingConfig {
  lr: number;
  steps: number;
  paths: number;
  seed: number;
  cell: number;
}

export interface MeanWithError { mean: number; stdError: number }

export interface CouplingResult {
  paths: number;
  steps: number;
  /** L(x_K) of SGD */
  sgd: MeanWithError;
  /** variance of L(x_K) over paths */
  sgdVariance: number;
  /**
   * per SDE: L(X_T); the paired difference D = L(x_K) − L(X_T), its variance and its covariance
   * with L(x_K)
   */
  sde: { loss: MeanWithError; difference: MeanWithError; differenceVariance: number; differenceSgdCovariance: number }[];
}

/** Streaming covariance of (a, b) (Welford's co-moment update: no cancellation for small spreads). */
class CoMoments {
  private n = 0;
  private meanA = 0;
  private meanB = 0;
  private c = 0;
  add(a: number, b: number): void {
    this.n++;
    const da = a - this.meanA;
    this.meanA += da / this.n;
    this.meanB += (b - this.meanB) / this.n;
    this.c += da * (b - this.meanB);
  }
  covariance(): number {
    return this.c / (this.n - 1);
  }
}

class Accumulator {
  private sum = 0;
  private sumSq = 0;
  private count = 0;
  add(v: number): void {
    this.sum += v;
    this.sumSq += v * v;
    this.count++;
  }
  result(): MeanWithError {
    const n = this.count;
    const mean = this.sum / n;
    const variance = Math.max(0, (this.sumSq - n * mean * mean) / (n - 1));
    return { mean, stdError: Math.sqrt(variance / n) };
  }
}

export function runCoupledSgdSme(model: GaussianExampleModel, start: Float64Array, sdes: CoupledSde[], cfg: CouplingConfig): CouplingResult {
  const d = model.dim;
  const lr = cfg.lr;
  const steps = cfg.steps;
  const steppers = sdes.map((s) => new DiagonalOuExact(s.a, s.b, lr));
  const x = new Float64Array(d);
  const xs = sdes.map(() => new Float64Array(d));
  const grad = new Float64Array(d);
  const gamma = new Float64Array(d);
  // all of a path's normals at once: z (the examples γ_k = ΔW_k/√ε) and r (the SDEs' own part)
  const z = new Float64Array(steps * d);
  const r = new Float64Array(steps * d);
  const sgdAcc = new Accumulator();
  const lossAcc = sdes.map(() => new Accumulator());
  const diffAcc = sdes.map(() => new Accumulator());
  const sgdVar = new CoMoments();
  const diffVar = sdes.map(() => new CoMoments());
  const cross = sdes.map(() => new CoMoments());
  const m = sdes.length;
  let rng = rngFor(cfg.seed, 'sgd-sme', cfg.cell, 0);
  for (let p = 0; p < cfg.paths; p++) {
    if (p % PATH_BLOCK === 0) rng = rngFor(cfg.seed, 'sgd-sme', cfg.cell, p / PATH_BLOCK);
    rng.fillNormal(z);
    rng.fillNormal(r);
    x.set(start);
    for (let j = 0; j < m; j++) xs[j].set(start);
    for (let k = 0, o = 0; k < steps; k++, o += d) {
      for (let i = 0; i < d; i++) gamma[i] = z[o + i];
      model.sampleGradient(x, gamma, grad);
      for (let i = 0; i < d; i++) x[i] -= lr * grad[i];
      for (let j = 0; j < m; j++) steppers[j].step(xs[j], z, r, o);
    }
    const ls = model.loss(x);
    if (!Number.isFinite(ls)) throw new RangeError(`SGD left the finite range on path ${p} (ε λ_max must be < 2)`);
    sgdAcc.add(ls);
    sgdVar.add(ls, ls);
    for (let j = 0; j < m; j++) {
      const le = model.loss(xs[j]);
      lossAcc[j].add(le);
      diffAcc[j].add(ls - le);
      diffVar[j].add(ls - le, ls - le);
      cross[j].add(ls - le, ls);
    }
  }
  return {
    paths: cfg.paths,
    steps,
    sgd: sgdAcc.result(),
    sgdVariance: sgdVar.covariance(),
    sde: sdes.map((_, j) => ({
      loss: lossAcc[j].result(),
      difference: diffAcc[j].result(),
      differenceVariance: diffVar[j].covariance(),
      differenceSgdCovariance: cross[j].covariance(),
    })),
  };
}
