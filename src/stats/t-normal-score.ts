import { lnStudentTwoSidedTail, studentQuantileFromLog } from './student-t.js';
import { lnTwoSidedTail, upperQuantileFromLog } from './normal.js';

/**
 * A z whose standard error comes from R replicas is Student-t on ν = R − 1 degrees of freedom.
 * Checks that sum (a chi-square) or maximise (a worst cell) many such z's convert each to the
 * normal score with the same tail probability, or move the threshold to the t scale, so that
 * their false-failure rates are the ones stated. Both in log space: finite for any finite t.
 */

/** The normal score with the same tail probability as t on ν degrees of freedom (sign kept). */
export function tToNormalScore(t: number, nu: number): number {
  if (!Number.isFinite(t)) return t;
  if (t === 0) return 0;
  const lnQ = lnStudentTwoSidedTail(t, nu) - Math.log(2);
  return Math.sign(t) * upperQuantileFromLog(lnQ);
}

/** The |t| threshold on ν degrees of freedom with the same two-sided tail as |z| > zThreshold. */
export function tThresholdFor(zThreshold: number, nu: number): number {
  return studentQuantileFromLog(lnTwoSidedTail(zThreshold), nu);
}
