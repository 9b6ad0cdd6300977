import type { Loss } from '../../models/loss.js';
import { newtonMinimum, gradientCovariance } from '../../theory/minimum.js';
import { noiseFactor, isExactSampler, type Sampler } from '../../dynamics/samplers.js';
import { effectiveLearningRate } from '../../dynamics/effective-learning-rate.js';
import { ouCovariance } from '../../theory/lyapunov-continuous.js';
import { sgdStationaryCovariance, stabilityBound } from '../../theory/lyapunov-discrete.js';
import { heavyBallStationaryCovariance } from '../../theory/heavy-ball.js';
import { leastSquaresStationaryCovariance, leastSquaresSdeCovariance } from '../../theory/least-squares.js';
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';
import { trace } from '../../linalg/dense.js';
import { withWeightDecay } from '../../models/weight-decay.js';

/**
 * Every stationary theory that applies to a model at its minimum (docs/theory.md §3):
 * - ou: the SDE's Ornstein–Uhlenbeck covariance, H Σ + Σ H = ε_eff c S (any model, small ε);
 * - discrete: plain SGD with additive noise of covariance c S, exact for the quadratic model;
 * - heavyBall: the same with momentum, exact for the quadratic model;
 * - exact: the one that is exact for this model and sampler, if any (quadratic: discrete or
 *   heavy ball; least squares without momentum or weight decay: the finite-data formula);
 * - sdeExact: exact for the SDE (quadratic: OU; least squares: the Itô moment equation with S(ω)).
 * A theory whose equation has no stationary solution (unstable ε) is left out with a note.
 */
export interface TheoryMatrix { covariance: Float64Array }

export interface StationaryTheory {
  minimum: Float64Array;
  hessian: Float64Array;
  hessianEigenvalues: Float64Array;
  /** per-example gradient covariance at the minimum */
  noiseCovariance: Float64Array;
  traceS: number;
  noiseFactor: number;
  lrEff: number;
  lrTimesLambdaMax: number;
  stabilityBound: number;
  ou?: TheoryMatrix;
  discrete?: TheoryMatrix;
  heavyBall?: TheoryMatrix;
  exact?: TheoryMatrix & { source: 'discrete-lyapunov' | 'heavy-ball' | 'least-squares' };
  /** exact for the SDE itself (as h → 0): the OU value for additive noise, the Itô moment equation for least squares */
  sdeExact?: TheoryMatrix & { source: 'ou' | 'least-squares-sde' };
  notes: string[];
}

export interface OptimizerSettings {
  lr: number;
  momentum: number;
  batchSize: number;
  sampler: Sampler;
  weightDecay: number;
}

/** Stationary covariance under the additive-noise family for a given noise factor c (used for contrasts). */
export function stationaryTheory(base: Loss, opt: OptimizerSettings, c = noiseFactor(base.n, opt.batchSize, opt.sampler)): StationaryTheory {
  const loss = withWeightDecay(base, opt.weightDecay);
  const d = loss.dim;
  const notes: string[] = [];
  const { minimum, hessian, eigenvalues: values } = curvatureAtMinimum(loss);
  const noiseCovariance = gradientCovariance(loss, minimum);
  const q = Float64Array.from(noiseCovariance, (v) => v * c);
  const lrEff = effectiveLearningRate(opt.lr, opt.momentum);
  const lambdaMax = values[d - 1];
  const bound = stabilityBound(lambdaMax, opt.momentum);
  const out: StationaryTheory = {
    minimum, hessian, hessianEigenvalues: values, noiseCovariance, traceS: trace(noiseCovariance, d),
    noiseFactor: c, lrEff, lrTimesLambdaMax: opt.lr * lambdaMax, stabilityBound: bound, notes,
  };
  if (!(values[0] > 0)) {
    notes.push(`the Hessian at the minimum is not positive definite (λ_min = ${values[0].toPrecision(3)}): no stationary distribution`);
    return out;
  }
  const attempt = <T>(label: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (err) {
      notes.push(`${label}: ${(err as Error).message}`);
      return undefined;
    }
  };
  const ou = attempt('OU', () => ouCovariance(hessian, q, d, lrEff));
  if (ou) out.ou = { covariance: ou };
  if (opt.momentum === 0) {
    const disc = attempt('discrete Lyapunov', () => sgdStationaryCovariance(hessian, q, d, opt.lr));
    if (disc) out.discrete = { covariance: disc };
  } else {
    const hb = attempt('heavy ball', () => heavyBallStationaryCovariance(hessian, q, d, opt.lr, opt.momentum));
    if (hb) out.heavyBall = { covariance: hb.omega };
  }
  const markov = isExactSampler(opt.sampler);
  if (!markov) notes.push('epoch-shuffle is not Markov: every theory here is an approximation for it (c of without-replacement is used)');
  const hook = base.exactStationary?.();
  if (hook?.family === 'quadratic-additive' && out.ou) out.sdeExact = { ...out.ou, source: 'ou' };
  if (hook?.family === 'quadratic-additive' && markov) {
    if (out.discrete) out.exact = { ...out.discrete, source: 'discrete-lyapunov' };
    if (out.heavyBall) out.exact = { ...out.heavyBall, source: 'heavy-ball' };
  }
  if (hook?.family === 'least-squares' && markov) {
    if (opt.momentum !== 0 || opt.weightDecay !== 0) {
      notes.push('the exact finite-data least-squares theory is implemented for m = 0 and no weight decay only');
    } else {
      const residuals = hook.residuals(minimum);
      const exact = attempt('exact least squares', () => leastSquaresStationaryCovariance(hook.x, residuals, base.n, d, opt.lr, c));
      if (exact) out.exact = { covariance: exact, source: 'least-squares' };
      const sde = attempt('exact least squares (SDE)', () => leastSquaresSdeCovariance(hook.x, residuals, base.n, d, lrEff, c));
      if (sde) out.sdeExact = { covariance: sde, source: 'least-squares-sde' };
    }
  }
  return out;
}

/**
 * The minimum of a model (weight decay included) and its Hessian there, with the Hessian's
 * eigenvalues in ascending order: λ_min sets the burn-in, λ_max the stability bound and the SDE's
 * step. The theory, the run and its cost model (stationary/cost.ts) read the curvature from here.
 */
export function curvatureAtMinimum(loss: Loss): { minimum: Float64Array; hessian: Float64Array; eigenvalues: Float64Array } {
  const minimum = locateMinimum(loss);
  if (!loss.hessian) throw new Error(`model ${loss.kind} provides no Hessian; stationary theory needs one`);
  const hessian = loss.hessian(minimum);
  return { minimum, hessian, eigenvalues: symmetricEigen(hessian, loss.dim).values };
}

function locateMinimum(loss: Loss): Float64Array {
  if (loss.minimum) return loss.minimum(); // closed form (weight-decayed wrappers have none)
  return newtonMinimum(loss, new Float64Array(loss.dim));
}
