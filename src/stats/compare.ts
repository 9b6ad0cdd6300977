import type { Expectation, Prediction } from '../core/result.js';

export interface PredictionInput {
  id: string;
  description: string;
  predicted: number;
  measured: number;
  stdError: number;
  /** allowed |z|, in standard errors (default 4) */
  tolerance?: number;
  expect?: Expectation;
  /** one line with the key numbers and their spread, printed under the verdict row */
  summary?: string;
  /** `measured` is a count of this unit under a rule (stdError = 1 unit, not a standard error): see Prediction.unit */
  unit?: string;
}

/** Build a Prediction: z-score and verdict. A non-finite number or a non-positive standard error fails. */
export function comparePrediction(p: PredictionInput): Prediction {
  const tolerance = p.tolerance ?? 4;
  const expect = p.expect ?? 'agree';
  const z = (p.measured - p.predicted) / p.stdError;
  // an infinite standard error would make z = 0 and "agree" with anything: every number must be finite
  const valid = Number.isFinite(z) && p.stdError > 0 && Number.isFinite(p.stdError) && Number.isFinite(p.measured) && Number.isFinite(p.predicted);
  const pass = expect === 'not-judged' ? true : valid && (expect === 'agree' ? Math.abs(z) <= tolerance : Math.abs(z) > tolerance);
  return {
    id: p.id,
    description: p.description,
    predicted: p.predicted,
    measured: p.measured,
    stdError: p.stdError,
    tolerance,
    z: valid ? z : Number.NaN,
    expect,
    pass,
    ...(p.summary !== undefined ? { summary: p.summary } : {}),
    ...(p.unit !== undefined ? { unit: p.unit } : {}),
  };
}
