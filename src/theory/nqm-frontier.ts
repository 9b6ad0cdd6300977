import { NqmMoments, type NqmProblem } from './nqm.js';
import { firstCrossing } from './nqm-steps.js';
import { goldenSection } from '../stats/golden-section.js';

/**
 * The NQM's steps/examples frontier in closed form (docs/theory.md §3 NQM and §9; McCandlish et
 * al. 2018): steps S(B) to bring the expected loss to the target with the best constant ε at each
 * batch size, its two asymptotes and the critical batch size.
 *
 * - Best ε per B (`nqmBestLr`): a log grid over the stable range 0 < ε < 2(1+m)/h_max, then golden
 *   section in ln ε between the best grid point's neighbours, on the fractional steps of
 *   theory/nqm-steps.ts (continuous in ε). `resolution` is the final bracket's width in ln ε.
 * - S_min = S(∞): noiseless (q = 0) steps with the best ε.
 * - E_min = lim_{B→0} B·S(B): as B → 0 the best ε → 0 with κ = ε/B fixed and SGD becomes the flow
 *   dX_i/dτ = −2h_i X_i + κ c_i (τ = ε·t), so E L(τ) = ½ Σ h_i [X*_i + e^{−2h_i τ}(X_i(0) − X*_i)],
 *   X*_i = κ c_i/(2h_i), and the examples to the target are τ*(κ)/κ (B·t = τ/κ): E_min is their
 *   minimum over κ (needs κ tr C/4 < target). Heavy ball has the same limit (its ε/(1−m) takes
 *   ε's place and the velocity's transient of ~1/(1−m) steps vanishes against S → ∞), so E_min does
 *   not depend on m.
 * - B_crit = E_min/S_min (the hyperbola S = S_min + E_min/B through both asymptotes), and the
 *   knee B_knee where S(B) = 2·S_min exactly; the two agree only when the frontier is that
 *   hyperbola, which `hyperbolaGap` measures: S(B)/(S_min + E_min/B) − 1.
 */
export interface NqmBestLr {
  batchSize: number;
  momentum: number;
  lr: number;
  /** ε/(1 − m): heavy ball's step in plain SGD's units */
  effectiveLr: number;
  /** first step with E L ≤ target at that ε, and the fractional steps minimised */
  steps: number;
  fractional: number;
  /** width of the final golden-section bracket in ln ε */
  resolution: number;
  /** the best ε of the coarse grid was its lowest point: the search range may be too short */
  atEdge: boolean;
}

export interface SearchOptions {
  /** steps beyond which the target counts as unreachable */
  maxSteps: number;
  /** points of the coarse log grid over the ε range */
  gridPoints?: number;
  /** decades of ε the grid spans below the stability bound */
  decades?: number;
  /** golden-section tolerance in ln ε */
  tolerance?: number;
}

const hMax = (p: NqmProblem) => p.curvature.reduce((a, b) => Math.max(a, b), 0);
const traceNoise = (p: NqmProblem) => p.noise.reduce((a, b) => a + b, 0);

/** Minimise f over ln x ∈ (lo, hi): log grid, then golden section between the best point's neighbours. */
function searchLog(f: (lnX: number) => number, lo: number, hi: number, points: number, tolerance: number) {
  const grid = Array.from({ length: points }, (_, k) => lo + ((hi - lo) * k) / (points - 1));
  const values = grid.map(f);
  let best = 0;
  for (let k = 1; k < points; k++) if (values[k] < values[best]) best = k;
  if (!Number.isFinite(values[best])) return null;
  const a = grid[Math.max(best - 1, 0)], b = grid[Math.min(best + 1, points - 1)];
  const [x, v] = goldenSection(f, a, b, tolerance);
  const lowEdge = best === 0;
  // the golden section's answer can only improve on the grid's (f is not exactly unimodal in general)
  return v <= values[best] ? { x, value: v, resolution: tolerance, lowEdge } : { x: grid[best], value: values[best], resolution: grid[1] - grid[0], lowEdge };
}

/** The best constant ε at batch size B (Infinity: noiseless) and momentum m. */
export function nqmBestLr(problem: NqmProblem, batchSize: number, momentum: number, target: number, opts: SearchOptions): NqmBestLr | null {
  const points = opts.gridPoints ?? 40;
  const decades = opts.decades ?? 6;
  const tolerance = opts.tolerance ?? 1e-9;
  const lrMax = (2 * (1 + momentum)) / hMax(problem);
  // the steady-state risk must stay below the target: ε ≲ 4·target·B(1 − m)/tr C for small ε
  const noiseCap = Number.isFinite(batchSize) ? (8 * target * batchSize * (1 - momentum)) / traceNoise(problem) : Infinity;
  const hi = Math.log(lrMax) - 1e-12;
  const top = Math.min(hi, Math.log(noiseCap));
  const lo = top - decades * Math.LN10;
  let hint: number | undefined;
  const f = (lnLr: number) => {
    const moments = new NqmMoments(problem, { lr: Math.exp(lnLr), momentum, batchSize });
    const r = firstCrossing(moments, target, opts.maxSteps, hint);
    if (Number.isFinite(r.steps)) hint = r.steps;
    return r.fractional;
  };
  const found = searchLog(f, lo, top, points, tolerance);
  if (!found) return null;
  const lr = Math.exp(found.x);
  const at = firstCrossing(new NqmMoments(problem, { lr, momentum, batchSize }), target, opts.maxSteps);
  return { batchSize, momentum, lr, effectiveLr: lr / (1 - momentum), steps: at.steps, fractional: at.fractional, resolution: found.resolution, atEdge: found.lowEdge };
}

