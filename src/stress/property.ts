import type fc from 'fast-check';
import type { StressFormulas } from './formulas.js';
import type { MapId } from './validity-approximations.js';

/**
 * A stress property: one prediction of the theory, a generator of random cases inside the region
 * where the prediction claims to hold, and a check of one case. Exact properties compare theory
 * with exact theory (or exact enumeration) to a relative tolerance near rounding; simulation
 * properties compare a simulated stationary ensemble with theory, in standard errors, at a stated
 * per-case false-failure rate. fast-check draws and shrinks the cases.
 */
export interface StressContext {
  formulas: StressFormulas;
  /** allowed deviation of simulation checks, as the two-sided normal tail 2(1 − Φ(tolerance)) per case */
  tolerance: number;
  /** the relative error an approximation may have and still "hold" (validity maps, OU region) */
  relativeTolerance: number;
}

/** The outcome of checking one case. */
export interface CaseOutcome {
  pass: boolean;
  /** what was compared, with the numbers (printed for a counterexample) */
  lines: string[];
  /** coordinates of the case, for the "held on" ranges (e.g. {"ε λ_max": 0.3, "B/N": 0.25}) */
  axes: Record<string, number | number[]>;
  /** runnable stationary scenarios of this case (`sgd-sde run` accepts each), if the property has any */
  scenarios: Record<string, unknown>[];
  /** simulation checks: chance of a deviation this large if the prediction is right (judged.pValue) */
  pValue?: number;
}

export interface StressProperty<C = any> {
  readonly title: string;
  /** the prediction, in one sentence */
  readonly prediction: string;
  /** where the prediction claims to hold: the region the cases are drawn from */
  readonly region: string;
  readonly method: 'exact' | 'simulation';
  /** cases inside the claimed region (a case may still be rejected with fc.pre in `check`) */
  arbitrary(): fc.Arbitrary<C>;
  check(c: C, ctx: StressContext): CaseOutcome | Promise<CaseOutcome>;
  /** per-case probability that a correct prediction fails by chance (0 for exact checks) */
  falseFailureRate(ctx: StressContext): number;
  /** validity maps reported with this property (theory vs theory over a grid) */
  readonly maps?: readonly MapId[];
}
