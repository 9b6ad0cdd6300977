import type { OnlineLoss } from '../models/online-loss.js';
import { rngFor } from '../rng/streams.js';
import type { Rng } from '../rng/xoshiro.js';
import { DivergenceError } from '../errors.js';
import { crossingWindow, fitCrossing } from '../stats/crossing-fit.js';

/**
 * An ensemble of R independent heavy-ball runs (m = 0: plain SGD; docs/theory.md §1) on an online
 * model, stepped in lockstep so that the ensemble's mean loss is known at every step, until it
 * reaches a target. The batch noise is drawn directly: each step of replica r adds (C/B)^{1/2} z
 * with z ~ N(0, I) from its own stream rngFor(seed, 'nqm', cell, r) (a random start draws from
 * ('nqm-start', cell, r)), so results do not depend on how cells are spread over workers.
 * Per step and replica O(d) work on typed arrays, no allocation (the recorded curves grow by
 * doubling).
 *
 * Steps to the target, two definitions (docs/theory.md §9):
 * - 'expected' (the NQM's and McCandlish et al.'s): the first step t at which the ensemble-mean
 *   loss L̄_t ≤ target (`steps`); `fractional` is where a line in t fitted to ln L̄ over the steps
 *   t ± w, w = max(2, ⌈t/20⌉), reaches ln target (stats/crossing-fit.ts; the run continues w steps
 *   past the crossing for it): the raw first crossing of a noisy mean is biased early, since it
 *   picks the first downward fluctuation; the fit averages the noise of 2w + 1 steps. The closed
 *   form reads its exact E L_t the same way (theory/nqm-steps.ts, windowedCrossing): where ln E L
 *   is curved or oscillates (heavy ball near the stability edge) the window's reading differs from
 *   an interpolation between two steps by more than this standard error. Its standard error by the
 *   jackknife over runs (the same reading of the mean of the other R − 1 runs, for each run left
 *   out): it takes in the window fit and the choice of the first step below the target, which a
 *   delta method at one step (sd(L_t)/√R / |dL̄/dt|) leaves out, and which made that one too small
 *   by up to 2× on 8 runs of the NQM;
 * - 'per-run': the mean over replicas of each run's own first step with L ≤ target, with the
 *   standard error of a mean. Runs arrive through downward fluctuations, so at small B (stationary
 *   loss near the target) it is far below the expected-loss count.
 * Along the way: the ensemble's noise scale at every step (docs/theory.md §9 with the ensemble's
 * moments), B_noise = tr(HC)/E[GᵀHG] and B_simple = tr C/E|G|², G = Hx, and the step-average of
 * B_noise from the start to the crossing.
 */
export interface NqmEnsembleConfig {
  lr: number;
  momentum: number;
  batchSize: number;
  replicas: number;
  maxSteps: number;
  /** the excess loss to reach (the minimum is 0) */
  target: number;
  /** every run from the same point, or each from x_i ~ N(0, variance_i) of its own */
  start: { point: Float64Array } | { variance: Float64Array };
  definition: 'expected' | 'per-run';
  seed: number;
  cell: number;
  /** give up (reached = 0) once the count exceeds this: a search's candidate that cannot win */
  stopAfter?: number;
  /** also report the ensemble's noise scale at this step (simulating at least that far) */
  probeStep?: number;
}

export interface EnsembleNoiseScale {
  step: number;
  bNoise: number;
  bNoiseStdError: number;
  bSimple: number;
  bSimpleStdError: number;
}

export interface NqmEnsembleSteps {
  definition: 'expected' | 'per-run';
  replicas: number;
  /** runs that reached the target ('expected': R when the mean did, else 0) */
  reached: number;
  /** 'expected': the first step with L̄ ≤ target; 'per-run': the mean first hitting step */
  steps: number;
  /** 'expected': interpolated crossing; 'per-run': same as steps */
  fractional: number;
  stdError: number;
  /** the ensemble's noise scale at the step where its mean loss first reached the target */
  atTarget: EnsembleNoiseScale | null;
  /** step-average of the ensemble's B_noise over steps 0 … crossing − 1 */
  pathMeanBNoise: number | null;
  /** the ensemble's noise scale at config.probeStep (null when not asked for) */
  atProbe: EnsembleNoiseScale | null;
  /** steps simulated */
  simulated: number;
}

/** Per-step ensemble statistics, growing by doubling. */
class Curves {
  meanLoss = new Float64Array(1024);
  varLoss = new Float64Array(1024);
  meanG2 = new Float64Array(1024);
  varG2 = new Float64Array(1024);
  meanG3 = new Float64Array(1024);
  varG3 = new Float64Array(1024);
  record(t: number, values: [number, number, number, number, number, number]): void {
    if (t >= this.meanLoss.length) {
      const grow = (a: Float64Array) => { const b = new Float64Array(a.length * 2); b.set(a); return b; };
      this.meanLoss = grow(this.meanLoss); this.varLoss = grow(this.varLoss);
      this.meanG2 = grow(this.meanG2); this.varG2 = grow(this.varG2);
      this.meanG3 = grow(this.meanG3); this.varG3 = grow(this.varG3);
    }
    [this.meanLoss[t], this.varLoss[t], this.meanG2[t], this.varG2[t], this.meanG3[t], this.varG3[t]] = values;
  }
}

