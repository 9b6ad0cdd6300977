import { quantile } from './quantile.js';
import { variance } from './sample-moments.js';

/**
 * The slope of y on x by ordinary least squares, with its uncertainty from bootstrap replicates of
 * the y values (replicate b of every point refitted together; the points' replicates are
 * independent, as they come from independent cells). Used for log-log slopes such as
 * d ln B_opt / d ln ε.
 */
export function olsSlope(x: readonly number[], y: readonly number[]): { slope: number; intercept: number } {
  const n = x.length;
  let sx = 0, sy = 0;
  for (let i = 0; i < n; i++) { sx += x[i]; sy += y[i]; }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) { sxx += (x[i] - mx) ** 2; sxy += (x[i] - mx) * (y[i] - my); }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export interface SlopeEstimate {
  slope: number;
  intercept: number;
  stdError: number;
  /** 2.5 % and 97.5 % percentiles of the bootstrap slopes */
  ci: [number, number];
}

/** `replicates[i][b]`: replicate b of point i (all points must have the same count). */
export function bootstrapSlope(x: readonly number[], y: readonly number[], replicates: readonly (readonly number[])[]): SlopeEstimate {
  const { slope, intercept } = olsSlope(x, y);
  const count = Math.min(...replicates.map((r) => r.length));
  const slopes: number[] = [];
  const yb = new Array<number>(x.length);
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < x.length; i++) yb[i] = replicates[i][b];
    const s = olsSlope(x, yb).slope;
    if (Number.isFinite(s)) slopes.push(s);
  }
  slopes.sort((a, b) => a - b);
  return {
    slope,
    intercept,
    stdError: slopes.length > 1 ? Math.sqrt(variance(slopes)) : Number.NaN,
    ci: [quantile(slopes, 0.025), quantile(slopes, 0.975)],
  };
}
