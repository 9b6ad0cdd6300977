import { gramRows, matVec, transposeMatVec } from '../../linalg/gram.js';
import { dot } from '../../linalg/dense.js';
import { choleskyInPlace } from '../../linalg/cholesky-inplace.js';
import { choleskyLogDet, choleskySolve } from '../../linalg/cholesky.js';
import type { LogisticProblem } from './problem.js';
import { LogisticNewton, type MarginState, type NewtonLine, type NewtonSide } from './newton.js';

/**
 * The primal side of Newton's method (newton.ts) for C(ω) = Σ ℓ_i + (λ/2)|ω|², in the
 * d-dimensional weight space, for N ≫ d. M = I_d + XᵀDX/λ is formed as the Gram matrix of the rows
 * of (D½X)ᵀ (contiguous dot products), factored once per step; the Newton step is −M⁻¹∇C/λ, the
 * predictor direction λH⁻¹ω = M⁻¹ω, and Σ_j ln(λ_j/λ) = ln det M at the minimum.
 */
export class PrimalNewtonSide implements NewtonSide {
  readonly side = 'primal' as const;
  readonly rowNorm: Float64Array;
  private readonly w: Float64Array;
  private readonly scaledT: Float64Array;
  private readonly factorLower: Float64Array;
  private readonly g: Float64Array;
  private readonly dw: Float64Array;

  constructor(readonly problem: LogisticProblem) {
    const { n, d, x } = problem;
    this.rowNorm = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[i * d + j] * x[i * d + j];
      this.rowNorm[i] = Math.sqrt(s);
    }
    this.w = new Float64Array(d);
    this.scaledT = new Float64Array(d * n);
    this.factorLower = new Float64Array(d * d);
    this.g = new Float64Array(d);
    this.dw = new Float64Array(d);
  }

  reset(): void {
    this.w.fill(0);
  }

  squaredNorm(): number {
    return dot(this.w, this.w, this.problem.d);
  }

  /** ∇C = Xᵀ(σ(z) − y) + λω. */
  gradientNorm(lambda: number, margins: MarginState): number {
    const { n, d, x } = this.problem;
    const { w, g } = this;
    transposeMatVec(x, n, d, margins.residual, g);
    for (let j = 0; j < d; j++) g[j] += lambda * w[j];
    return Math.sqrt(dot(g, g, d));
  }

  /** M = I + (D½X)ᵀ(D½X)/λ, factored in place. */
  factor(lambda: number, margins: MarginState): void {
    const { n, d, x } = this.problem;
    const { scaledT: t, factorLower: m } = this;
    const root = margins.root;
    for (let i = 0; i < n; i++) {
      const r = root[i];
      for (let j = 0; j < d; j++) t[j * n + i] = x[i * d + j] * r;
    }
    gramRows(t, d, n, m);
    const inv = 1 / lambda;
    for (let k = 0; k < d * d; k++) m[k] *= inv;
    for (let j = 0; j < d; j++) m[j * d + j] += 1;
    choleskyInPlace(m, d, 'I + Xᵀ D X / λ');
  }

  logDetRatio(): number {
    return choleskyLogDet(this.factorLower, this.problem.d);
  }

  newtonDirection(lambda: number, margins: MarginState, line: NewtonLine): number {
    const { n, d, x } = this.problem;
    const { w, factorLower: m, g, dw } = this;
    choleskySolve(m, d, g, dw);
    for (let j = 0; j < d; j++) dw[j] = -dw[j] / lambda;
    matVec(x, n, d, dw, margins.dz);
    line.q1 = dot(w, dw, d);
    line.q2 = dot(dw, dw, d);
    return -dot(g, dw, d);
  }

  predictorDirection(_previousLambda: number, margins: MarginState, line: NewtonLine): void {
    const { n, d, x } = this.problem;
    const { w, factorLower: m, dw } = this;
    choleskySolve(m, d, w, dw);
    matVec(x, n, d, dw, margins.dz);
    line.q1 = dot(w, dw, d);
    line.q2 = dot(dw, dw, d);
  }

  step(t: number): void {
    const { w, dw } = this;
    for (let j = 0; j < w.length; j++) w[j] += t * dw[j];
  }

  weights(): Float64Array {
    return Float64Array.from(this.w);
  }
}

/** Newton's method on the primal side: d×d systems. */
export class PrimalLogisticSolver extends LogisticNewton {
  constructor(problem: LogisticProblem) {
    super(problem, new PrimalNewtonSide(problem));
  }
}
