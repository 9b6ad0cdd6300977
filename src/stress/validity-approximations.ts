import fc from 'fast-check';
import { NumericalError } from '../errors.js';
import { buildQuadratic, type QuadraticLoss } from '../models/quadratic.js';
import { LinearRegressionLoss, syntheticLinearData } from '../models/linear-regression.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';
import { ouCovariance } from '../theory/lyapunov-continuous.js';
import { sgdStationaryCovariance } from '../theory/lyapunov-discrete.js';
import { heavyBallStationaryCovariance } from '../theory/heavy-ball.js';
import {
  leastSquaresDiscreteLyapunov, leastSquaresOuCovariance, leastSquaresSdeCovariance, leastSquaresStationaryCovariance,
} from '../theory/least-squares.js';
import { type Sampler } from '../dynamics/samplers.js';
import { effectiveLearningRate } from '../dynamics/effective-learning-rate.js';
import type { StressFormulas } from './formulas.js';
import { relativeErrors, type RelativeErrors } from './relative-error.js';
import { batchSizeOf } from './arbitraries.js';

/**
 * The approximations a validity map scans, each against the exact discrete result, as a function
 * of ε λ_max (x) and B/N or m (y). All of it is theory vs theory: no Monte Carlo.
 */
export type MapId = 'ou-quadratic' | 'ou-heavy-ball' | 'ou-least-squares' | 'sde-least-squares' | 'discrete-least-squares';

/** The map settings of the stress config (scenarios/stress-default.json, `validityMap`). */
export interface MapSettings {
  lrLambdaMax: number[];
  batchFraction: number[];
  momentum: number[];
  sampler: Sampler;
  randomCases: number;
  quadratic: { dim: number; n: number; spectrum: number[]; noise: 'isotropic' | 'hessian'; rotate: boolean; seed: number };
  leastSquares: { n: number; dim: number; inputSpectrum: number[]; labelNoise: number; seed: number };
}

/** A problem the approximation is evaluated on: its exact matrices and a one-line description. */
export interface MapProblem {
  describe: string;
  n: number;
  d: number;
  lambdaMax: number;
  /** relative errors of the approximation at step ε, noise factor c, momentum m; null: the exact dynamics has no stationary state */
  errors(lr: number, c: number, momentum: number): RelativeErrors | null;
}

export interface Approximation {
  title: string;
  approximation: string;
  reference: string;
  y: 'B/N' | 'm';
  problem(settings: MapSettings): MapProblem;
  randomProblem(): fc.Arbitrary<MapProblem>;
  /** leading-order worst-direction error at small ε, where theory gives one */
  leadingOrder?: { formula: string; value(lrLambdaMax: number, y: number): number };
}

const INFINITE: RelativeErrors = { worstDirection: Infinity, trace: Infinity };

/** Evaluate, mapping "no stationary solution" of the exact side to null and of the approximation to ∞. */
function compare(exact: () => Float64Array, approx: () => Float64Array, d: number): RelativeErrors | null {
  let e: Float64Array;
  try {
    e = exact();
  } catch (err) {
    if (err instanceof NumericalError) return null;
    throw err;
  }
  try {
    return relativeErrors(approx(), e, d);
  } catch (err) {
    if (err instanceof NumericalError) return INFINITE;
    throw err;
  }
}

function quadraticProblem(loss: QuadraticLoss, describe: string, withMomentum: boolean): MapProblem {
  const d = loss.dim;
  const lambdaMax = Math.max(...loss.eigenvalues);
  return {
    describe, n: loss.n, d, lambdaMax,
    errors(lr, c, m) {
      const q = Float64Array.from(loss.noiseCovariance, (v) => v * c);
      return compare(
        () => (withMomentum && m !== 0 ? heavyBallStationaryCovariance(loss.h, q, d, lr, m).omega : sgdStationaryCovariance(loss.h, q, d, lr)),
        () => ouCovariance(loss.h, q, d, effectiveLearningRate(lr, m)),
        d,
      );
    },
  };
}

function quadraticFromSettings(s: MapSettings): QuadraticLoss {
  const q = s.quadratic;
  return buildQuadratic({ kind: 'quadratic', dim: q.dim, n: q.n, spectrum: q.spectrum, noise: { shape: q.noise, variance: 1 }, rotate: q.rotate }, q.seed);
}

const randomQuadratic = (withMomentum: boolean) =>
  fc.record({
    dim: fc.integer({ min: 1, max: 4 }),
    twentieths: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 4, maxLength: 4 }),
    rotate: fc.boolean(),
    noise: fc.constantFrom<'isotropic' | 'hessian'>('isotropic', 'hessian'),
    seed: fc.integer({ min: 0, max: 999_999 }),
  }).map((r) => {
    const spectrum = r.twentieths.slice(0, r.dim).map((k) => k / 20);
    const loss = buildQuadratic({ kind: 'quadratic', dim: r.dim, n: r.dim + 20, spectrum, noise: { shape: r.noise, variance: 1 }, rotate: r.rotate }, r.seed);
    return quadraticProblem(loss, `quadratic d = ${r.dim}, spectrum ${JSON.stringify(spectrum)}, S ∝ ${r.noise === 'isotropic' ? 'I' : 'H'}${r.rotate ? ', rotated' : ''}`, withMomentum);
  });

type LeastSquaresVariant = 'ou' | 'sde' | 'discrete';

