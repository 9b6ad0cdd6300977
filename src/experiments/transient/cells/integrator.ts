import { runConvergenceStudy, type PathwiseReference } from '../../../dynamics/convergence-study.js';
import type { DiagonalSde } from '../../../dynamics/integrators/integrator.js';
import { DiagonalOuExact } from '../../../dynamics/ou-exact.js';
import { integrators } from '../../../dynamics/integrators/registry.js';
import {
  gbmEulerMean, gbmMean, gbmSolution, ouEulerSecondMoment, ouSecondMoment,
  type GbmParameters, type OuParameters,
} from '../../../theory/sde-test-problems.js';
import { fitConvergenceOrder } from '../../../stats/convergence-order.js';
import { quantile } from '../../../stats/quantile.js';
import { variance } from '../../../stats/sample-moments.js';
import { meanAndStdError } from '../../../stats/replica-moments.js';
import { rngFor } from '../../../rng/streams.js';

/**
 * Euler–Maruyama's own orders, measured on problems with known solutions (a worker task):
 * OU (additive noise: strong order 1) and GBM (multiplicative: strong order 1/2), weak order 1 for
 * both. All step counts share each Brownian path. The order is fitted with the next term of the
 * error expansion, a relative correction ∝ h (stats/convergence-order.ts): Talay–Tubaro for the
 * weak errors; for the strong error E|e| the leading error is a centred, nearly Gaussian sum, so a
 * smaller O(h) part of e shifts E|e| only at second order, and the relative correction is O(h)
 * under multiplicative noise too (an h^{1/2} term over-corrects: tried, it biases GBM's order up).
 * Its standard error and interval come from a bootstrap over paths, which keeps the correlation
 * between levels that share paths.
 */
export type IntegratorProblem = { kind: 'ou'; params: OuParameters } | { kind: 'gbm'; params: GbmParameters };

export interface IntegratorPayload {
  problem: IntegratorProblem;
  horizon: number;
  steps: number[];
  paths: number;
  bootstrap: number;
  seed: number;
  cell: number;
}

export interface IntegratorLevel {
  steps: number;
  h: number;
  /** E|X^h_T − X_T| */
  strong: number;
  strongStdError: number;
  /** E f(X^h_T) − E f(X_T), paired */
  weak: number;
  weakStdError: number;
  /** the same from the closed form of Euler–Maruyama's moments */
  weakClosedForm: number;
}

export interface IntegratorResult {
  problem: 'ou' | 'gbm';
  noise: 'additive' | 'multiplicative';
  weakFunction: string;
  /** the theoretical orders of Euler–Maruyama here */
  expectedStrongOrder: number;
  expectedWeakOrder: number;
  levels: IntegratorLevel[];
  strongSlope: OrderEstimate;
  weakSlope: OrderEstimate;
  /** the same fit of the closed-form weak errors over the same ladder (no noise) */
  weakClosedFormSlope: number;
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

function ouSde(p: OuParameters): DiagonalSde {
  return {
    dim: 1,
    drift: (x, _t, out) => { out[0] = -p.theta * x[0]; },
    diffusion: (_x, _t, out) => { out[0] = p.sigma; },
  };
}

function gbmSde(p: GbmParameters): DiagonalSde {
  return {
    dim: 1,
    drift: (x, _t, out) => { out[0] = p.mu * x[0]; },
    diffusion: (x, _t, out) => { out[0] = p.sigma * x[0]; },
  };
}

/** OU's exact pathwise solution on the fine grid (DiagonalOuExact with the fine increments). */
function ouReference(p: OuParameters, hf: number): PathwiseReference {
  const stepper = new DiagonalOuExact([p.theta], [p.sigma], hf);
  const x = new Float64Array(1);
  const z = new Float64Array(1);
  const r = new Float64Array(1);
  const invSqrtH = 1 / Math.sqrt(hf);
  return {
    reset(x0) { x[0] = x0; },
    advance(dW, rNormal) { z[0] = dW * invSqrtH; r[0] = rNormal; stepper.step(x, z, r); },
    value: () => x[0],
  };
}

/** GBM's exact solution needs only W_T. */
function gbmReference(p: GbmParameters, horizon: number): PathwiseReference {
  let w = 0;
  return {
    reset() { w = 0; },
    advance(dW) { w += dW; },
    value: () => gbmSolution(p, horizon, w),
  };
}

export function integratorCell(p: IntegratorPayload): IntegratorResult {
  const hf = p.horizon / Math.max(...p.steps);
  const isOu = p.problem.kind === 'ou';
  const study = runConvergenceStudy({
    integrator: integrators['euler-maruyama'],
    sde: p.problem.kind === 'ou' ? ouSde(p.problem.params) : gbmSde(p.problem.params),
    reference: p.problem.kind === 'ou' ? ouReference(p.problem.params, hf) : gbmReference(p.problem.params, p.horizon),
    x0: p.problem.params.x0,
    horizon: p.horizon,
    steps: p.steps,
    weak: isOu ? (x) => x * x : (x) => x,
    paths: p.paths,
    seed: p.seed,
    cell: p.cell,
  });
  const closed = (h: number, n: number) => p.problem.kind === 'ou'
    ? ouEulerSecondMoment(p.problem.params, h, n) - ouSecondMoment(p.problem.params, p.horizon)
    : gbmEulerMean(p.problem.params, h, n) - gbmMean(p.problem.params, p.horizon);
  const levels: IntegratorLevel[] = study.steps.map((n, l) => {
    const s = meanAndStdError(study.strong[l]);
    const w = meanAndStdError(study.weak[l]);
    return { steps: n, h: study.h[l], strong: s.mean, strongStdError: s.stdError, weak: w.mean, weakStdError: w.stdError, weakClosedForm: closed(study.h[l], n) };
  });
  // bootstrap over paths: one resampling of path indices serves every level (they share paths)
  const rng = rngFor(p.seed, 'convergence-bootstrap', p.cell);
  const m = p.paths;
  const strongReps: number[][] = [];
  const weakReps: number[][] = [];
  const idx = new Int32Array(m);
  for (let b = 0; b < p.bootstrap; b++) {
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
  const h = levels.map((l) => l.h);
  return {
    problem: p.problem.kind,
    noise: isOu ? 'additive' : 'multiplicative',
    weakFunction: isOu ? 'f(x) = x²' : 'f(x) = x',
    expectedStrongOrder: integrators['euler-maruyama'].strongOrder[isOu ? 'additive' : 'multiplicative'],
    expectedWeakOrder: integrators['euler-maruyama'].weakOrder[isOu ? 'additive' : 'multiplicative'],
    levels,
    strongSlope: bootstrapOrder(h, levels.map((l) => ({ mean: l.strong, stdError: l.strongStdError })), strongReps, 1),
    weakSlope: bootstrapOrder(h, levels.map((l) => ({ mean: l.weak, stdError: l.weakStdError })), weakReps, 1),
    weakClosedFormSlope: fitConvergenceOrder(h, levels.map((l) => l.weakClosedForm), null, 1).order,
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
