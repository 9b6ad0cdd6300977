import { NumericalError } from '../../errors.js';
import { sigmoid, sigmoidDerivative } from './link.js';
import { costOnLine, evaluateLogistic, type LogisticMinimum, type LogisticProblem } from './problem.js';

/**
 * Damped Newton's method for C(ω) = Σ ℓ_i + (λ/2)|ω|², shared by the two sides of the logistic
 * minimiser (dual.ts: N×N systems through the Gram matrix; primal.ts: d×d systems). Both sides see
 * ω only through its margins z = Xω, so the loop keeps z and everything per example; a side keeps
 * ω in its own coordinates and supplies |ω|², the gradient norm, the factor of
 * M = ∇²C(ω)/λ (up to a similarity), the Newton direction and the warm-start direction.
 *
 * Per step, at the current margins (r_i = σ(z_i) − y_i, D½_ii = √σ'(z_i)):
 *   - convergence: |∇C| ≤ tolerance × scale, scale = Σ_i |r_i| |x_i| + λ|ω| (the size of the terms
 *     ∇C is made of), or the rounding floor (atRoundingFloor); then Σ_j ln(λ_j/λ) = ln det M;
 *   - iteration cap: more than maxIterations steps raise a NumericalError;
 *   - damping: backtracking (Armijo, factor ½) from the full step along the line, whose cost is
 *     O(N) from z, Δz = XΔω and q0 = |ω|², q1 = ω·Δω, q2 = |Δω|² (costOnLine); a line without a
 *     representable decrease ends the loop if |∇C| ≤ 1e-8 scale and raises a NumericalError otherwise.
 * A minimiser keeps its last minimum and factor: the next λ starts from it moved along
 * dω/d ln λ = −λH⁻¹ω, linear in ln λ or in λ, or not moved, whichever costs least (predict).
 */

/** Settings of the Newton loop (both sides). */
export interface NewtonOptions {
  /** stop when |∇C| ≤ tolerance × gradientScale (default 1e-12, about 10⁴ × the rounding level) */
  tolerance?: number;
  maxIterations?: number;
  /** start from the previous minimum (with a first-order predictor in λ) instead of ω = 0 */
  warmStart?: boolean;
}

export const DEFAULT_TOLERANCE = 1e-12;
export const DEFAULT_MAX_ITERATIONS = 200;
/**
 * Below this Newton decrement, relative to 1 + |C|, a full step is taken without a line search:
 * the cost can no longer resolve the decrease, and Newton is deep in its quadratic region.
 */
export const FULL_STEP_DECREMENT = 1e-8;

/**
 * Newton converges quadratically, so a full step that fails to halve the gradient means rounding
 * dominates it: with huge weights (tiny λ, separable data) the margins carry errors of
 * ~1e-16 |x||ω|, which the scale of the residuals no longer reflects. Accept only if already small.
 */
export function atRoundingFloor(gnorm: number, prevGnorm: number, lastFull: boolean, scale: number): boolean {
  return lastFull && gnorm > 0.5 * prevGnorm && gnorm <= 1e-6 * scale;
}

/** Per-example state the loop owns and a side reads (all of length N). */
export interface MarginState {
  /** z = Xω at the current iterate */
  z: Float64Array;
  /** Δz = XΔω along the current direction (written by the side) */
  dz: Float64Array;
  /** r_i = σ(z_i) − y_i */
  residual: Float64Array;
  /** √σ'(z_i), the diagonal of D½ */
  root: Float64Array;
}

/** A line through ω: q1 = ω·Δω and q2 = |Δω|², in the side's coordinates (q0 = |ω|² is the loop's). */
export interface NewtonLine {
  q1: number;
  q2: number;
}

/** One side of the minimiser: how ω is represented and how M is formed, factored and solved. */
export interface NewtonSide {
  readonly side: 'dual' | 'primal';
  /** |x_i| for every training example */
  readonly rowNorm: Float64Array;
  /** ω = 0 */
  reset(): void;
  /** |ω|² */
  squaredNorm(margins: MarginState): number;
  /** forms ∇C from the residuals and returns |∇C| */
  gradientNorm(lambda: number, margins: MarginState): number;
  /** forms M at the current D½ and factors it (Cholesky) */
  factor(lambda: number, margins: MarginState): void;
  /** ln det M of the current factor: Σ_j ln(λ_j/λ) at the minimum */
  logDetRatio(): number;
  /**
   * The Newton direction Δω = −H⁻¹∇C (from the current factor and gradient) and margins.dz = XΔω;
   * fills line.q1, line.q2 and returns the decrement −∇C·Δω.
   */
  newtonDirection(lambda: number, margins: MarginState, line: NewtonLine): number;
  /**
   * Δω = λ_prev H⁻¹ω from the factor kept at the previous minimum (so ω + cΔω, c = −ln(λ/λ_prev),
   * follows dω/d ln λ = −λH⁻¹ω) and margins.dz = XΔω; fills line.
   */
  predictorDirection(previousLambda: number, margins: MarginState, line: NewtonLine): void;
  /** ω += t Δω (the loop moves z) */
  step(t: number): void;
  /** ω in the weight space, a new array of length d */
  weights(): Float64Array;
}

/**
 * Backtracking (Armijo) from the full Newton step; returns the step length, or 0 when no decrease
 * is representable. Tiny decrements take the full step unchecked (see FULL_STEP_DECREMENT).
 */
