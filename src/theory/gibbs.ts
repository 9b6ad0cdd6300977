import { NumericalError } from '../errors.js';
import { batchSizeForNoiseScale, batchSizeForNoiseScaleExact } from './noise-scale.js';
import { type Sampler } from '../dynamics/samplers.js';
import { goldenSection } from '../stats/golden-section.js';

/**
 * The stationary (Gibbs) density of SGD's SDE with isotropic, state-independent noise of
 * per-example variance σ² (docs/theory.md §7; Smith & Le App. A):
 *
 *     p(ω) ∝ exp(−L(ω)/T),   T = g σ² / (2N)
 *
 * computed by quadrature on a uniform 1-D or 2-D grid (trapezoid rule, which converges fast for
 * integrands that vanish at the box's edges), with log-sum-exp scaling so that no weight overflows
 * or underflows to all zeros. Expectations depend on (g, N, σ²) only through T, so the optimal
 * temperature is a property of the landscape and g_opt = 2 N T_opt / σ².
 */
export interface Landscape {
  dim: 1 | 2;
  /** quadrature box, one [low, high] per variable */
  domain: [number, number][];
  /** training loss L(x, y) (y ignored in 1-D) */
  train(x: number, y: number): number;
  /** the loss whose expectation is wanted (the test loss) */
  test(x: number, y: number): number;
}

export interface GibbsGrid {
  dim: 1 | 2;
  domain: [number, number][];
  pointsPerAxis: number;
  /** trapezoid weights times cell volume */
  weight: Float64Array;
  train: Float64Array;
  test: Float64Array;
  /** 1 on the box's boundary, 0 inside (for the mass that leaks to the edge) */
  edge: Uint8Array;
  minTrain: number;
  maxTrain: number;
  /** grid spacing per axis */
  spacing: number[];
}

/** Tabulate L and the test loss on the grid once; every temperature reuses it. */
export function gibbsGrid(landscape: Landscape, pointsPerAxis = landscape.dim === 1 ? 20001 : 601): GibbsGrid {
  const { dim, domain } = landscape;
  const m = pointsPerAxis;
  if (!(Number.isInteger(m) && m >= 3)) throw new RangeError(`pointsPerAxis must be an integer ≥ 3, got ${m}`);
  const size = dim === 1 ? m : m * m;
  const weight = new Float64Array(size);
  const train = new Float64Array(size);
  const test = new Float64Array(size);
  const edge = new Uint8Array(size);
  const spacing = domain.map(([lo, hi]) => (hi - lo) / (m - 1));
  const w1 = (i: number) => (i === 0 || i === m - 1 ? 0.5 : 1);
  let minTrain = Infinity;
  let maxTrain = -Infinity;
  for (let i = 0; i < m; i++) {
    const x = domain[0][0] + i * spacing[0];
    for (let j = 0; j < (dim === 1 ? 1 : m); j++) {
      const y = dim === 1 ? 0 : domain[1][0] + j * spacing[1];
      const k = dim === 1 ? i : i * m + j;
      train[k] = landscape.train(x, y);
      test[k] = landscape.test(x, y);
      if (!Number.isFinite(train[k]) || !Number.isFinite(test[k])) {
        throw new NumericalError(`the loss is not finite at (${dim === 1 ? x : `${x}, ${y}`}) inside the quadrature domain (model.domain): narrow the domain or change the expression`);
      }
      weight[k] = dim === 1 ? w1(i) * spacing[0] : w1(i) * w1(j) * spacing[0] * spacing[1];
      edge[k] = i === 0 || i === m - 1 || (dim === 2 && (j === 0 || j === m - 1)) ? 1 : 0;
      if (train[k] < minTrain) minTrain = train[k];
      if (train[k] > maxTrain) maxTrain = train[k];
    }
  }
  return { dim, domain, pointsPerAxis: m, weight, train, test, edge, minTrain, maxTrain, spacing };
}

export interface GibbsMoments {
  temperature: number;
  /** E[test loss] */
  test: number;
  /** E[L] */
  train: number;
  /** E[ω], Cov[ω] (row-major dim×dim) */
  mean: number[];
  covariance: number[];
  /** probability density mass on the box's boundary row (≈ 0 when the box is large enough) */
  edgeMass: number;
  /** (Σw)²/Σw²: the number of grid points that effectively carry the density (small = unresolved) */
  effectivePoints: number;
}

