import { NqmMoments, type NqmOptimizer, type NqmProblem } from './nqm.js';
import { fitCrossing } from '../stats/crossing-fit.js';

/**
 * Steps to a target under the NQM's closed form (docs/theory.md §3, NQM), with the `expected`
 * definition of the NQM paper and of McCandlish et al. (2018): the first step t at which the
 * expected loss E L_t falls to the target (E L_t ≤ target). E L_t need not be monotone (heavy ball
 * oscillates; a start below the stationary level rises), so the first crossing is found by branch
 * and bound over step ranges with NqmMoments.lowerBound: a range whose lower bound stays above the
 * target is skipped whole, others are halved, ranges of ≤ LEAF steps are scanned. Exact (every
 * skipped step provably stays above the target); cost O(d) per bound or evaluation, typically a few
 * dozen of them.
 *
 * `fractional` removes the integer rounding (so that steps are a continuous function of ε and B and
 * can be minimised and compared): ln E L interpolated linearly between t − 1 and t,
 *     fractional = t − 1 + ln(E L_{t−1}/target) / ln(E L_{t−1}/E L_t)
 * (E L is the excess over the minimum 0). The simulation (dynamics/nqm-ensemble.ts) reports the same
 * quantity for its ensemble-mean loss.
 */
export interface NqmSteps {
  /** first step with E L_t ≤ target (Infinity when none up to maxSteps, or unstable) */
  steps: number;
  fractional: number;
}

const LEAF = 8;

export function firstCrossing(moments: NqmMoments, target: number, maxSteps: number, hint?: number): NqmSteps {
  const none = { steps: Infinity, fractional: Infinity };
  if (moments.initialLoss <= target) return { steps: 0, fractional: 0 };
  if (!moments.stable || maxSteps < 1) return none;
  const search = (t1: number, t2: number): number => {
    if (t1 > t2) return -1;
    if (t2 - t1 < LEAF) {
      for (let t = t1; t <= t2; t++) if (moments.expectedLoss(t) <= target) return t;
      return -1;
    }
    if (moments.lowerBound(t1, t2) > target) return -1;
    const mid = Math.floor((t1 + t2) / 2);
    const left = search(t1, mid);
    return left >= 0 ? left : search(mid + 1, t2);
  };
  let t = -1;
  if (hint !== undefined && Number.isFinite(hint) && hint >= 1) {
    // a nearby search usually crosses near the previous answer: prove nothing earlier, then look there
    const lo = Math.max(1, Math.floor(hint * 0.8));
    const hi = Math.min(maxSteps, Math.ceil(hint * 1.25) + LEAF);
    t = search(1, lo - 1);
    if (t < 0) t = search(lo, hi);
    if (t < 0) t = search(hi + 1, maxSteps);
  } else {
    t = search(1, maxSteps);
  }
  if (t < 0) return none;
  const before = moments.expectedLoss(t - 1);
  const after = moments.expectedLoss(t);
  const fraction = before > target && after < before ? Math.log(before / target) / Math.log(before / after) : 1;
  return { steps: t, fractional: t - 1 + fraction };
}

/** Steps to the target for one (ε, m, B). */
export function nqmStepsToTarget(problem: NqmProblem, opt: NqmOptimizer, target: number, maxSteps: number, hint?: number): NqmSteps {
  return firstCrossing(new NqmMoments(problem, opt), target, maxSteps, hint);
}

/**
 * The crossing of the exact E L_t read the way a simulated ensemble's mean loss is read
 * (stats/crossing-fit.ts: a line fitted to ln E L over the first crossing ± w): the closed form's
 * prediction of what that estimator returns (Infinity when the target is not reached, as `steps`).
 */
export function windowedCrossing(moments: NqmMoments, target: number, crossing: NqmSteps): number {
  if (!Number.isFinite(crossing.steps)) return Infinity;
  if (crossing.steps === 0) return 0;
  return fitCrossing((t) => moments.expectedLoss(t), crossing.steps, Infinity, target).steps;
}
