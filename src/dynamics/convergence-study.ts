import { rngFor } from '../rng/streams.js';
import type { Rng } from '../rng/xoshiro.js';
import { brownianDimension, type IntegratorSpec, type Sde } from './integrators/integrator.js';
import { fitConvergenceOrder } from '../stats/convergence-order.js';
import { quantile } from '../stats/quantile.js';
import { variance } from '../stats/sample-moments.js';
import { meanAndStdError } from '../stats/replica-moments.js';

/**
 * Strong and weak errors of an integrator on a scalar SDE with a known pathwise solution, for a
 * ladder of step counts, all on the same Brownian paths: each path is sampled on the finest grid,
 * and a coarser level's increments are sums of the fine ones. The exact solution is advanced
 * alongside from the same fine increments (plus, per fine step, an independent normal for what
 * the increments alone do not determine, e.g. OU's exponentially weighted integral).
 * Per path and level it returns |X^h_T − X_T| (strong error) and f(X^h_T) − f(X_T) (a paired
 * estimate of the weak error, far less noisy than f(X^h_T) alone). Paths come in blocks of
 * PATH_BLOCK, block k on stream rngFor(seed, 'convergence', cell, k); per fine step a path draws the
 * m Brownian normals, then the reference's normal.
 *
 * `convergenceOrders` fits the strong and weak orders with the next term of the error expansion, a
 * relative correction ∝ h (stats/convergence-order.ts): Talay–Tubaro for the weak errors; for the
 * strong error E|e| the leading error is a centred, nearly Gaussian sum, so a smaller O(h) part of e
 * shifts E|e| only at second order, and the relative correction is O(h) under state-dependent noise
 * too (an h^{1/2} term over-corrects: tried, it biases GBM's order up). The standard error and
 * interval of each order come from a bootstrap over paths, which keeps the correlation between
 * levels that share paths.
 */
/** Paths per random stream (seeding a stream per path would cost more than a short path). */
const PATH_BLOCK = 1024;

export interface PathwiseReference {
  reset(x0: number): void;
  /** advance over one fine step: Brownian increments dW (length m, variance h each) and an independent N(0,1) r */
  advance(dW: Float64Array, r: number, h: number): void;
  value(): number;
}

export interface ConvergenceStudyConfig {
  /** scalar (dim 1), any noise type */
  sde: Sde;
  /** the integrator under study (dynamics/integrators/registry.ts) */
  integrator: IntegratorSpec;
  reference: PathwiseReference;
  x0: number;
  horizon: number;
  /** step counts; each must divide the largest, which is the fine grid */
  steps: number[];
  /** the weak-error test function */
  weak: (x: number) => number;
  paths: number;
  seed: number;
  cell: number;
}

export interface ConvergenceStudyResult {
  steps: number[];
  h: number[];
  /** strong[l][p] = |X^h_T − X_T| on path p at level l */
  strong: Float64Array[];
  /** weak[l][p] = f(X^h_T) − f(X_T) */
  weak: Float64Array[];
}

export function runConvergenceStudy(cfg: ConvergenceStudyConfig): ConvergenceStudyResult {
  if (cfg.sde.dim !== 1) throw new RangeError('the convergence study is scalar (dim 1)');
  const fine = Math.max(...cfg.steps);
  for (const n of cfg.steps) if (!Number.isInteger(n) || n < 1 || fine % n !== 0) throw new RangeError(`step count ${n} does not divide the finest ${fine}`);
  const levels = cfg.steps.length;
  const m = brownianDimension(cfg.sde);
  const hf = cfg.horizon / fine;
  const sqrtHf = Math.sqrt(hf);
  const ratio = cfg.steps.map((n) => fine / n);
  const h = cfg.steps.map((n) => cfg.horizon / n);
  const stepper = cfg.integrator.stepper(cfg.sde);
  const state = cfg.steps.map(() => new Float64Array(1));
  /** acc[l·m + k]: level l's increment of W_k so far */
  const acc = new Float64Array(levels * m);
  const time = new Float64Array(levels);
  const increment = new Float64Array(m);
  const dW = new Float64Array(m);
  const normals = new Float64Array((m + 1) * fine);
  const strong = cfg.steps.map(() => new Float64Array(cfg.paths));
  const weak = cfg.steps.map(() => new Float64Array(cfg.paths));
  let rng = rngFor(cfg.seed, 'convergence', cfg.cell, 0);
  for (let p = 0; p < cfg.paths; p++) {
    if (p % PATH_BLOCK === 0) rng = rngFor(cfg.seed, 'convergence', cfg.cell, p / PATH_BLOCK);
    rng.fillNormal(normals);
    cfg.reference.reset(cfg.x0);
    for (let l = 0; l < levels; l++) {
      state[l][0] = cfg.x0;
      time[l] = 0;
    }
    acc.fill(0);
    for (let j = 0; j < fine; j++) {
      const base = (m + 1) * j;
      for (let k = 0; k < m; k++) dW[k] = sqrtHf * normals[base + k];
      cfg.reference.advance(dW, normals[base + m], hf);
      for (let l = 0; l < levels; l++) {
        for (let k = 0; k < m; k++) acc[l * m + k] += dW[k];
        if ((j + 1) % ratio[l] === 0) {
          for (let k = 0; k < m; k++) {
            increment[k] = acc[l * m + k];
            acc[l * m + k] = 0;
          }
          stepper.step(state[l], time[l], h[l], increment);
          time[l] += h[l];
        }
      }
    }
    const exact = cfg.reference.value();
    const fExact = cfg.weak(exact);
    for (let l = 0; l < levels; l++) {
      const xl = state[l][0];
      strong[l][p] = Math.abs(xl - exact);
      weak[l][p] = cfg.weak(xl) - fExact;
    }
  }
  return { steps: cfg.steps.slice(), h, strong, weak };
}

