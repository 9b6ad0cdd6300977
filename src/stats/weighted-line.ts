import { chiSquareTest, type ChiSquareTest } from './chi-square.js';

/**
 * Weighted least squares for a straight line y = a + b x with known, independent standard errors
 * s_i of the y_i (weights w_i = 1/s_i²). With S = Σw, Sx = Σwx, Sy = Σwy, Sxx = Σwx², Sxy = Σwxy and
 * Δ = S·Sxx − Sx²: b = (S·Sxy − Sx·Sy)/Δ, a = (Sxx·Sy − Sx·Sxy)/Δ, Var b = S/Δ, Var a = Sxx/Δ,
 * Cov(a, b) = −Sx/Δ. The standard errors follow from the s_i alone; the residual chi-square on
 * n − 2 degrees of freedom says whether a line fits at all (reported, never used to widen them).
 */
export interface LineFit {
  intercept: number;
  slope: number;
  interceptStdError: number;
  slopeStdError: number;
  covariance: number;
  residuals: ChiSquareTest;
}

export function weightedLine(x: readonly number[], y: readonly number[], se: readonly number[]): LineFit {
  if (x.length < 2) throw new RangeError(`a line needs at least two points, got ${x.length}`);
  let s = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const w = 1 / (se[i] * se[i]);
    s += w; sx += w * x[i]; sy += w * y[i]; sxx += w * x[i] * x[i]; sxy += w * x[i] * y[i];
  }
  const delta = s * sxx - sx * sx;
  const slope = (s * sxy - sx * sy) / delta;
  const intercept = (sxx * sy - sx * sxy) / delta;
  return {
    intercept,
    slope,
    interceptStdError: Math.sqrt(sxx / delta),
    slopeStdError: Math.sqrt(s / delta),
    covariance: -sx / delta,
    // two points: the line passes through both, nothing is left to test
    residuals: x.length > 2 ? chiSquareTest(y, x.map((v) => intercept + slope * v), se, 2) : { chiSquare: 0, dof: 0, pValue: 1, z: 0, maxAbsZ: 0, worst: 0 },
  };
}
