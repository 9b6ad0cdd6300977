/** Standard normal distribution: CDF and quantile (for tolerances with a stated false-failure rate). */

/** Φ(x), via the complementary error function (W. J. Cody's rational approximation, |error| < 1.2e-7 relative is ample here). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

export function erfc(x: number): number {
  // Numerical Recipes' erfcc (Chebyshev), fractional error < 1.2e-7 everywhere
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Φ⁻¹(p) by Acklam's algorithm with one Halley refinement (relative error ~1e-9 after refinement). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  let x: number;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - plow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/**
 * The largest tolerance, in standard errors, a scenario may ask for. Beyond it the two-sided normal
 * tail 2(1 − Φ(z)) (5.7e-300 at 37σ) stops being representable in double precision, so a stated
 * false-failure rate, and the Bonferroni and Student-t thresholds derived from it, would mean
 * nothing; `validate` refuses larger tolerances. Thresholds below are computed in log space, so
 * every tolerance up to this bound gives a finite threshold whatever the number of checks.
 */
export const MAX_TOLERANCE = 37;

/** ln(2(1 − Φ(|z|))), without underflow for any finite z. */
export function lnTwoSidedTail(z: number): number {
  const x = Math.abs(z);
  if (x < 30) return Math.log(erfc(x / Math.SQRT2));
  // Mills ratio: 2φ(x)/x · (1 − 1/x² + 3/x⁴ − 15/x⁶)
  const inv2 = 1 / (x * x);
  return Math.log(2) - 0.5 * x * x - 0.5 * Math.log(2 * Math.PI) - Math.log(x) + Math.log(1 - inv2 + 3 * inv2 * inv2 - 15 * inv2 * inv2 * inv2);
}

/** The z > 0 with ln(1 − Φ(z)) = lnQ (lnQ < ln ½), accurate also where Q underflows. */
export function upperQuantileFromLog(lnQ: number): number {
  if (!(lnQ < Math.log(0.5))) return lnQ === Math.log(0.5) ? 0 : -upperQuantileFromLog(Math.log1p(-Math.exp(lnQ)));
  if (lnQ > -690) return -normalQuantile(Math.exp(lnQ));
  // Newton on ln(1 − Φ(z)) = lnQ with the Mills-ratio tail; d/dz ln(1 − Φ) = −φ/(1 − Φ) ≈ −(z + 1/z)
  let z = Math.sqrt(-2 * lnQ);
  for (let i = 0; i < 50; i++) {
    const step = (lnTwoSidedTail(z) - Math.log(2) - lnQ) / (z + 1 / z);
    z += step;
    if (Math.abs(step) < 1e-13 * z) break;
  }
  return z;
}

/**
 * Two-sided threshold in standard errors for `count` simultaneous checks with family-wise
 * false-failure rate `alpha` (Bonferroni).
 */
export function bonferroniThreshold(count: number, alpha: number): number {
  // −Φ⁻¹(q) rather than Φ⁻¹(1 − q): 1 − q rounds to 1 for the small q of a 10σ tolerance
  const q = alpha / (2 * Math.max(1, count));
  if (!(q > 0)) return Infinity; // an underflowed tail: use bonferroniThresholdFor (log space) instead
  return -normalQuantile(q);
}

/**
 * The Bonferroni threshold of `count` checks whose family-wise false-failure rate is that of one
 * check at `tolerance` σ, in log space: finite for every tolerance up to MAX_TOLERANCE and any count.
 */
export function bonferroniThresholdFor(count: number, tolerance: number): number {
  return upperQuantileFromLog(lnTwoSidedTail(tolerance) - Math.log(2 * Math.max(1, count)));
}

/** 2(1 − Φ(|z|)), the two-sided tail, as erfc(|z|/√2): no cancellation at large z (10σ gives 1.5e-23, not 0). */
export function twoSidedTail(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}
