import { chiSquareTest, type ChiSquareTest } from './chi-square.js';
import { normalQuantile } from './normal.js';
import { olsSlope } from './loglog-slope.js';

/**
 * The order p of a convergent error e(h) = C h^p (1 + D h^q + …) from errors measured on a ladder
 * of step sizes. A plain log-log line through a finite ladder estimates p with a pre-asymptotic
 * bias of order h^q, which precise data (coupled Monte Carlo, many paths) resolve; so the fit
 * includes the next term of the expansion:
 *
 *   ln e = a + p ln h + b h^q,
 *
 * q = 1 for weak errors (Talay–Tubaro) and for the strong errors measured here (see
 * dynamics/convergence-study.ts for why). Weighted least squares with weights
 * 1/s_i² for s_i the standard error of ln e_i (or unit weights); the order's standard error comes
 * from (XᵀWX)⁻¹. The plain slope (no correction term) is returned as well, for the record.
 */
export interface OrderFit {
  order: number;
  stdError: number;
  ci95: [number, number];
  /** b of the correction term b h^q */
  correction: number;
  correctionPower: number;
  /** the plain log-log slope of the same points (unweighted) */
  plainSlope: number;
  residuals: ChiSquareTest | null;
}

const Z95 = normalQuantile(0.975);

/** Solve the symmetric 3×3 system A x = b by Cramer's rule; null when singular. */
function inverse3(a: number[][]): number[][] | null {
  const [[a00, a01, a02], [a10, a11, a12], [a20, a21, a22]] = a;
  const c00 = a11 * a22 - a12 * a21, c01 = a12 * a20 - a10 * a22, c02 = a10 * a21 - a11 * a20;
  const det = a00 * c00 + a01 * c01 + a02 * c02;
  if (!(Math.abs(det) > 0) || !Number.isFinite(det)) return null;
  return [
    [c00 / det, (a02 * a21 - a01 * a22) / det, (a01 * a12 - a02 * a11) / det],
    [c01 / det, (a00 * a22 - a02 * a20) / det, (a02 * a10 - a00 * a12) / det],
    [c02 / det, (a01 * a20 - a00 * a21) / det, (a00 * a11 - a01 * a10) / det],
  ];
}

/**
 * Fit ln e = a + p ln h + b h^q. `logErrorStdErrors`: standard errors of ln e_i (weights), or null
 * for unit weights (then no residual chi-square and no model-based standard error: use a bootstrap).
 */
export function fitConvergenceOrder(h: readonly number[], errors: readonly number[], logErrorStdErrors: readonly number[] | null, q: number): OrderFit {
  const n = h.length;
  if (n < 4) throw new RangeError(`a convergence order with a correction term needs at least 4 step sizes (got ${n})`);
  const y = errors.map((e) => Math.log(Math.abs(e)));
  const rows = h.map((v) => [1, Math.log(v), v ** q]);
  const w = logErrorStdErrors ? logErrorStdErrors.map((s) => 1 / (s * s)) : h.map(() => 1);
  const xtwx = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const xtwy = [0, 0, 0];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < 3; j++) {
      xtwy[j] += w[i] * rows[i][j] * y[i];
      for (let k = 0; k < 3; k++) xtwx[j][k] += w[i] * rows[i][j] * rows[i][k];
    }
  const inv = inverse3(xtwx);
  const beta = inv ? inv.map((r) => r[0] * xtwy[0] + r[1] * xtwy[1] + r[2] * xtwy[2]) : [Number.NaN, Number.NaN, Number.NaN];
  const stdError = inv && logErrorStdErrors ? Math.sqrt(inv[1][1]) : Number.NaN;
  const fitted = rows.map((r) => beta[0] * r[0] + beta[1] * r[1] + beta[2] * r[2]);
  return {
    order: beta[1],
    stdError,
    ci95: [beta[1] - Z95 * stdError, beta[1] + Z95 * stdError],
    correction: beta[2],
    correctionPower: q,
    plainSlope: olsSlope(rows.map((r) => r[1]), y).slope,
    residuals: logErrorStdErrors && n > 3 ? chiSquareTest(y, fitted, logErrorStdErrors, 3) : null,
  };
}
