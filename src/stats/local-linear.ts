/**
 * Weighted local-linear regression (a kernel smoother that fits a straight line in each window):
 * at a point u0 it minimises Σ_j K((u_j − u0)/h) w_j (y_j − a − b(u_j − u0))² and returns a. The
 * kernel is Gaussian with standard deviation h; w_j = 1/s_j² are the data's weights. The fit is
 * linear in y, f(u0) = Σ_j ℓ_j(u0) y_j, so the hat matrix is known: its diagonal ℓ_i(u_i) counts how
 * much each point fits itself, and its trace is the smoother's effective number of parameters
 * (used to count the degrees of freedom of a chi-square about the fitted curve).
 *
 * Unlike a local mean, a local line has no first-order bias at the ends of the data or where the
 * points are unevenly spaced. Where the window holds points at one u only (no slope can be
 * fitted) it falls back to the local weighted mean.
 */
export interface LocalLinearFit {
  /** the fitted curve at each data point */
  fitted: number[];
  /** the hat matrix's diagonal: the weight of y_i in the fit at u_i */
  leverage: number[];
  /** Σ leverage: the effective number of parameters of the fit */
  effectiveParameters: number;
}

/** Kernel weights below this fraction of the peak are dropped (a Gaussian beyond 8.3 h). */
const NEGLIGIBLE = 1e-15;

/** The weights ℓ_j(u0) of the fit at u0 (f(u0) = Σ ℓ_j y_j). */
export function localLinearWeights(u: readonly number[], w: readonly number[], h: number, u0: number, out = new Float64Array(u.length)): Float64Array {
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`the bandwidth must be a positive number, got ${h}`);
  let s0 = 0, s1 = 0, s2 = 0;
  for (let j = 0; j < u.length; j++) {
    const d = (u[j] - u0) / h;
    const k = Math.exp(-0.5 * d * d);
    const kw = k < NEGLIGIBLE ? 0 : k * w[j];
    out[j] = kw;
    const x = u[j] - u0;
    s0 += kw;
    s1 += kw * x;
    s2 += kw * x * x;
  }
  if (!(s0 > 0)) throw new RangeError(`no data within the kernel at u = ${u0} (bandwidth ${h})`);
  const det = s0 * s2 - s1 * s1;
  // a window whose points share one u (or nearly): no slope, the local mean
  const flat = !(det > 1e-12 * s0 * s2);
  for (let j = 0; j < u.length; j++) {
    const kw = out[j];
    out[j] = flat ? kw / s0 : (kw * (s2 - (u[j] - u0) * s1)) / det;
  }
  return out;
}

/** The fit at every data point, with its leverages. */
export function localLinearFit(u: readonly number[], y: readonly number[], w: readonly number[], h: number): LocalLinearFit {
  const n = u.length;
  if (y.length !== n || w.length !== n) throw new RangeError('u, y and w must have the same length');
  const fitted = new Array<number>(n);
  const leverage = new Array<number>(n);
  const l = new Float64Array(n);
  let trace = 0;
  for (let i = 0; i < n; i++) {
    localLinearWeights(u, w, h, u[i], l);
    let f = 0;
    for (let j = 0; j < n; j++) f += l[j] * y[j];
    fitted[i] = f;
    leverage[i] = l[i];
    trace += l[i];
  }
  return { fitted, leverage, effectiveParameters: trace };
}

/** The fitted curve at arbitrary points (for drawing it, or for moving it to another variable). */
export function localLinearAt(u: readonly number[], y: readonly number[], w: readonly number[], h: number, at: readonly number[]): number[] {
  const l = new Float64Array(u.length);
  return at.map((u0) => {
    localLinearWeights(u, w, h, u0, l);
    let f = 0;
    for (let j = 0; j < u.length; j++) f += l[j] * y[j];
    return f;
  });
}
