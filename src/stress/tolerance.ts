import { lnTwoSidedTail, twoSidedTail } from '../stats/normal.js';
import { studentQuantileFromLog } from '../stats/student-t.js';

/**
 * Tolerances of the simulation checks. `tolerance` (in σ) fixes the per-case false-failure rate
 * α = 2(1 − Φ(tolerance)) (4σ ⇒ 6.3e-5); a case that makes k comparisons splits α among them
 * (Bonferroni), and each comparison's standard error comes from R independent replicas, so its
 * threshold is the Student-t quantile with R − 1 degrees of freedom, not the normal one.
 */
export function caseFalseFailureRate(tolerance: number): number {
  return twoSidedTail(tolerance);
}

/** |z| threshold for one of `count` comparisons in a case, standard errors from `replicas` replicas. */
export function comparisonThreshold(tolerance: number, count: number, replicas: number): number {
  return studentQuantileFromLog(lnTwoSidedTail(tolerance) - Math.log(Math.max(1, count)), replicas - 1); // log space: finite for every tolerance allowed
}

/** Probability that at least one of `cases` independent correct cases fails by chance. */
export function runFalseFailureRate(perCase: number, cases: number): number {
  return 1 - (1 - perCase) ** cases;
}