function leastSquaresProblem(loss: LinearRegressionLoss, describe: string, variant: LeastSquaresVariant): MapProblem {
  const d = loss.dim;
  const n = loss.n;
  const r = loss.residuals(loss.minimum());
  const lambdaMax = symmetricEigen(loss.hessian(), d).values[d - 1];
  const approx = { ou: leastSquaresOuCovariance, sde: leastSquaresSdeCovariance, discrete: leastSquaresDiscreteLyapunov }[variant];
  return {
    describe, n, d, lambdaMax,
    errors(lr, c) {
      return compare(() => leastSquaresStationaryCovariance(loss.x, r, n, d, lr, c), () => approx(loss.x, r, n, d, lr, c), d);
    },
  };
}

function leastSquaresFromSettings(s: MapSettings, variant: LeastSquaresVariant): MapProblem {
  const l = s.leastSquares;
  const loss = new LinearRegressionLoss(syntheticLinearData({ kind: 'linear-regression', n: l.n, dim: l.dim, inputSpectrum: l.inputSpectrum, labelNoise: l.labelNoise, teacher: 'random' }, l.seed));
  return leastSquaresProblem(loss, `least squares N = ${l.n}, d = ${l.dim}, input spectrum ${JSON.stringify(l.inputSpectrum)}, label noise ${l.labelNoise}, data seed ${l.seed}`, variant);
}

const randomLeastSquares = (variant: LeastSquaresVariant) =>
  fc.record({
    n: fc.integer({ min: 6, max: 40 }),
    dim: fc.integer({ min: 1, max: 3 }),
    twentieths: fc.array(fc.integer({ min: 2, max: 20 }), { minLength: 3, maxLength: 3 }),
    labelNoisePercent: fc.integer({ min: 10, max: 100 }),
    seed: fc.integer({ min: 0, max: 999_999 }),
  }).map((r) => {
    const inputSpectrum = r.twentieths.slice(0, r.dim).map((k) => k / 20);
    const loss = new LinearRegressionLoss(syntheticLinearData({ kind: 'linear-regression', n: r.n, dim: r.dim, inputSpectrum, labelNoise: r.labelNoisePercent / 100, teacher: 'random' }, r.seed));
    return leastSquaresProblem(loss, `least squares N = ${r.n}, d = ${r.dim}, input spectrum ${JSON.stringify(inputSpectrum)}, label noise ${r.labelNoisePercent / 100}, seed ${r.seed}`, variant);
  });

const describeQuadratic = (s: MapSettings) =>
  `quadratic d = ${s.quadratic.dim}, spectrum ${JSON.stringify(s.quadratic.spectrum)}, S ∝ ${s.quadratic.noise === 'isotropic' ? 'I' : 'H'}, N = ${s.quadratic.n}`;

export const approximations: { [K in MapId]: Approximation } = {
  'ou-quadratic': {
    title: 'OU limit vs exact discrete SGD (quadratic)',
    approximation: 'OU: H Σ + Σ H = ε c S',
    reference: 'discrete Lyapunov H Σ + Σ H − ε H Σ H = ε c S (exact for the quadratic)',
    y: 'B/N',
    problem: (s) => quadraticProblem(quadraticFromSettings(s), describeQuadratic(s), false),
    randomProblem: () => randomQuadratic(false),
    leadingOrder: { formula: 'ε λ_max / 2', value: (x) => x / 2 },
  },
  'ou-heavy-ball': {
    title: 'OU limit (ε_eff = ε/(1−m)) vs exact heavy-ball SGD (quadratic)',
    approximation: 'OU: H Σ + Σ H = ε/(1−m) · c S',
    reference: 'heavy-ball discrete Lyapunov equation of (ω, v) (exact for the quadratic)',
    y: 'm',
    problem: (s) => quadraticProblem(quadraticFromSettings(s), describeQuadratic(s), true),
    randomProblem: () => randomQuadratic(true),
    leadingOrder: { formula: 'ε λ_max / (2(1+m))', value: (x, m) => x / (2 * (1 + m)) },
  },
  'ou-least-squares': {
    title: 'OU (additive noise frozen at ω*) vs exact SGD on least squares',
    approximation: 'OU: H Σ + Σ H = ε c S(ω*)',
    reference: 'exact finite-data least squares (state-dependent noise)',
    y: 'B/N',
    problem: (s) => leastSquaresFromSettings(s, 'ou'),
    randomProblem: () => randomLeastSquares('ou'),
  },
  'sde-least-squares': {
    title: 'first-order SME (state-dependent noise) vs exact SGD on least squares',
    approximation: "SME-1 at stationarity: H Σ + Σ H = ε c E[S(ω)] (Itô, exact for the SDE)",
    reference: 'exact finite-data least squares (discrete SGD)',
    y: 'B/N',
    problem: (s) => leastSquaresFromSettings(s, 'sde'),
    randomProblem: () => randomLeastSquares('sde'),
  },
  'discrete-least-squares': {
    title: 'discrete Lyapunov with additive noise vs exact SGD on least squares',
    approximation: 'additive-noise discrete Lyapunov: H Σ + Σ H − ε H Σ H = ε c S(ω*)',
    reference: 'exact finite-data least squares (state-dependent noise)',
    y: 'B/N',
    problem: (s) => leastSquaresFromSettings(s, 'discrete'),
    randomProblem: () => randomLeastSquares('discrete'),
  },
};

export const mapIds = Object.keys(approximations) as MapId[];

/** (ε, c, m, actual y) of a grid or random point: B from the fraction (rounded, as a real run must), or m. */
export function pointSettings(a: Approximation, p: MapProblem, x: number, y: number, sampler: Sampler, formulas: StressFormulas) {
  const m = a.y === 'm' ? y : 0;
  const b = a.y === 'B/N' ? batchSizeOf(100 * y, p.n, sampler) : Math.max(1, Math.round(p.n / 10));
  const c = formulas.noiseFactor(p.n, b, sampler);
  return { lr: x / p.lambdaMax, c, m, yActual: a.y === 'B/N' ? b / p.n : m, b };
}
