import { cholesky, choleskySolve } from '../linalg/cholesky.js';
import { NumericalError } from '../errors.js';
import { lnRegularizedBeta } from './incomplete-beta.js';
import { upperQuantileFromLog } from './normal.js';

/**
 * Hotelling's T² test of a vector mean against a predicted vector θ₀, from R independent replica
 * vectors x_r of dimension p (here: the entries of a covariance matrix, one estimate per replica):
 *
 *     T² = R (x̄ − θ₀)ᵀ S⁻¹ (x̄ − θ₀),   (R − p) / (p (R − 1)) · T² ~ F(p, R − p)   under θ₀,
 *
 * S the sample covariance of the x_r. It judges all p entries at once, with their correlations,
 * and has a known null distribution, unlike the worst single entry (which a near-zero off-diagonal
 * entry decided) or a plain norm of a noisy difference (biased upwards by the noise). The F tail is
 * turned into a normal score z (same upper-tail probability), so a prediction states it as
 * predicted 0, measured z, s.e. 1, like the chi-square predictions. The replica vectors must be
 * close to normal (time averages of many steps are) and R must exceed p by a margin: S⁻¹ is poorly
 * estimated otherwise (MIN_EXTRA_REPLICAS).
 */
export const MIN_EXTRA_REPLICAS = 10;

export interface HotellingTest {
  tSquared: number;
  f: number;
  dof1: number;
  dof2: number;
  /** ln P(F > f) */
  lnPValue: number;
  /** the normal score with the same upper tail */
  z: number;
  /** the normal score a mean shift `shift` (a vector, same units) would typically give: noncentrality R·shiftᵀS⁻¹shift */
  scoreOfShift(shift: Float64Array): number;
}

export type HotellingOutcome = { test: HotellingTest } | { problem: string };

/** `samples[r]` is replica r's vector (length p). */
export function hotellingTest(samples: readonly Float64Array[], theta0: Float64Array): HotellingOutcome {
  const r = samples.length;
  const p = theta0.length;
  if (r < p + MIN_EXTRA_REPLICAS) return { problem: `${r} replicas are too few to judge ${p} entries jointly (Hotelling T² needs at least p + ${MIN_EXTRA_REPLICAS} = ${p + MIN_EXTRA_REPLICAS})` };
  const mean = new Float64Array(p);
  for (const x of samples) for (let i = 0; i < p; i++) mean[i] += x[i] / r;
  const cov = new Float64Array(p * p);
  for (const x of samples)
    for (let i = 0; i < p; i++) {
      const di = x[i] - mean[i];
      for (let j = 0; j <= i; j++) cov[i * p + j] += (di * (x[j] - mean[j])) / (r - 1);
    }
  // standardise (T² does not change) so that entries of very different size do not spoil the factorisation
  const scale = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    if (!(cov[i * p + i] > 0)) return { problem: `entry ${i} does not vary between replicas (variance ${cov[i * p + i]}): no standard error` };
    scale[i] = Math.sqrt(cov[i * p + i]);
  }
  const corr = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j <= i; j++) {
      const c = cov[i * p + j] / (scale[i] * scale[j]);
      corr[i * p + j] = c;
      corr[j * p + i] = c;
    }
  let l: Float64Array;
  try {
    l = cholesky(corr, p, 'the covariance of the replicas\' entries');
  } catch (err) {
    if (err instanceof NumericalError) return { problem: `the replicas' entries are linearly dependent (${err.message})` };
    throw err;
  }
  const quadratic = (v: Float64Array) => {
    const y = Float64Array.from(v, (x, i) => x / scale[i]);
    const s = choleskySolve(l, p, y);
    let q = 0;
    for (let i = 0; i < p; i++) q += y[i] * s[i];
    return q;
  };
  const diff = Float64Array.from(mean, (m, i) => m - theta0[i]);
  const tSquared = r * quadratic(diff);
  const dof1 = p;
  const dof2 = r - p;
  const toF = (t2: number) => ((r - p) / (p * (r - 1))) * t2;
  const score = (f: number) => {
    const lnTail = lnFTail(f, dof1, dof2);
    return { lnTail, z: upperQuantileFromLog(lnTail) };
  };
  const f = toF(tSquared);
  const { lnTail, z } = score(f);
  return {
    test: {
      tSquared,
      f,
      dof1,
      dof2,
      lnPValue: lnTail,
      z,
      // a typical T² under a shift: its null mean p plus the noncentrality R·shiftᵀS⁻¹shift
      scoreOfShift: (shift) => score(toF(p + r * quadratic(shift))).z,
    },
  };
}

/** ln P(F_{d1,d2} > f) = ln I_{d2/(d2 + d1 f)}(d2/2, d1/2). */
export function lnFTail(f: number, d1: number, d2: number): number {
  if (!(f > 0)) return 0;
  return lnRegularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}
