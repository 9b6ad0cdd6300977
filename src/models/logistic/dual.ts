import { NumericalError } from '../../errors.js';
import { sigmoid, sigmoidDerivative } from './link.js';
import { gramRows, symmetricMatVec, transposeMatVec } from '../../linalg/gram.js';
import { choleskyInPlace } from '../../linalg/cholesky-inplace.js';
import { choleskyLogDet, choleskySolve } from '../../linalg/cholesky.js';
import {
  atRoundingFloor, costOnLine, evaluateLogistic, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE, FULL_STEP_DECREMENT,
  type LogisticMinimum, type LogisticProblem, type NewtonOptions,
} from './problem.js';

/**
 * Newton's method for C(ω) = Σ ℓ_i + (λ/2)|ω|² in the N-dimensional dual space, for N ≲ d.
 *
 * The minimum satisfies λω₀ = −Xᵀ(σ(z) − y), so ω = Xᵀα stays in the row space of X and the
 * margins are z = Gα with the Gram matrix G = XXᵀ, formed once per data set (and shared between
 * label sets and λ values). With D = diag(σ(1−σ)) and M = I_N + D½ G D½ / λ:
 *   - Woodbury: the Newton step −H⁻¹∇C, ∇C = Xᵀs with s = σ(z) − y + λα, is Xᵀ Δα with
 *     Δα = −(s − D½ M⁻¹ D½ G s / λ) / λ;
 *   - Sylvester: det(λI_d + XᵀDX) = λ^d det M, so Σ_j ln(λ_j/λ) = ln det M;
 *   - the line search is O(N): z, Δz = GΔα and three scalars give C anywhere on the line.
 * One N×N Cholesky per step (N³/3) replaces forming XᵀDX (N d²) and factoring it (d³/3).
 */
export class DualLogisticSolver {
  readonly side = 'dual' as const;
  readonly gram: Float64Array;
  private readonly n: number;
  private readonly rowNorm: Float64Array;
  private readonly alpha: Float64Array;
  private readonly z: Float64Array;
  private readonly root: Float64Array;
  private readonly factor: Float64Array;
  private readonly s: Float64Array;
  private readonly gs: Float64Array;
  private readonly u: Float64Array;
  private readonly da: Float64Array;
  private readonly dz: Float64Array;
  private lastLambda: number | null = null;

  constructor(readonly problem: LogisticProblem, gram?: Float64Array) {
    const { n, d, x } = problem;
    this.n = n;
    this.gram = gram ?? gramRows(x, n, d);
    this.rowNorm = new Float64Array(n);
    for (let i = 0; i < n; i++) this.rowNorm[i] = Math.sqrt(this.gram[i * n + i]);
    this.alpha = new Float64Array(n);
    this.z = new Float64Array(n);
    this.root = new Float64Array(n);
    this.factor = new Float64Array(n * n);
    this.s = new Float64Array(n);
    this.gs = new Float64Array(n);
    this.u = new Float64Array(n);
    this.da = new Float64Array(n);
    this.dz = new Float64Array(n);
  }

