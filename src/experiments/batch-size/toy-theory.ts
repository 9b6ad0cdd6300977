import type { PotentialSpec } from '../../models/potential.js';
import { buildPotential } from '../../models/potential.js';
import { gibbsExpectedTest, gibbsGrid, gibbsMoments, gibbsTemperature, noiseScaleForTemperature, optimalBatchSize, optimalTemperature } from '../../theory/gibbs.js';
import { noiseScale } from '../../theory/noise-scale.js';
import { type Sampler } from '../../dynamics/samplers.js';
import type { OuterPoint } from './sweep.js';

/**
 * What the Gibbs theory predicts for the toy sweep (docs/theory.md §7): the optimal temperature of the
 * landscape, and for every outer point (ε, N, m, σ²) g_opt = 2 N T_opt/σ², B_opt (exact for the
 * sampler and the paper's form) and the expected test loss at each batch size of its grid.
 */
export interface PointTheory {
  gOpt: number;
  bOpt: { exact: number; paper: number };
  /** E[test loss] at each batch size of the point's grid, and the noise scale g used */
  curve: { batchSize: number; g: number; temperature: number; testLoss: number }[];
  /** ε/(1−m) times the largest Hessian eigenvalue where the hottest cell's density lives */
  lrTimesCurvature: number;
}

export interface ToyTheory {
  temperatureOpt: number;
  testLossOpt: number;
  atEdge: boolean;
  /** E[test loss] vs T on the search grid */
  curve: { temperature: number; testLoss: number }[];
  /** Gibbs moments at T_opt (where the density sits) */
  atOptimum: { mean: number[]; covariance: number[]; edgeMass: number; effectivePoints: number };
  points: PointTheory[];
  largestCurvature: number;
  notes: string[];
}

export function toyTheory(spec: PotentialSpec, points: OuterPoint[], sampler: Sampler, gridPoints: number | undefined, seed: number): ToyTheory {
  const model = buildPotential(spec, seed);
  const dim = model.dim as 1 | 2;
  const landscape = { dim, domain: model.domain, train: model.train.value, test: model.testFn };
  const grid = gibbsGrid(landscape, gridPoints ?? (dim === 1 ? 20001 : 601));
  const opt = optimalTemperature(grid);
  const m = gibbsMoments(grid, opt.temperature);
  const notes: string[] = [];
  if (opt.atEdge) notes.push('the Gibbs test loss has no interior minimum over the temperatures searched: no optimal g exists for this landscape');
  if (m.edgeMass > 1e-6) notes.push(`at T_opt, ${m.edgeMass.toExponential(2)} of the Gibbs density sits on the edge of model.domain: widen the domain`);
  if (m.effectivePoints < 50) notes.push(`the Gibbs density at T_opt spans only ${m.effectivePoints.toFixed(0)} quadrature points: raise theory.gridPoints`);
  let hottest = 0;
  const pointTheory = points.map((p) => {
    const sigma2 = p.sigma2 as number;
    const gOpt = noiseScaleForTemperature(opt.temperature, p.n, sigma2);
    const curve = p.batchSizes.map((b) => {
      const g = noiseScale(p.lr, p.n, b, p.momentum, sampler).g;
      const temperature = gibbsTemperature(g, p.n, sigma2);
      hottest = Math.max(hottest, temperature);
      return { batchSize: b, g, temperature, testLoss: g > 0 ? gibbsExpectedTest(grid, temperature) : Number.NaN };
    });
    return { gOpt, bOpt: optimalBatchSize(gOpt, p.lr, p.n, p.momentum, sampler), curve, lrTimesCurvature: 0 };
  });
  const largestCurvature = largestCurvatureWhereDense(model, grid.minTrain, Math.max(hottest, opt.temperature));
  pointTheory.forEach((t, i) => {
    t.lrTimesCurvature = (points[i].lr / (1 - points[i].momentum)) * largestCurvature;
  });
  return {
    temperatureOpt: opt.temperature,
    testLossOpt: opt.testLoss,
    atEdge: opt.atEdge,
    curve: opt.curve,
    atOptimum: { mean: m.mean, covariance: m.covariance, edgeMass: m.edgeMass, effectivePoints: m.effectivePoints },
    points: pointTheory,
    largestCurvature,
    notes,
  };
}

/**
 * The largest Hessian eigenvalue of L over the part of the domain the density at temperature T
 * visits (L ≤ L_min + 25 T), on a coarse grid: it sets the discretisation bias ε_eff·λ/2 of SGD's
 * stationary density relative to the SDE's (docs/theory.md §3).
 */
function largestCurvatureWhereDense(model: ReturnType<typeof buildPotential>, minTrain: number, temperature: number): number {
  const d = model.dim;
  const m = 101;
  const w = new Float64Array(d);
  let best = 0;
  const [x0, x1] = model.domain[0];
  const [y0, y1] = d > 1 ? model.domain[1] : [0, 0];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < (d > 1 ? m : 1); j++) {
      w[0] = x0 + ((x1 - x0) * i) / (m - 1);
      if (d > 1) w[1] = y0 + ((y1 - y0) * j) / (m - 1);
      if (model.loss(w) > minTrain + 25 * temperature) continue;
      const h = model.hessian(w);
      const top = d === 1 ? h[0] : 0.5 * (h[0] + h[3]) + Math.hypot(0.5 * (h[0] - h[3]), h[1]); // 2×2 closed form
      if (top > best) best = top;
    }
  }
  return best;
}
