import { lnRegularizedBeta } from './incomplete-beta.js';

/**
 * Student's t distribution with ν degrees of freedom: the two-sided tail P(|T| > t) and its
 * inverse. A z-score whose standard error is estimated from R independent replicas is
 * t-distributed with ν = R − 1 (for normal replica means), so thresholds with a stated
 * false-failure rate must come from here, not from the normal distribution: at ν = 63 the normal
 * 4σ understates the tail by a factor of about 2.5.
 *
 * P(|T| > t) = I_{ν/(ν+t²)}(ν/2, ½), computed in log space (stats/incomplete-beta.ts): exact far
 * into the tails (the 37σ tolerances that MAX_TOLERANCE allows), where the finite series used
 * before lost everything below 1e-12 to cancellation.
 */
export function lnStudentTwoSidedTail(t: number, nu: number): number {
  if (!(nu > 0)) throw new RangeError(`degrees of freedom must be positive (got ${nu})`);
  const x = Math.abs(t);
  if (x === 0) return 0;
  if (!Number.isFinite(x)) return Number.NEGATIVE_INFINITY;
  // ν/(ν + t²) loses t when t² ≫ ν: write it as 1/(1 + t²/ν)
  return lnRegularizedBeta(1 / (1 + (x * x) / nu), nu / 2, 0.5);
}

export function studentTwoSidedTail(t: number, nu: number): number {
  if (!Number.isInteger(nu) || nu < 1) throw new RangeError(`degrees of freedom must be a positive integer (got ${nu})`);
  return Math.min(1, Math.exp(lnStudentTwoSidedTail(t, nu)));
}

/** The t with P(|T_ν| > t) = p (0 < p < 1). */
export function studentTwoSidedQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tail probability must lie in (0, 1) (got ${p})`);
  return studentQuantileFromLog(Math.log(p), nu);
}

/** The t with ln P(|T_ν| > t) = lnP (lnP < 0), by bisection on the monotone log tail. */
export function studentQuantileFromLog(lnP: number, nu: number): number {
  if (!(lnP < 0)) throw new RangeError(`the log tail probability must be negative (got ${lnP})`);
  let lo = 0;
  let hi = 1;
  while (lnStudentTwoSidedTail(hi, nu) > lnP) {
    hi *= 2;
    if (!Number.isFinite(hi)) return Infinity;
  }
  for (let it = 0; it < 300 && hi - lo > 1e-13 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (lnStudentTwoSidedTail(mid, nu) > lnP) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
