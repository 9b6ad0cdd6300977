import type { Prediction } from '../core/result.js';
import { NumericalError } from '../errors.js';

/**
 * The last word on a verdict before results.json: a prediction whose numbers are not all finite
 * (a NaN from a diverged cell, an empty average, a zero standard error) never passes, whichever way
 * it was built. JSON writes such numbers as null, so a reader could not check the verdict either.
 */
const NUMBERS = ['predicted', 'measured', 'stdError', 'z', 'tolerance'] as const;

export function guardPredictions(predictions: Prediction[], warn: (message: string) => void): Prediction[] {
  return predictions.map((p) => {
    const bad = NUMBERS.filter((k) => typeof p[k] !== 'number' || !Number.isFinite(p[k]));
    if (bad.length === 0 && p.stdError > 0) {
      // not evaluable: a standard error as large as the prediction itself cannot
      // tell the prediction from zero, so an 'agree' verdict there says nothing (109 ± 31 "agreed"
      // with 0.29 at the stability bound). Predictions of zero are exempt: normalised statistics, and
      // values that are zero up to round-off (|predicted| ≤ 1e-9 s.e., e.g. an off-diagonal entry of a
      // diagonal covariance), where agreeing with zero is the test.
      if (p.pass && p.expect === 'agree' && Math.abs(p.predicted) > 1e-9 * p.stdError && p.stdError >= Math.abs(p.predicted)) {
        warn(`prediction ${p.id}: not evaluable (out of the theory's region or too few effective samples): standard error ${p.stdError.toPrecision(3)} ≥ |predicted| ${Math.abs(p.predicted).toPrecision(3)}; counted as failed`);
        return { ...p, pass: false };
      }
      return p;
    }
    if (p.pass) warn(`prediction ${p.id}: ${bad.length ? `${bad.join(', ')} not finite` : 'standard error 0'}; counted as failed`);
    return { ...p, pass: false };
  });
}

/**
 * Non-finite measured numbers are a numerical failure, not a verdict: a start at
 * 1e308, a learning rate of 5e-324 or data without gradient noise gave NaN that was written to
 * results.json as null with exit 1. Throws NumericalError (exit 3) naming each prediction and the
 * cause; nothing is written.
 */
export function assertFiniteMeasurements(predictions: Prediction[]): void {
  const causes: string[] = [];
  for (const p of predictions) {
    if (!Number.isFinite(p.measured)) causes.push(`${p.id}: the measured value is ${p.measured} (an iterate or an average overflowed, or no finite sample was left)`);
    else if (!Number.isFinite(p.stdError)) causes.push(`${p.id}: the standard error is ${p.stdError} (the fluctuations overflowed)`);
    else if (p.stdError === 0 && !Number.isFinite(p.z)) causes.push(`${p.id}: the standard error is 0 and z is ${p.z} (nothing fluctuated: zero gradient noise, e.g. data without residuals; steps too small to move the iterate; or every cell diverged)`);
  }
  if (causes.length > 0) throw new NumericalError(`non-finite measurements; results.json is not written:\n  - ${causes.slice(0, 10).join('\n  - ')}${causes.length > 10 ? `\n  - … and ${causes.length - 10} more` : ''}`);
}
