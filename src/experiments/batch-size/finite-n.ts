import { olsSlope } from '../../stats/loglog-slope.js';
import { batchSizeForNoiseScale, noiseScaleForBatchSize } from '../../theory/noise-scale.js';

/**
 * The finite-N form of the paper's law (docs/theory.md §7; docs/paper.md, "Two slope targets"): with a fixed optimal noise scale
 * g_opt and the exact noise scale of sampling without replacement at momentum m,
 *
 *     g = ε (N/B − 1) / (1 − m)   ⇒   B_opt = N / (1 + g_opt (1 − m) / ε),
 *
 * whose local slopes are d ln B_opt / d ln ε = d ln B_opt / d ln(1/(1−m)) = 1 − B_opt/N and
 * d ln B_opt / d ln N = 1: the paper's slope 1 holds only while B_opt ≪ N. g_opt is taken from one
 * measured B_opt (the base point's), so the prediction has no free parameter beyond it.
 */
export interface FiniteNPoint { lr: number; n: number; momentum: number }

/** g_opt from a measured B_opt at (ε, N, m). */
export function gOptFromBOpt(bOpt: number, p: FiniteNPoint): number {
  return noiseScaleForBatchSize(bOpt, p.lr, p.n, p.momentum);
}

/** B_opt = N / (1 + g_opt (1 − m) / ε). */
export function finiteNBOpt(gOpt: number, p: FiniteNPoint): number {
  return batchSizeForNoiseScale(gOpt, p.lr, p.n, p.momentum);
}

/** The OLS slope of ln B_opt (finite-N law, fixed g_opt) against the axis values x of the points. */
export function finiteNSlope(gOpt: number, points: FiniteNPoint[], x: number[]): number {
  return olsSlope(x, points.map((p) => Math.log(finiteNBOpt(gOpt, p)))).slope;
}

/**
 * Standard error of an OLS slope when every ln B_opt carries at least `floor[i]` of error
 * (independent): √(Σ w_i² floor_i²) with w_i = (x_i − x̄)/Σ(x − x̄)².
 */
export function slopeErrorFromFloor(x: number[], floor: number[]): number {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
  return Math.sqrt(x.reduce((s, v, i) => s + ((v - mx) / sxx) ** 2 * floor[i] ** 2, 0));
}

/**
 * The grid-spacing floor of ln B_opt's error: half the ln-distance between the best cell's two
 * neighbours (the full spacing of an even log grid), or the distance to the one neighbour at an
 * end. A parabola through a few noisy cells cannot place the optimum more finely than the grid
 * it was measured on, whatever the bootstrap says.
 */
export function gridFloor(lnB: number[], best: number): number {
  if (lnB.length < 2 || best < 0) return Number.NaN;
  if (best === 0) return lnB[1] - lnB[0];
  if (best === lnB.length - 1) return lnB[best] - lnB[best - 1];
  return (lnB[best + 1] - lnB[best - 1]) / 2;
}
