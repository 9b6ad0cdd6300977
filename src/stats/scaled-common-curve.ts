import { localLinearAt, localLinearFit } from './local-linear.js';

/**
 * One smooth curve shared by several groups of points, each group with its own scale:
 * y_c ≈ s_{p(c)} · f(u_c), f a local-linear smooth in u (local-linear.ts, Gaussian kernel of
 * standard deviation h), s_p one positive number per group, weights 1/se_c². This is the collapse
 * of several curves onto one up to a vertical scale (e.g. the accuracy above chance of sweeps whose
 * plateau differs). Fitted by backfitting: given the scales, f smooths y_c/s_p with weights
 * s_p²/se_c²; given f, each s_p is the weighted least-squares scale Σ w f y / Σ w f². The gauge
 * (s·k, f/k) is fixed by max f = 1 over the data.
 *
 * The fit is linear in y once the scales are fixed, so its effective number of parameters is the
 * smoother's hat-matrix trace plus one per group beyond the first (the overall scale belongs to f).
 */
export interface ScaledCurveFit {
  /** s_p f(u_c) at each point */
  fitted: number[];
  /** f(u_c) at each point (max 1) */
  curve: number[];
  /** s_p per group */
  scales: number[];
  /** hat-matrix trace of the smoother plus the groups' scales beyond the first */
  effectiveParameters: number;
  /** backfitting iterations used, and whether the fitted values settled */
  iterations: number;
  converged: boolean;
  /** f at arbitrary u (the same smoother through the final y/s) */
  curveAt(u: readonly number[]): number[];
}

const MAX_ITERATIONS = 500;
const SETTLED = 1e-11;

export function fitScaledCommonCurve(u: readonly number[], y: readonly number[], se: readonly number[], group: readonly number[], h: number): ScaledCurveFit {
  const n = u.length;
  if (y.length !== n || se.length !== n || group.length !== n) throw new RangeError('u, y, se and group must have the same length');
  if (n === 0) throw new RangeError('no points to fit');
  for (let i = 0; i < n; i++) {
    if (!(se[i] > 0) || !Number.isFinite(se[i])) throw new RangeError(`standard error ${i} must be a positive number, got ${se[i]}`);
    if (!Number.isFinite(u[i]) || !Number.isFinite(y[i])) throw new RangeError(`point ${i} is not finite (u = ${u[i]}, y = ${y[i]})`);
  }
  const groups = Math.max(...group) + 1;
  const w = se.map((s) => 1 / (s * s));
  // start from each group's largest value (its plateau), or 1 where a group has none above zero
  const scales = new Array<number>(groups).fill(0);
  for (let i = 0; i < n; i++) scales[group[i]] = Math.max(scales[group[i]], y[i]);
  for (let p = 0; p < groups; p++) if (!(scales[p] > 0)) scales[p] = 1;
  const scale = Math.max(...y.map(Math.abs), 1e-300);

  let curve: number[] = new Array<number>(n).fill(0);
  let fitted: number[] = new Array<number>(n).fill(0);
  let trace = 0;
  let iterations = 0;
  let converged = false;
  while (iterations < MAX_ITERATIONS) {
    iterations++;
    const z = y.map((v, i) => v / scales[group[i]]);
    const wz = w.map((v, i) => v * scales[group[i]] ** 2);
    const fit = localLinearFit(u, z, wz, h);
    curve = fit.fitted;
    trace = fit.effectiveParameters;
    const top = Math.max(...curve);
    if (top > 0) {
      curve = curve.map((f) => f / top);
      for (let p = 0; p < groups; p++) scales[p] *= top;
    }
    // each group's scale given the curve (kept where the curve vanishes over the whole group)
    const num = new Array<number>(groups).fill(0);
    const den = new Array<number>(groups).fill(0);
    for (let i = 0; i < n; i++) {
      num[group[i]] += w[i] * curve[i] * y[i];
      den[group[i]] += w[i] * curve[i] * curve[i];
    }
    for (let p = 0; p < groups; p++) if (den[p] > 0 && num[p] > 0) scales[p] = num[p] / den[p];
    const next = curve.map((f, i) => scales[group[i]] * f);
    let change = 0;
    for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(next[i] - fitted[i]));
    fitted = next;
    if (change <= SETTLED * scale) {
      converged = true;
      break;
    }
  }
  // the curve drawn or moved elsewhere is the smooth of the data at the final scales
  const zFinal = y.map((v, i) => v / scales[group[i]]);
  const wFinal = w.map((v, i) => v * scales[group[i]] ** 2);
  const top = Math.max(...localLinearFit(u, zFinal, wFinal, h).fitted);
  const norm = top > 0 ? top : 1;
  return {
    fitted,
    curve,
    scales,
    effectiveParameters: trace + (new Set(group).size - 1),
    iterations,
    converged,
    curveAt: (at) => localLinearAt(u, zFinal, wFinal, h, at).map((f) => f / norm),
  };
}
