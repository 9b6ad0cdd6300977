import type { Prediction } from '../core/result.js';

/**
 * The last word on a verdict before results.json: a prediction whose numbers are not all finite
 * (a NaN from a diverged cell, an empty average, a zero standard error) never passes, whichever way
 * it was built. JSON writes such numbers as null, so a reader could not check the verdict either.
 */
const NUMBERS = ['predicted', 'measured', 'stdError', 'z', 'tolerance'] as const;

export function guardPredictions(predictions: Prediction[], warn: (message: string) => void): Prediction[] {
  return predictions.map((p) => {
    const bad = NUMBERS.filter((k) => typeof p[k] !== 'number' || !Number.isFinite(p[k]));
    if (bad.length === 0 && p.stdError > 0) return p;
    if (p.pass) warn(`prediction ${p.id}: ${bad.length ? `${bad.join(', ')} not finite` : 'standard error 0'}; counted as failed`);
    return { ...p, pass: false };
  });
}
