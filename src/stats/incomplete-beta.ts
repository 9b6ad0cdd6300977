import { lnGamma } from './chi-square.js';

/**
 * The regularised incomplete beta function I_x(a, b), and its logarithm, by the continued fraction
 * of Numerical Recipes (betacf, modified Lentz), with the symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
 * so that the fraction is always used where it converges fast. The logarithm is computed without
 * forming the tiny value, so tails far beyond 1e-300 (the Student and F tails of a 37σ tolerance)
 * stay finite and exact to ~1e-14 relative.
 */
function continuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** ln of x^a (1−x)^b / (a B(a, b)) · CF: the form that converges for x < (a+1)/(a+b+2). */
function lnDirect(a: number, b: number, x: number): number {
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  return lnFront + Math.log(continuedFraction(a, b, x)) - Math.log(a);
}

/** ln I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1 (−Infinity at x = 0). */
export function lnRegularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`the incomplete beta needs a, b > 0 (got ${a}, ${b})`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`the incomplete beta needs 0 ≤ x ≤ 1 (got ${x})`);
  if (x === 0) return Number.NEGATIVE_INFINITY;
  if (x === 1) return 0;
  if (x < (a + 1) / (a + b + 2)) return lnDirect(a, b, x);
  // I_x(a, b) = 1 − I_{1−x}(b, a)
  return Math.log1p(-Math.exp(lnDirect(b, a, 1 - x)));
}

export function regularizedBeta(x: number, a: number, b: number): number {
  return Math.exp(lnRegularizedBeta(x, a, b));
}
