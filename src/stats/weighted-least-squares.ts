import { chiSquareTest, type ChiSquareTest } from './chi-square.js';

/**
 * Weighted least squares with known, independent standard errors s_i of the y_i (weights 1/s_i²)
 * for a proportionality y = k x (the best single curve of a collapse contrast): k's standard error
 * follows from the s_i alone (not from the scatter), and the residual chi-square says whether the
 * model fits at all.
 */

export interface ProportionalFit {
  k: number;
  stdError: number;
  residuals: ChiSquareTest;
}

/** y = k x, k = Σ w x y / Σ w x². */
export function weightedProportional(x: readonly number[], y: readonly number[], se: readonly number[]): ProportionalFit {
  let sxx = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const w = 1 / (se[i] * se[i]);
    sxx += w * x[i] * x[i];
    sxy += w * x[i] * y[i];
  }
  const k = sxy / sxx;
  return { k, stdError: Math.sqrt(1 / sxx), residuals: chiSquareTest(y, x.map((v) => k * v), se, 1) };
}
