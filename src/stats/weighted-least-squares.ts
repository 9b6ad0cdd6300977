import { chiSquareTest, type ChiSquareTest } from './chi-square.js';
import { normalQuantile } from './normal.js';

/**
 * Weighted least squares with known, independent standard errors s_i of the y_i (weights 1/s_i²):
 * the parameters' standard errors follow from the s_i alone (not from the scatter), and the
 * residual chi-square says whether the model fits at all. Two models: a line y = a + b x (log-log
 * convergence slopes) and a proportionality y = k x (the best single curve of a collapse contrast).
 */

export interface LineFit {
  slope: number;
  intercept: number;
  stdError: number;
  /** 95 % interval of the slope, slope ± 1.96 s.e. */
  ci95: [number, number];
  residuals: ChiSquareTest;
}

const Z95 = normalQuantile(0.975);

export function weightedLine(x: readonly number[], y: readonly number[], se: readonly number[]): LineFit {
  let sw = 0, sx = 0, sy = 0;
  for (let i = 0; i < x.length; i++) {
    const w = 1 / (se[i] * se[i]);
    sw += w; sx += w * x[i]; sy += w * y[i];
  }
  const mx = sx / sw;
  const my = sy / sw;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const w = 1 / (se[i] * se[i]);
    sxx += w * (x[i] - mx) ** 2;
    sxy += w * (x[i] - mx) * (y[i] - my);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const stdError = Math.sqrt(1 / sxx);
  const fitted = x.map((v) => intercept + slope * v);
  return { slope, intercept, stdError, ci95: [slope - Z95 * stdError, slope + Z95 * stdError], residuals: chiSquareTest(y, fitted, se, 2) };
}

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