  minimize(lambda: number, options: NewtonOptions = {}): LogisticMinimum {
    if (!(lambda > 0) || !Number.isFinite(lambda)) throw new RangeError(`lambda must be a positive finite number, got ${lambda}`);
    const { n, gram: g, alpha, z, root, factor: m, s, gs, u, da, dz } = this;
    const y = this.problem.y;
    const tol = options.tolerance ?? DEFAULT_TOLERANCE;
    const maxIt = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
    if ((options.warmStart ?? true) && this.lastLambda !== null) this.predict(lambda);
    else {
      alpha.fill(0);
      z.fill(0);
    }
    this.lastLambda = null; // the saved factor is overwritten below; valid again only on success
    let cost = costOnLine(z, z, y, n, 0, lambda, dot(alpha, z, n), 0, 0);
    let logDetRatio = Number.NaN;
    let prevGnorm = Number.POSITIVE_INFINITY;
    let lastFull = false;
    let it = 0;
    for (; ; it++) {
      let scale = 0;
      for (let i = 0; i < n; i++) {
        const p = sigmoid(z[i]);
        const r = p - y[i];
        s[i] = r + lambda * alpha[i];
        root[i] = Math.sqrt(sigmoidDerivative(z[i]));
        scale += Math.abs(r) * this.rowNorm[i];
      }
      symmetricMatVec(g, n, s, gs);
      const gnorm = Math.sqrt(Math.max(0, dot(s, gs, n)));
      scale += lambda * Math.sqrt(Math.max(0, dot(alpha, z, n)));
      this.factorAt(lambda);
      if (gnorm <= tol * scale || atRoundingFloor(gnorm, prevGnorm, lastFull, scale)) {
        logDetRatio = choleskyLogDet(m, n);
        break;
      }
      prevGnorm = gnorm;
      if (it >= maxIt) throw new NumericalError(`Newton's method for logistic regression (λ = ${lambda}) did not converge in ${maxIt} steps (|∇C| = ${gnorm.toExponential(3)}, scale ${scale.toExponential(3)})`);
      for (let i = 0; i < n; i++) u[i] = (root[i] * gs[i]) / lambda;
      choleskySolve(m, n, u, u);
      for (let i = 0; i < n; i++) da[i] = -(s[i] - root[i] * u[i]) / lambda;
      symmetricMatVec(g, n, da, dz);
      const decrement = -dot(da, gs, n);
      const q0 = dot(alpha, z, n);
      const q1 = dot(da, z, n);
      const q2 = dot(da, dz, n);
      const t = lineSearch(z, dz, y, n, lambda, q0, q1, q2, cost, decrement);
      if (t === 0) {
        // no representable decrease: at the minimum to rounding, or a failure
        if (gnorm <= 1e-8 * scale) {
          logDetRatio = choleskyLogDet(m, n);
          break;
        }
        throw new NumericalError(`Newton's method for logistic regression (λ = ${lambda}): the line search found no decrease at |∇C| = ${gnorm.toExponential(3)}`);
      }
      cost = costOnLine(z, dz, y, n, t, lambda, q0, q1, q2);
      lastFull = t === 1;
      for (let i = 0; i < n; i++) {
        alpha[i] += t * da[i];
        z[i] += t * dz[i];
      }
    }
    this.lastLambda = lambda;
    const { x, d } = this.problem;
    const w = transposeMatVec(x, n, d, alpha, new Float64Array(d));
    const ev = evaluateLogistic(this.problem, lambda, w);
    return {
      lambda, w, margins: ev.margins, cost: ev.cost, logDetRatio, gradientNorm: ev.gradientNorm,
      gradientScale: ev.gradientScale, iterations: it, side: this.side,
    };
  }

  /** M = I + D½ G D½ / λ at the current margins (lower triangle), factored in place. */
  private factorAt(lambda: number): void {
    const { n, gram: g, root, factor: m } = this;
    for (let i = 0; i < n; i++) {
      const ri = root[i] / lambda;
      const row = i * n;
      for (let j = 0; j <= i; j++) m[row + j] = ri * root[j] * g[row + j];
      m[row + i] += 1;
    }
    choleskyInPlace(m, n, 'I + D½ X Xᵀ D½ / λ');
  }

  /**
   * Start from the previous minimum moved along dω/d ln λ = −λ H⁻¹ ω (linear in ln λ or in λ),
   * or not moved, whichever has the lowest cost at the new λ. Uses the factor of the last minimum.
   */
  private predict(lambda: number): void {
    const { n, gram: g, alpha, z, root, factor: m, u, da, dz } = this;
    const prev = this.lastLambda as number;
    for (let i = 0; i < n; i++) u[i] = (root[i] * z[i]) / prev;
    choleskySolve(m, n, u, u);
    for (let i = 0; i < n; i++) da[i] = alpha[i] - root[i] * u[i]; // α-form of λ H⁻¹ ω
    symmetricMatVec(g, n, da, dz);
    const q0 = dot(alpha, z, n);
    const q1 = dot(da, z, n);
    const q2 = dot(da, dz, n);
    let best = 0;
    let bestCost = costOnLine(z, dz, this.problem.y, n, 0, lambda, q0, q1, q2);
    for (const c of [-Math.log(lambda / prev), 1 - lambda / prev]) {
      const cost = costOnLine(z, dz, this.problem.y, n, c, lambda, q0, q1, q2);
      if (cost < bestCost) {
        best = c;
        bestCost = cost;
      }
    }
    for (let i = 0; i < n; i++) {
      alpha[i] += best * da[i];
      z[i] += best * dz[i];
    }
  }
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

function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