/** First τ ≥ 0 with E L(τ) ≤ target under the small-batch flow at κ (Infinity if none), relative precision ~1e-15. */
export function flowCrossing(problem: NqmProblem, kappa: number, target: number): number {
  const { curvature: h, noise: c, start } = problem;
  const d = h.length;
  let lInf = 0;
  let l0 = 0;
  let hMin = Infinity;
  const w = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const xs = (kappa * c[i]) / (2 * h[i]);
    lInf += 0.5 * h[i] * xs;
    l0 += 0.5 * h[i] * start[i];
    w[i] = 0.5 * h[i] * (start[i] - xs);
    hMin = Math.min(hMin, h[i]);
  }
  if (l0 <= target) return 0;
  const value = (tau: number) => { let s = lInf; for (let i = 0; i < d; i++) s += w[i] * Math.exp(-2 * h[i] * tau); return s; };
  const lower = (t1: number, t2: number) => { let s = lInf; for (let i = 0; i < d; i++) s += w[i] * Math.exp(-2 * h[i] * (w[i] > 0 ? t2 : t1)); return s; };
  const search = (t1: number, t2: number): number => {
    if (lower(t1, t2) > target) return -1;
    if (t2 - t1 <= 1e-15 * t2) return value(t2) <= target ? t2 : -1;
    const mid = 0.5 * (t1 + t2);
    const left = search(t1, mid);
    return left >= 0 ? left : search(mid, t2);
  };
  // every mode has decayed by e^{−80} at τ = 40/h_min: no first crossing later than that
  const t = search(0, 40 / hMin);
  return t >= 0 ? t : Infinity;
}

export interface NqmMinExamples {
  examples: number;
  /** the best κ = ε/B of the small-batch limit */
  kappa: number;
  resolution: number;
}

/** E_min = min over κ of τ*(κ)/κ (the small-batch limit, any momentum). */
export function nqmMinExamples(problem: NqmProblem, target: number, opts: Omit<SearchOptions, 'maxSteps'> = {}): NqmMinExamples | null {
  const kappaMax = (4 * target) / traceNoise(problem);
  const hi = Math.log(kappaMax) - 1e-12;
  const lo = hi - (opts.decades ?? 6) * Math.LN10;
  const found = searchLog((lnK) => flowCrossing(problem, Math.exp(lnK), target) / Math.exp(lnK), lo, hi, opts.gridPoints ?? 40, opts.tolerance ?? 1e-9);
  return found ? { examples: found.value, kappa: Math.exp(found.x), resolution: found.resolution } : null;
}

export interface NqmCriticalBatch {
  momentum: number;
  sMin: number;
  lrMin: number;
  eMin: number;
  kappaMin: number;
  /** E_min/S_min */
  bCrit: number;
  /** S(B_knee) = 2·S_min (null when not asked for or not bracketed) */
  bKnee: number | null;
}

/**
 * S_min, E_min, B_crit = E_min/S_min and (with `knee`) the batch size where S = 2·S_min, found by
 * bisection in ln B to `kneeTolerance` (relative).
 */
export function nqmCriticalBatch(problem: NqmProblem, momentum: number, target: number, opts: SearchOptions & { knee?: boolean; kneeTolerance?: number }): NqmCriticalBatch | null {
  const noiseless = nqmBestLr(problem, Infinity, momentum, target, opts);
  const flow = nqmMinExamples(problem, target, opts);
  if (!noiseless || !flow) return null;
  const sMin = noiseless.fractional;
  const bCrit = flow.examples / sMin;
  let bKnee: number | null = null;
  if (opts.knee) {
    const excess = (b: number) => (nqmBestLr(problem, b, momentum, target, opts)?.fractional ?? Infinity) - 2 * sMin;
    let lo = Math.log(bCrit) - 1, hi = Math.log(bCrit) + 1;
    for (let k = 0; k < 30 && excess(Math.exp(lo)) <= 0; k++) lo -= 1;
    for (let k = 0; k < 30 && excess(Math.exp(hi)) > 0; k++) hi += 1;
    if (excess(Math.exp(lo)) > 0 && excess(Math.exp(hi)) <= 0) {
      const tol = opts.kneeTolerance ?? 1e-9;
      while (hi - lo > tol) {
        const mid = 0.5 * (lo + hi);
        if (excess(Math.exp(mid)) > 0) lo = mid; else hi = mid;
      }
      bKnee = Math.exp(0.5 * (lo + hi));
    }
  }
  return { momentum, sMin, lrMin: noiseless.lr, eMin: flow.examples, kappaMin: flow.kappa, bCrit, bKnee };
}

/** S(B)/(S_min + E_min/B) − 1: how far the exact frontier is from McCandlish's hyperbola. */
export function hyperbolaGap(steps: number, batchSize: number, sMin: number, eMin: number): number {
  return steps / (sMin + eMin / batchSize) - 1;
}
