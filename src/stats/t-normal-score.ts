import { studentTwoSidedQuantile, studentTwoSidedTail } from './student-t.js';
import { erfc, normalQuantile } from './normal.js';

/**
 * A z whose standard error comes from R replicas is Student-t on ν = R − 1 degrees of freedom.
 * Checks that sum (a chi-square) or maximise (a worst cell) many such z's convert each to the
 * normal score with the same tail probability, or move the threshold to the t scale, so that
 * their false-failure rates are the ones stated.
 */

/**
 * The normal score with the same tail probability as t on ν degrees of freedom (sign kept). Beyond
 * the tail the series of student-t.ts resolves (~1e-12), t itself is returned: it exceeds the
 * normal score there, which only matters for checks that already fail by far.
 */
export function tToNormalScore(t: number, nu: number): number {
  if (!Number.isFinite(t)) return t;
  const q = 0.5 * studentTwoSidedTail(t, nu);
  if (!(q > 1e-12)) return t;
  if (q >= 0.5) return 0;
  return Math.sign(t) * -normalQuantile(q);
}

/** The |t| threshold on ν degrees of freedom with the same two-sided tail as |z| > zThreshold. */
export function tThresholdFor(zThreshold: number, nu: number): number {
  // erfc(z/√2) = 2(1 − Φ(z)) without the cancellation that made it 0 at z = 10 (and crashed the run)
  const tail = erfc(zThreshold / Math.SQRT2);
  if (!(tail > 0)) return Infinity; // beyond ~37σ the tail underflows: no finite threshold is as strict as asked
  return studentTwoSidedQuantile(tail, nu);
}
