/**
 * The chi-square distribution: its survival function (the p-value of a goodness-of-fit statistic)
 * and the Wilson–Hilferty normal score, which turns a chi-square on k degrees of freedom into an
 * approximately standard normal z (accurate to ~0.01 in z for k ≥ 3, far better than the
 * (χ² − k)/√(2k) approximation in the tails). Predictions are stated in z, so a chi-square
 * enters them through this score.
 */

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a) (series below a + 1, Lentz continued fraction above). */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`gammaQ needs a > 0, got ${a}`);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  const lnPrefix = a * Math.log(x) - x - lnGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - sum * Math.exp(lnPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(lnPrefix) * h;
}

/** P(χ²_k > x): the p-value of a chi-square statistic x on k degrees of freedom. */
export function chiSquareSurvival(x: number, k: number): number {
  return gammaQ(k / 2, x / 2);
}

/** Wilson–Hilferty: ((x/k)^{1/3} − (1 − 2/(9k))) / √(2/(9k)), ≈ N(0, 1) when x ~ χ²_k. */
export function chiSquareNormalScore(x: number, k: number): number {
  const v = 2 / (9 * k);
  return (Math.cbrt(x / k) - (1 - v)) / Math.sqrt(v);
}

export interface ChiSquareTest {
  chiSquare: number;
  dof: number;
  pValue: number;
  /** Wilson–Hilferty normal score of the statistic */
  z: number;
  /** the largest |z_i| of the terms, and its index */
  maxAbsZ: number;
  worst: number;
}

/**
 * Σ z_i² of independent standardised deviations z_i = (y_i − f_i)/s_i, on `values.length − fitted`
 * degrees of freedom. `score` maps each z first (e.g. a Student-t z to its normal score).
 */
export function chiSquareTest(
  measured: readonly number[], predicted: readonly number[], stdErrors: readonly number[], fitted = 0, score: (z: number) => number = (z) => z,
): ChiSquareTest {
  return chiSquareOfScores(measured.map((y, i) => score((y - predicted[i]) / stdErrors[i])), fitted);
}

/** The chi-square of given standard-normal scores. */
export function chiSquareOfScores(scores: readonly number[], fitted = 0): ChiSquareTest {
  let chi = 0;
  let maxAbsZ = -1;
  let worst = -1;
  for (let i = 0; i < scores.length; i++) {
    const z = scores[i];
    chi += z * z;
    if (!(Math.abs(z) <= maxAbsZ)) { maxAbsZ = Math.abs(z); worst = i; }
  }
  const dof = scores.length - fitted;
  return { chiSquare: chi, dof, pValue: chiSquareSurvival(chi, dof), z: chiSquareNormalScore(chi, dof), maxAbsZ, worst };
}
