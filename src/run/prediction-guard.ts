import type { Expectation, Prediction } from '../core/result.js';
import { isRegionReason, withVerdict } from '../stats/compare.js';
import { NumericalError } from '../errors.js';

/**
 * The last word on every verdict before results.json: each prediction is judged again by the one
 * rule (stats/verdict.ts) with the `expect` the scenario declared for it, if any, so that no kind
 * can hand out a verdict of its own. A verdict that changes here is announced (a kind's own N/E
 * reasons are printed with the table, not repeated as warnings).
 */
export function judgePredictions(predictions: Prediction[], declared: Record<string, Expectation>, warn: (message: string) => void): Prediction[] {
  return predictions.map((p) => {
    const judged = withVerdict(declared[p.id] ? { ...p, expect: declared[p.id] } : p);
    if (judged.verdict !== p.verdict && !declared[p.id]) warn(`prediction ${p.id}: ${p.verdict} as built, ${judged.verdict} by the verdict rule${judged.notEvaluable ? ` (${judged.notEvaluable})` : ''}`);
    return judged;
  });
}

/**
 * Non-finite numbers are a numerical failure, not a verdict: a start at 1e308, a learning rate of
 * 5e-324 or data without gradient noise gave NaN that JSON writes as null. Throws NumericalError
 * (exit 3) naming each prediction and the cause; nothing is written. results.json therefore never
 * holds null, NaN or Infinity in a prediction.
 */
export function assertFiniteMeasurements(predictions: Prediction[]): void {
  const causes: string[] = [];
  for (const p of predictions) {
    // a row that is not judged (INFO, or N/E for a reason the kind gives) may have no standard error
    const unjudged = p.expect === 'not-judged' || isRegionReason(p.notEvaluable);
    if (unjudged && p.stdError === 0 && Number.isFinite(p.measured) && Number.isFinite(p.predicted)) continue;
    if (!Number.isFinite(p.measured)) causes.push(`${p.id}: the measured value is ${p.measured} (an iterate or an average overflowed, or no finite sample was left)`);
    else if (!Number.isFinite(p.stdError)) causes.push(`${p.id}: the standard error is ${p.stdError} (the fluctuations overflowed, or too few samples to estimate it)`);
    else if (p.stdError === 0) causes.push(`${p.id}: the standard error is 0 (nothing fluctuated: zero gradient noise, e.g. data without residuals; steps too small to move the iterate; or every cell diverged)`);
    else if (!Number.isFinite(p.predicted)) causes.push(`${p.id}: the predicted value is ${p.predicted} (the theory could not be computed for this setting)`);
    else if (!Number.isFinite(p.tolerance)) causes.push(`${p.id}: the tolerance is ${p.tolerance}`);
    else if (p.alternative && !Number.isFinite(p.alternative.value)) causes.push(`${p.id}: the alternative is ${p.alternative.value}`);
    else if (!Number.isFinite((p.measured - p.predicted) / p.stdError)) causes.push(`${p.id}: z is not finite (the standard error ${p.stdError} is below what double precision resolves)`);
  }
  if (causes.length > 0) throw new NumericalError(`non-finite measurements; results.json is not written:\n  - ${causes.slice(0, 10).join('\n  - ')}${causes.length > 10 ? `\n  - … and ${causes.length - 10} more` : ''}`);
}