export class NqmEnsemble {
  readonly curves = new Curves();
  private readonly x: Float64Array;
  private readonly v: Float64Array;
  private readonly z: Float64Array;
  private readonly rngs: Rng[];
  private readonly sd: Float64Array;
  private readonly h2: Float64Array;
  private readonly h3: Float64Array;
  private readonly perLoss: Float64Array;
  private readonly perG2: Float64Array;
  private readonly perG3: Float64Array;
  readonly traceC: number;
  readonly traceHC: number;
  step = 0;

  constructor(private readonly model: OnlineLoss, private readonly cfg: NqmEnsembleConfig) {
    const { dim: d } = model;
    const r = cfg.replicas;
    if (!(r >= 2)) throw new RangeError(`an ensemble needs at least 2 replicas (got ${r})`);
    this.x = new Float64Array(r * d);
    this.v = new Float64Array(cfg.momentum > 0 ? r * d : 0);
    this.z = new Float64Array(d);
    this.rngs = Array.from({ length: r }, (_, k) => rngFor(cfg.seed, 'nqm', cfg.cell, k));
    const h = model.curvature, c = model.noiseVariance;
    this.sd = Float64Array.from(c, (ci) => Math.sqrt(ci / cfg.batchSize));
    this.h2 = Float64Array.from(h, (hi) => hi * hi);
    this.h3 = Float64Array.from(h, (hi) => hi * hi * hi);
    this.traceC = c.reduce((a, b) => a + b, 0);
    this.traceHC = h.reduce((a, hi, i) => a + hi * c[i], 0);
    this.perLoss = new Float64Array(r);
    this.perG2 = new Float64Array(r);
    this.perG3 = new Float64Array(r);
    const start = cfg.start;
    for (let k = 0; k < r; k++) {
      const row = this.x.subarray(k * d, (k + 1) * d);
      if ('point' in start) row.set(start.point);
      else {
        rngFor(cfg.seed, 'nqm-start', cfg.cell, k).fillNormal(row);
        for (let i = 0; i < d; i++) row[i] *= Math.sqrt(start.variance[i]);
      }
    }
    this.measure();
  }

  /** Per-replica L, |G|², GᵀHG at the current step, and their ensemble mean and variance recorded. */
  private measure(): void {
    const { x, h2, h3, perLoss, perG2, perG3 } = this;
    const h = this.model.curvature;
    const d = this.model.dim, r = this.cfg.replicas;
    for (let k = 0; k < r; k++) {
      let l = 0, g2 = 0, g3 = 0;
      const off = k * d;
      for (let i = 0; i < d; i++) {
        const xx = x[off + i] * x[off + i];
        l += h[i] * xx;
        g2 += h2[i] * xx;
        g3 += h3[i] * xx;
      }
      perLoss[k] = 0.5 * l; perG2[k] = g2; perG3[k] = g3;
    }
    const [ml, vl] = meanVar(perLoss), [m2, v2] = meanVar(perG2), [m3, v3] = meanVar(perG3);
    if (!Number.isFinite(ml) || ml > 1e150) throw new DivergenceError('NQM heavy ball', this.step, 0, `ε h_max < 2(1 + m) (ε = ${this.cfg.lr}, m = ${this.cfg.momentum})`);
    this.curves.record(this.step, [ml, vl, m2, v2, m3, v3]);
  }

  /** One step of every replica. */
  advance(): void {
    const { x, v, z, sd, rngs } = this;
    const h = this.model.curvature;
    const d = this.model.dim, r = this.cfg.replicas;
    const lr = this.cfg.lr, m = this.cfg.momentum;
    for (let k = 0; k < r; k++) {
      rngs[k].fillNormal(z);
      const off = k * d;
      if (m > 0) {
        for (let i = 0; i < d; i++) {
          const vi = m * v[off + i] - lr * (h[i] * x[off + i] + sd[i] * z[i]);
          v[off + i] = vi;
          x[off + i] += vi;
        }
      } else {
        for (let i = 0; i < d; i++) x[off + i] -= lr * (h[i] * x[off + i] + sd[i] * z[i]);
      }
    }
    this.step++;
    this.measure();
  }

  /** Per-replica losses at the current step (valid until the next advance). */
  replicaLosses(): Float64Array {
    return this.perLoss;
  }

  /** The ensemble's noise scale at a recorded step, with delta-method standard errors. */
  noiseScale(t: number): EnsembleNoiseScale {
    const R = this.cfg.replicas;
    const c = this.curves;
    const bNoise = this.traceHC / c.meanG3[t];
    const bSimple = this.traceC / c.meanG2[t];
    return {
      step: t,
      bNoise, bNoiseStdError: (bNoise * Math.sqrt(c.varG3[t] / R)) / c.meanG3[t],
      bSimple, bSimpleStdError: (bSimple * Math.sqrt(c.varG2[t] / R)) / c.meanG2[t],
    };
  }
}

