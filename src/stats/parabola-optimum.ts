import type { Rng } from '../rng/xoshiro.js';
import { mean, variance } from './sample-moments.js';
import { quantile } from './quantile.js';

/**
 * The location of the minimum of a noisy curve sampled on a grid u_k (here u = ln B): a weighted
 * least-squares parabola through the best cell and `window` neighbours on each side; its vertex is
 * the estimate. When the parabola opens downwards or its vertex leaves the window, the best grid
 * cell itself is the estimate (method 'grid'). Uncertainty: bootstrap over seeds (each cell's
 * seeds resampled with replacement), refitting every replicate from scratch, best cell included.
 *
 * `eligible` (optional) restricts the fit to cells that may carry the curve (a network cell that
 * trained): the best cell is the best eligible one and the window is the contiguous run of
 * eligible cells around it, so the parabola never spans a cell on the other side of an edge
 * (an untrained B = 3 cell made a vertex at B = 177 out of cells whose best was B = 30), and the
 * vertex is kept only between the best cell's grid neighbours (otherwise: the best cell).
 */
export interface OptimumEstimate {
  /** estimated argmin in u */
  u: number;
  /** index of the best cell */
  best: number;
  /** the best cell is not the first or last of the grid */
  interior: boolean;
  method: 'parabola' | 'grid';
}

/** Weighted least squares y ≈ a + b u + c u²; returns [a, b, c] or null when singular. */
export function fitParabola(u: readonly number[], y: readonly number[], w: readonly number[]): [number, number, number] | null {
  // normal equations, centred on the mean u for conditioning
  let sw = 0, su = 0;
  for (let k = 0; k < u.length; k++) { sw += w[k]; su += w[k] * u[k]; }
  const u0 = su / sw;
  const m = [0, 0, 0, 0, 0]; // Σ w t^p, p = 0..4
  const r = [0, 0, 0]; // Σ w y t^p
  for (let k = 0; k < u.length; k++) {
    const t = u[k] - u0;
    let tp = w[k];
    for (let p = 0; p <= 4; p++) {
      m[p] += tp;
      if (p <= 2) r[p] += tp * y[k];
      tp *= t;
    }
  }
  const a = [[m[0], m[1], m[2]], [m[1], m[2], m[3]], [m[2], m[3], m[4]]];
  const det = det3(a);
  if (!(Math.abs(det) > 1e-14 * Math.abs(m[0] * m[2] * m[4]))) return null;
  const sol = [0, 1, 2].map((col) => det3(a.map((row, i) => row.map((v, j) => (j === col ? r[i] : v)))) / det);
  // back from t = u − u0 to u
  const [a0, b0, c0] = sol;
  return [a0 - b0 * u0 + c0 * u0 * u0, b0 - 2 * c0 * u0, c0];
}

function det3(a: number[][]): number {
  return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
}

/** Locate the minimum of means y (standard errors se, used as weights 1/se²) over the grid u. */
export function locateMinimum(u: readonly number[], y: readonly number[], se: readonly number[], window: number, eligible?: readonly boolean[]): OptimumEstimate {
  const ok = (k: number) => Number.isFinite(y[k]) && (!eligible || eligible[k]);
  let best = -1;
  for (let k = 0; k < y.length; k++) if (ok(k) && (best < 0 || y[k] < y[best])) best = k;
  if (best < 0) return { u: Number.NaN, best: -1, interior: false, method: 'grid' };
  const interior = best > 0 && best < y.length - 1;
  let lo = best;
  let hi = best;
  // the window stops at the first ineligible cell; a cell with no finite value inside it is skipped
  const inRun = (k: number) => !eligible || eligible[k];
  while (lo > 0 && best - (lo - 1) <= window && inRun(lo - 1)) lo--;
  while (hi < y.length - 1 && hi + 1 - best <= window && inRun(hi + 1)) hi++;
  const us: number[] = [], ys: number[] = [], ws: number[] = [];
  const floor = positiveFloor(se);
  for (let k = lo; k <= hi; k++) {
    if (!Number.isFinite(y[k])) continue;
    us.push(u[k]);
    ys.push(y[k]);
    ws.push(1 / Math.max(se[k], floor) ** 2);
  }
  if (interior && us.length >= 3) {
    const fit = fitParabola(us, ys, ws);
    if (fit && fit[2] > 0) {
      const vertex = -fit[1] / (2 * fit[2]);
      // with an eligibility mask, the vertex must also lie between the best cell's grid neighbours:
      // the best cell being best, the optimum is there, and a vertex beyond says the curve is skewed
      const vlo = eligible ? u[Math.max(lo, best - 1)] : u[lo];
      const vhi = eligible ? u[Math.min(hi, best + 1)] : u[hi];
      if (vertex >= vlo && vertex <= vhi) return { u: vertex, best, interior, method: 'parabola' };
    }
  }
  return { u: u[best], best, interior, method: 'grid' };
}

/** A small positive floor for standard errors (zero spread would give infinite weight). */
function positiveFloor(se: readonly number[]): number {
  let max = 0;
  for (const s of se) if (Number.isFinite(s) && s > max) max = s;
  return max > 0 ? max * 1e-3 : 1;
}

export interface BootstrapOptimum extends OptimumEstimate {
  /** standard deviation of the bootstrap replicates of u */
  stdError: number;
  /** 2.5 % and 97.5 % percentiles of the replicates */
  ci: [number, number];
  replicates: number[];
  /** cell means and standard errors across seeds */
  means: number[];
  stdErrors: number[];
}

/**
 * Point estimate from the seed means and a bootstrap over seeds. `values[k][s]` is seed s's
 * value at cell k (NaN = missing, ignored).
 */
export function bootstrapOptimum(u: readonly number[], values: readonly (readonly number[])[], window: number, replicates: number, rng: Rng, eligible?: readonly boolean[]): BootstrapOptimum {
  const clean = values.map((row) => row.filter((v) => Number.isFinite(v)));
  const means = clean.map(mean);
  const stdErrors = clean.map((row) => (row.length > 1 ? Math.sqrt(variance(row) / row.length) : Number.NaN));
  const point = locateMinimum(u, means, stdErrors, window, eligible);
  const reps: number[] = [];
  const ym = new Array<number>(u.length);
  for (let b = 0; b < replicates; b++) {
    for (let k = 0; k < clean.length; k++) {
      const row = clean[k];
      let s = 0;
      for (let i = 0; i < row.length; i++) s += row[rng.int(row.length)];
      ym[k] = row.length > 0 ? s / row.length : Number.NaN;
    }
    reps.push(locateMinimum(u, ym, stdErrors, window, eligible).u);
  }
  const finite = reps.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const sd = finite.length > 1 ? Math.sqrt(variance(finite)) : Number.NaN;
  return { ...point, stdError: sd, ci: [quantile(finite, 0.025), quantile(finite, 0.975)], replicates: reps, means, stdErrors };
}