export function lineSearch(
  z: Float64Array, dz: Float64Array, y: Float64Array, n: number, lambda: number,
  q0: number, q1: number, q2: number, cost: number, decrement: number,
): number {
  if (!(decrement >= 0)) return 0;
  if (decrement <= FULL_STEP_DECREMENT * (1 + Math.abs(cost))) return 1;
  for (let t = 1; t > 1e-12; t *= 0.5) {
    const c = costOnLine(z, dz, y, n, t, lambda, q0, q1, q2);
    if (c <= cost - 1e-4 * t * decrement) return t;
  }
  return 0;
}

/** The Newton loop over one side; a LogisticMinimizer (minimizer.ts). */
export class LogisticNewton {
  readonly side: 'dual' | 'primal';
  private readonly margins: MarginState;
  private readonly line: NewtonLine = { q1: 0, q2: 0 };
  private lastLambda: number | null = null;

  constructor(readonly problem: LogisticProblem, private readonly strategy: NewtonSide) {
    const { n } = problem;
    this.side = strategy.side;
    this.margins = { z: new Float64Array(n), dz: new Float64Array(n), residual: new Float64Array(n), root: new Float64Array(n) };
  }

  minimize(lambda: number, options: NewtonOptions = {}): LogisticMinimum {
    if (!(lambda > 0) || !Number.isFinite(lambda)) throw new RangeError(`lambda must be a positive finite number, got ${lambda}`);
    const { strategy, margins, line } = this;
    const { z, dz, residual, root } = margins;
    const { n, y } = this.problem;
    const rowNorm = strategy.rowNorm;
    const tol = options.tolerance ?? DEFAULT_TOLERANCE;
    const maxIt = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
    if ((options.warmStart ?? true) && this.lastLambda !== null) this.predict(lambda);
    else {
      strategy.reset();
      z.fill(0);
    }
    this.lastLambda = null; // the saved factor is overwritten below; valid again only on success
    let cost = costOnLine(z, z, y, n, 0, lambda, strategy.squaredNorm(margins), 0, 0);
    let logDetRatio = Number.NaN;
    let prevGnorm = Number.POSITIVE_INFINITY;
    let lastFull = false;
    let it = 0;
    for (; ; it++) {
      let scale = 0;
      for (let i = 0; i < n; i++) {
        const p = sigmoid(z[i]);
        residual[i] = p - y[i];
        root[i] = Math.sqrt(sigmoidDerivative(z[i]));
        scale += Math.abs(residual[i]) * rowNorm[i];
      }
      const gnorm = strategy.gradientNorm(lambda, margins);
      scale += lambda * Math.sqrt(Math.max(0, strategy.squaredNorm(margins)));
      strategy.factor(lambda, margins);
      if (gnorm <= tol * scale || atRoundingFloor(gnorm, prevGnorm, lastFull, scale)) {
        logDetRatio = strategy.logDetRatio();
        break;
      }
      prevGnorm = gnorm;
      if (it >= maxIt) throw new NumericalError(`Newton's method for logistic regression (λ = ${lambda}) did not converge in ${maxIt} steps (|∇C| = ${gnorm.toExponential(3)}, scale ${scale.toExponential(3)})`);
      const decrement = strategy.newtonDirection(lambda, margins, line);
      const q0 = strategy.squaredNorm(margins);
      const t = lineSearch(z, dz, y, n, lambda, q0, line.q1, line.q2, cost, decrement);
      if (t === 0) {
        // no representable decrease: at the minimum to rounding, or a failure
        if (gnorm <= 1e-8 * scale) {
          logDetRatio = strategy.logDetRatio();
          break;
        }
        throw new NumericalError(`Newton's method for logistic regression (λ = ${lambda}): the line search found no decrease at |∇C| = ${gnorm.toExponential(3)}`);
      }
      cost = costOnLine(z, dz, y, n, t, lambda, q0, line.q1, line.q2);
      lastFull = t === 1;
      strategy.step(t);
      for (let i = 0; i < n; i++) z[i] += t * dz[i];
    }
    this.lastLambda = lambda;
    const w = strategy.weights();
    const ev = evaluateLogistic(this.problem, lambda, w);
    return {
      lambda, w, margins: ev.margins, cost: ev.cost, logDetRatio, gradientNorm: ev.gradientNorm,
      gradientScale: ev.gradientScale, iterations: it, side: this.side,
    };
  }

  /**
   * Start from the previous minimum moved along dω/d ln λ = −λH⁻¹ω (linear in ln λ or in λ),
   * or not moved, whichever has the lowest cost at the new λ. Uses the factor of the last minimum.
   */
  private predict(lambda: number): void {
    const { strategy, margins, line } = this;
    const { z, dz } = margins;
    const { n, y } = this.problem;
    const prev = this.lastLambda as number;
    strategy.predictorDirection(prev, margins, line);
    const q0 = strategy.squaredNorm(margins);
    let best = 0;
    let bestCost = costOnLine(z, dz, y, n, 0, lambda, q0, line.q1, line.q2);
    for (const c of [-Math.log(lambda / prev), 1 - lambda / prev]) {
      const cost = costOnLine(z, dz, y, n, c, lambda, q0, line.q1, line.q2);
      if (cost < bestCost) {
        best = c;
        bestCost = cost;
      }
    }
    strategy.step(best);
    for (let i = 0; i < n; i++) z[i] += best * dz[i];
  }
}