/** Expectations under p ∝ exp(−L/T) on the grid. */
export function gibbsMoments(grid: GibbsGrid, temperature: number): GibbsMoments {
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  const { weight, train, test, edge, minTrain, dim, pointsPerAxis: m, spacing, domain } = grid;
  const beta = 1 / temperature;
  let z = 0, z2 = 0, sTest = 0, sTrain = 0, sEdge = 0;
  let mx = 0, my = 0, xx = 0, xy = 0, yy = 0;
  for (let k = 0; k < train.length; k++) {
    const p = weight[k] * Math.exp(-(train[k] - minTrain) * beta); // ≤ weight: log-sum-exp scaling
    if (p === 0) continue;
    z += p;
    z2 += p * p;
    sTest += p * test[k];
    sTrain += p * train[k];
    if (edge[k]) sEdge += p;
    const i = dim === 1 ? k : Math.floor(k / m);
    const x = domain[0][0] + i * spacing[0];
    mx += p * x;
    xx += p * x * x;
    if (dim === 2) {
      const y = domain[1][0] + (k - i * m) * spacing[1];
      my += p * y;
      xy += p * x * y;
      yy += p * y * y;
    }
  }
  const ex = mx / z;
  const ey = my / z;
  const mean = dim === 1 ? [ex] : [ex, ey];
  const covariance = dim === 1 ? [xx / z - ex * ex] : [xx / z - ex * ex, xy / z - ex * ey, xy / z - ex * ey, yy / z - ey * ey];
  return { temperature, test: sTest / z, train: sTrain / z, mean, covariance, edgeMass: sEdge / z, effectivePoints: (z * z) / z2 };
}

/** E[test loss] under p ∝ exp(−L/T): the inner loop of the optimum search, nothing else computed. */
export function gibbsExpectedTest(grid: GibbsGrid, temperature: number): number {
  const { weight, train, test, minTrain } = grid;
  const beta = 1 / temperature;
  let z = 0;
  let s = 0;
  for (let k = 0; k < train.length; k++) {
    const p = weight[k] * Math.exp(-(train[k] - minTrain) * beta);
    z += p;
    s += p * test[k];
  }
  return s / z;
}

/** T = g σ² / (2N). */
export function gibbsTemperature(g: number, n: number, sigma2: number): number {
  return (g * sigma2) / (2 * n);
}

/** The noise scale whose temperature is T: g = 2 N T / σ². */
export function noiseScaleForTemperature(t: number, n: number, sigma2: number): number {
  return (2 * n * t) / sigma2;
}

export interface OptimalTemperature {
  temperature: number;
  testLoss: number;
  /** the minimiser sits at an end of the searched range (no interior optimum found) */
  atEdge: boolean;
  /** E[test loss] on the search grid, for plots */
  curve: { temperature: number; testLoss: number }[];
}

/**
 * The temperature minimising E[test loss]: a log grid over [tMin, tMax] (default: 1e−5 to 1 times
 * the range of L on the box), then golden-section search in log T between the grid neighbours of
 * the best point.
 */
export function optimalTemperature(grid: GibbsGrid, options: { tMin?: number; tMax?: number; points?: number } = {}): OptimalTemperature {
  const range = Math.max(grid.maxTrain - grid.minTrain, 1e-300);
  const tMin = options.tMin ?? range * 1e-5;
  const tMax = options.tMax ?? range;
  const points = options.points ?? 121;
  const f = (logT: number) => gibbsExpectedTest(grid, Math.exp(logT));
  const a = Math.log(tMin);
  const step = (Math.log(tMax) - a) / (points - 1);
  const curve: OptimalTemperature['curve'] = [];
  let best = 0;
  for (let k = 0; k < points; k++) {
    const value = f(a + k * step);
    curve.push({ temperature: Math.exp(a + k * step), testLoss: value });
    if (value < curve[best].testLoss) best = k;
  }
  const atEdge = best === 0 || best === points - 1;
  if (atEdge) return { temperature: curve[best].temperature, testLoss: curve[best].testLoss, atEdge, curve };
  const [logT, value] = goldenSection(f, a + (best - 1) * step, a + (best + 1) * step, 1e-9);
  return { temperature: Math.exp(logT), testLoss: value, atEdge, curve };
}

/**
 * B_opt from g_opt: the paper's form N / (1 + g_opt(1−m)/ε) (docs/theory.md §2) and the form exact for
 * the sampler (identical up to the factor N/(N−1) in g for sampling without replacement).
 */
export function optimalBatchSize(gOpt: number, lr: number, n: number, momentum: number, sampler: Sampler): { paper: number; exact: number } {
  return {
    paper: batchSizeForNoiseScale(gOpt, lr, n, momentum),
    exact: sampler === 'epoch-shuffle'
      ? batchSizeForNoiseScaleExact(gOpt, lr, n, momentum, 'without-replacement')
      : batchSizeForNoiseScaleExact(gOpt, lr, n, momentum, sampler),
  };
}