function meanVar(a: Float64Array): [number, number] {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k];
  const mean = s / a.length;
  let q = 0;
  for (let k = 0; k < a.length; k++) q += (a[k] - mean) ** 2;
  return [mean, q / (a.length - 1)];
}

export function nqmEnsembleSteps(model: OnlineLoss, cfg: NqmEnsembleConfig): NqmEnsembleSteps {
  const ens = new NqmEnsemble(model, cfg);
  const R = cfg.replicas;
  const cap = Math.min(cfg.maxSteps, cfg.stopAfter ?? Infinity);
  const hits = new Float64Array(R).fill(-1);
  let hitCount = 0;
  const markHits = () => {
    const losses = ens.replicaLosses();
    for (let k = 0; k < R; k++) if (hits[k] < 0 && losses[k] <= cfg.target) { hits[k] = ens.step; hitCount++; }
  };
  markHits();
  const mean = ens.curves;
  // every replica's loss at every step ('expected': the jackknife below re-reads the crossing without each run)
  const expected = cfg.definition === 'expected';
  let losses = new Float64Array(expected ? 1024 * R : 0);
  const keepLosses = () => {
    if (!expected) return;
    if ((ens.step + 1) * R > losses.length) { const grown = new Float64Array(losses.length * 2); grown.set(losses); losses = grown; }
    losses.set(ens.replicaLosses(), ens.step * R);
  };
  keepLosses();
  let crossing = mean.meanLoss[0] <= cfg.target ? 0 : -1;
  let window = 0;
  const probe = cfg.probeStep !== undefined && cfg.probeStep <= cfg.maxSteps ? cfg.probeStep : -1;
  const done = () => ens.step >= probe && (cfg.definition === 'per-run' ? hitCount === R || (cfg.stopAfter !== undefined && ens.step >= cap) : crossing >= 0 && ens.step >= crossing + window);
  while (!done() && ens.step < Math.max(probe, crossing >= 0 ? cfg.maxSteps + window : cap)) {
    ens.advance();
    markHits();
    keepLosses();
    if (crossing < 0 && mean.meanLoss[ens.step] <= cfg.target) {
      crossing = ens.step;
      // twice the fit's window: a run left out may move the first crossing a little later
      window = 2 * crossingWindow(crossing);
    }
  }
  let pathMeanBNoise: number | null = null;
  if (crossing >= 0) {
    let s = 0;
    for (let t = 0; t < Math.max(crossing, 1); t++) s += ens.traceHC / mean.meanG3[t];
    pathMeanBNoise = s / Math.max(crossing, 1);
  }
  const atTarget = crossing >= 0 ? ens.noiseScale(crossing) : null;
  const atProbe = probe >= 0 && probe <= ens.step ? ens.noiseScale(probe) : null;
  const base = { definition: cfg.definition, replicas: R, atTarget, pathMeanBNoise, atProbe, simulated: ens.step };
  if (cfg.definition === 'per-run') {
    if (hitCount < R) return { ...base, reached: hitCount, steps: NaN, fractional: NaN, stdError: NaN };
    let s = 0, q = 0;
    for (let k = 0; k < R; k++) { s += hits[k]; q += hits[k] * hits[k]; }
    const m = s / R;
    const se = Math.sqrt(Math.max(q - R * m * m, 0) / (R - 1) / R);
    return { ...base, reached: R, steps: m, fractional: m, stdError: se };
  }
  if (crossing < 0) return { ...base, reached: 0, steps: NaN, fractional: NaN, stdError: NaN };
  if (crossing === 0) return { ...base, reached: R, steps: 0, fractional: 0, stdError: 0 };
  // a line in t fitted to ln L̄ over the window smooths the step-to-step noise: the raw first
  // crossing of a noisy mean is biased early (it picks the first downward fluctuation)
  const last = ens.step;
  const fit = fitCrossing((t) => mean.meanLoss[t], crossing, last, cfg.target);
  // jackknife over runs: the same reading of the mean without run k, for every k
  const reads = new Float64Array(R);
  // its first step below the target is looked for within one fit window of the whole ensemble's
  // (the simulation stops two windows past that)
  const w = crossingWindow(crossing);
  for (let k = 0; k < R; k++) {
    const without = (t: number) => (R * mean.meanLoss[t] - losses[t * R + k]) / (R - 1);
    let first = Math.max(1, crossing - w);
    while (first < crossing + w && without(first) > cfg.target) first++;
    reads[k] = fitCrossing(without, first, last, cfg.target).steps;
  }
  const [, jackVar] = meanVar(reads);
  const stdError = Math.sqrt((jackVar * (R - 1) * (R - 1)) / R);
  return { ...base, reached: R, steps: crossing, fractional: fit.steps, stdError: fit.slope < 0 && Number.isFinite(stdError) ? stdError : NaN };
}
