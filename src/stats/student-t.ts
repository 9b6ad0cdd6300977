/**
 * Student's t distribution with an integer number of degrees of freedom ν: the two-sided tail
 * P(|T| > t) and its inverse. A z-score whose standard error is estimated from R independent
 * replicas is t-distributed with ν = R − 1 (for normal replica means), so thresholds with a stated
 * false-failure rate must come from here, not from the normal distribution: at ν = 63 the normal
 * 4σ understates the tail by a factor of about 2.5.
 */

/**
 * P(|T_ν| > t) by the finite series of Abramowitz & Stegun 26.7.3–4 (exact for integer ν, no
 * cancellation issue at the tails used here: the series gives A = P(|T| ≤ t) and 1 − A ≥ 1e-12).
 */
export function studentTwoSidedTail(t: number, nu: number): number {
  if (!Number.isInteger(nu) || nu < 1) throw new RangeError(`degrees of freedom must be a positive integer (got ${nu})`);
  const x = Math.abs(t);
  if (x === 0) return 1;
  if (!Number.isFinite(x)) return 0;
  const theta = Math.atan(x / Math.sqrt(nu));
  const s = Math.sin(theta);
  const c2 = Math.cos(theta) ** 2;
  let a: number;
  if (nu % 2 === 1) {
    // A = (2/π)[θ + sinθ cosθ (1 + (2/3)cos²θ + (2·4)/(3·5)cos⁴θ + … up to cos^{ν−3}θ)]
    let sum = 0;
    if (nu > 1) {
      let term = 1;
      sum = 1;
      for (let k = 1; k <= (nu - 3) / 2; k++) {
        term *= ((2 * k) / (2 * k + 1)) * c2;
        sum += term;
      }
      sum *= s * Math.cos(theta);
    }
    a = (2 / Math.PI) * (theta + sum);
  } else {
    // A = sinθ (1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + … up to cos^{ν−2}θ)
    let term = 1;
    let sum = 1;
    for (let k = 1; k <= (nu - 2) / 2; k++) {
      term *= ((2 * k - 1) / (2 * k)) * c2;
      sum += term;
    }
    a = s * sum;
  }
  return Math.min(1, Math.max(0, 1 - a));
}

/** The t with P(|T_ν| > t) = p, by bisection (the tail is monotone; 0 < p < 1). */
export function studentTwoSidedQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tail probability must lie in (0, 1) (got ${p})`);
  let lo = 0;
  let hi = 1;
  while (studentTwoSidedTail(hi, nu) > p) hi *= 2;
  for (let it = 0; it < 200 && hi - lo > 1e-12 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (studentTwoSidedTail(mid, nu) > p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