export interface ConvergenceLevel {
  steps: number;
  h: number;
  /** E|X^h_T − X_T| */
  strong: number;
  strongStdError: number;
  /** E f(X^h_T) − E f(X_T), paired */
  weak: number;
  weakStdError: number;
}

export interface OrderEstimate {
  /** the fitted order (with the correction term) */
  slope: number;
  /** bootstrap standard deviation */
  stdError: number;
  /** 2.5 % and 97.5 % bootstrap percentiles */
  ci: [number, number];
  /** the plain log-log slope, without the correction term */
  plainSlope: number;
  correctionPower: number;
}

export interface ConvergenceOrders {
  levels: ConvergenceLevel[];
  strongSlope: OrderEstimate;
  weakSlope: OrderEstimate;
}

/** Per level the mean errors and their standard errors; the fitted orders with `bootstrap` replicates drawn from `rng`. */
export function convergenceOrders(study: ConvergenceStudyResult, bootstrap: number, rng: Rng): ConvergenceOrders {
  const levels: ConvergenceLevel[] = study.steps.map((n, l) => {
    const s = meanAndStdError(study.strong[l]);
    const w = meanAndStdError(study.weak[l]);
    return { steps: n, h: study.h[l], strong: s.mean, strongStdError: s.stdError, weak: w.mean, weakStdError: w.stdError };
  });
  // one resampling of path indices serves every level (they share paths)
  const m = study.strong[0].length;
  const strongReps: number[][] = [];
  const weakReps: number[][] = [];
  const idx = new Int32Array(m);
  for (let b = 0; b < bootstrap; b++) {
    for (let i = 0; i < m; i++) idx[i] = rng.int(m);
    const sr: number[] = [], wr: number[] = [];
    for (let l = 0; l < levels.length; l++) {
      let ss = 0, sw = 0;
      const sa = study.strong[l], wa = study.weak[l];
      for (let i = 0; i < m; i++) { ss += sa[idx[i]]; sw += wa[idx[i]]; }
      sr.push(ss / m);
      wr.push(sw / m);
    }
    strongReps.push(sr);
    weakReps.push(wr);
  }
  return {
    levels,
    strongSlope: bootstrapOrder(study.h, levels.map((l) => ({ mean: l.strong, stdError: l.strongStdError })), strongReps, 1),
    weakSlope: bootstrapOrder(study.h, levels.map((l) => ({ mean: l.weak, stdError: l.weakStdError })), weakReps, 1),
  };
}

/** The order fit on the full sample, and its spread over bootstrap replicates (same weights). */
function bootstrapOrder(h: number[], points: { mean: number; stdError: number }[], replicates: number[][], q: number): OrderEstimate {
  const logSe = points.map((pt) => pt.stdError / Math.abs(pt.mean));
  const fit = fitConvergenceOrder(h, points.map((pt) => pt.mean), logSe, q);
  const orders = replicates.map((rep) => fitConvergenceOrder(h, rep, logSe, q).order).filter(Number.isFinite).sort((a, b) => a - b);
  return {
    slope: fit.order,
    stdError: orders.length > 1 ? Math.sqrt(variance(orders)) : Number.NaN,
    ci: [quantile(orders, 0.025), quantile(orders, 0.975)],
    plainSlope: fit.plainSlope,
    correctionPower: q,
  };
}
