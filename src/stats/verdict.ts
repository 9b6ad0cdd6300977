import type { Alternative, Expectation, Verdict } from '../core/result.js';
import { fmt } from '../io/format.js';

/**
 * The one verdict rule of every experiment kind (docs/verdicts.md). A prediction is compared by
 * z = (measured − predicted)/s.e. against its tolerance, and it names an alternative: the value
 * it must be able to tell itself from (a competing theory, a slope of 0, the right theory of a
 * contrast, or the smallest relevant difference).
 *
 * - 'not-judged' → INFO (shown, never judged).
 * - A reason of not being evaluable (outside the theory's region) → N/E with that reason.
 * - 'agree': |z| > tolerance → FAIL (the data reject the prediction; that needs no power).
 *   |z| ≤ tolerance → PASS only when |alternative − predicted| ≥ 2·tolerance·s.e.; otherwise N/E
 *   "inconclusive". With that separation the acceptance regions |z| ≤ tolerance around the
 *   prediction and around the alternative are disjoint, so every PASS also rejects the
 *   alternative at the tolerance; without it a PASS could not have told the two apart.
 * - 'disagree' (a contrast): rejected (|z| > tolerance, or z beyond it on the stated side) → PASS.
 *   Not rejected → FAIL only with the same separation (the alternative, here the value believed
 *   right, would then have been rejected instead); otherwise N/E "inconclusive".
 * The verdict never depends on anything but these numbers, so the same rule reads the same in the
 * terminal, report.html, results.json and the CSV export.
 */
export interface VerdictInput {
  predicted: number;
  measured: number;
  stdError: number;
  tolerance: number;
  expect: Expectation;
  sided?: 'above' | 'below';
  alternative?: Alternative;
  /** outside the theory's region (or otherwise meaningless): the reason */
  notEvaluable?: string;
}

export interface Judgement {
  verdict: Verdict;
  z: number;
  /** the reason, exactly when the verdict is N/E */
  notEvaluable?: string;
}

/** The largest standard error with which `predicted` and `alternative` are told apart at `tolerance`. */
export function separatingStdError(predicted: number, alternative: number, tolerance: number): number {
  return Math.abs(alternative - predicted) / (2 * tolerance);
}

export function judge(p: VerdictInput): Judgement {
  const raw = (p.measured - p.predicted) / p.stdError;
  // a row that is not judged may come without a standard error (one seed: no spread): z is then 0
  const unjudgedZ = p.stdError === 0 && Number.isFinite(p.measured) && Number.isFinite(p.predicted) ? 0 : raw;
  if (p.expect === 'not-judged') return { verdict: 'INFO', z: unjudgedZ };
  if (p.notEvaluable) return { verdict: 'N/E', z: unjudgedZ, notEvaluable: p.notEvaluable };
  const z = raw;
  const numbers = { predicted: p.predicted, measured: p.measured, 'standard error': p.stdError, tolerance: p.tolerance };
  const bad = Object.entries(numbers).filter(([, v]) => !Number.isFinite(v)).map(([k]) => k);
  if (bad.length) return { verdict: 'N/E', z, notEvaluable: `not evaluable: ${bad.join(', ')} not finite` };
  if (!(p.stdError > 0)) return { verdict: 'N/E', z, notEvaluable: 'not evaluable: the standard error is 0 (nothing fluctuated)' };
  if (!(p.tolerance > 0)) return { verdict: 'N/E', z, notEvaluable: `not evaluable: tolerance ${p.tolerance} is not positive` };
  if (!Number.isFinite(z)) return { verdict: 'N/E', z, notEvaluable: `not evaluable: z is not finite (standard error ${p.stdError} is below what double precision resolves)` };
  const rejected = p.expect === 'disagree' && p.sided
    ? (p.sided === 'above' ? z > p.tolerance : z < -p.tolerance)
    : Math.abs(z) > p.tolerance;
  // verdicts that reject the prediction stand on their own
  if (p.expect === 'agree' && rejected) return { verdict: 'FAIL', z };
  if (p.expect === 'disagree' && rejected) return { verdict: 'PASS', z };
  // verdicts that keep the prediction's side need the power to tell it from its alternative
  const alt = p.alternative;
  if (!alt || !Number.isFinite(alt.value)) {
    return { verdict: 'N/E', z, notEvaluable: 'not evaluable: no alternative is stated, so nothing says what this check could have rejected' };
  }
  const need = separatingStdError(p.predicted, alt.value, p.tolerance);
  if (!(need > 0)) {
    // an alternative equal to the prediction (e.g. a theory whose own optimum sits at the grid's end: gap 0) rejects nothing
    return { verdict: 'N/E', z, notEvaluable: `not evaluable: the alternative ${fmt(alt.value)} (${alt.means}) equals the prediction, so no standard error can tell them apart` };
  }
  if (p.stdError <= need) return { verdict: p.expect === 'agree' ? 'PASS' : 'FAIL', z };
  const what = p.expect === 'agree' ? `|z| = ${Math.abs(z).toFixed(1)} ≤ ${p.tolerance.toFixed(1)}, but` : 'not rejected, but';
  return {
    verdict: 'N/E',
    z,
    notEvaluable: `inconclusive: ${what} s.e. ${fmt(p.stdError)} cannot tell ${fmt(p.predicted)} from the alternative ${fmt(alt.value)} (${alt.means}) at ${p.tolerance.toFixed(1)}σ; needs s.e. ≤ ${fmt(need)} (about ${Number(((p.stdError / need) ** 2).toPrecision(2))}× the samples)`,
  };
}
