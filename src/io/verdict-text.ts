import type { Prediction, Verdict } from '../core/result.js';
import { fmt } from './format.js';

/**
 * How every output words a prediction's verdict, its criterion and the count line, so that the
 * terminal table, report.html and the CSV export say the same (stats/verdict.ts decides).
 */
export interface VerdictCounts { pass: number; fail: number; notEvaluable: number; info: number }

export function verdictCounts(predictions: readonly Prediction[]): VerdictCounts {
  const count = (v: Verdict) => predictions.filter((p) => p.verdict === v).length;
  return { pass: count('PASS'), fail: count('FAIL'), notEvaluable: count('N/E'), info: count('INFO') };
}

/** "k of n judged predictions pass; m N/E; j INFO" (n = PASS + FAIL). */
export function countLine(predictions: readonly Prediction[]): string {
  const c = verdictCounts(predictions);
  return `${c.pass} of ${c.pass + c.fail} judged predictions pass; ${c.notEvaluable} N/E; ${c.info} INFO`;
}

/** The criterion of a PASS: "≤4.0σ", ">4.0σ", one-sided ">+4.0σ" / "<−4.0σ", or "not judged". */
export function needText(p: Prediction): string {
  if (p.expect === 'not-judged') return 'not judged';
  const t = p.tolerance.toFixed(1);
  if (p.expect === 'agree') return `≤${t}σ`;
  return p.sided === 'above' ? `>+${t}σ` : p.sided === 'below' ? `<−${t}σ` : `>${t}σ`;
}

/** The alternative's value, or "—" for a row without one (INFO). */
export function alternativeText(p: Prediction): string {
  return p.alternative ? fmt(p.alternative.value) : '—';
}

/** z with one decimal ("n/a" when it is not finite). */
export function zText(p: Prediction, digits = 1): string {
  return Number.isFinite(p.z) ? p.z.toFixed(digits) : 'n/a';
}
