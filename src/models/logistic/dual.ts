import { gramRows, symmetricMatVec, transposeMatVec } from '../../linalg/gram.js';
import { dot } from '../../linalg/dense.js';
import { choleskyInPlace } from '../../linalg/cholesky-inplace.js';
import { choleskyLogDet, choleskySolve } from '../../linalg/cholesky.js';
import type { LogisticProblem } from './problem.js';
import { LogisticNewton, type MarginState, type NewtonLine, type NewtonSide } from './newton.js';

/**
 * The dual side of Newton's method (newton.ts) for C(ω) = Σ ℓ_i + (λ/2)|ω|², for N ≲ d.
 *
 * The minimum satisfies λω₀ = −Xᵀ(σ(z) − y), so ω = Xᵀα stays in the row space of X and the
 * margins are z = Gα with the Gram matrix G = XXᵀ, formed once per data set (and shared between
 * label sets and λ values); |ω|² = α·z. With D = diag(σ(1−σ)) and M = I_N + D½ G D½ / λ:
 *   - Woodbury: the Newton step −H⁻¹∇C, ∇C = Xᵀs with s = σ(z) − y + λα, is Xᵀ Δα with
 *     Δα = −(s − D½ M⁻¹ D½ G s / λ) / λ, and |∇C|² = s·Gs;
 *   - Sylvester: det(λI_d + XᵀDX) = λ^d det M, so Σ_j ln(λ_j/λ) = ln det M;
 *   - the line search is O(N): z, Δz = GΔα and three scalars give C anywhere on the line.
 * One N×N Cholesky per step (N³/3) replaces forming XᵀDX (N d²) and factoring it (d³/3).
 */
export class DualNewtonSide implements NewtonSide {
  readonly side = 'dual' as const;
  readonly gram: Float64Array;
  readonly rowNorm: Float64Array;
  private readonly n: number;
  private readonly alpha: Float64Array;
  private readonly factorLower: Float64Array;
  private readonly s: Float64Array;
  private readonly gs: Float64Array;
  private readonly u: Float64Array;
  private readonly da: Float64Array;

  constructor(readonly problem: LogisticProblem, gram?: Float64Array) {
    const { n, d, x } = problem;
    this.n = n;
    this.gram = gram ?? gramRows(x, n, d);
    this.rowNorm = new Float64Array(n);
    for (let i = 0; i < n; i++) this.rowNorm[i] = Math.sqrt(this.gram[i * n + i]);
    this.alpha = new Float64Array(n);
    this.factorLower = new Float64Array(n * n);
    this.s = new Float64Array(n);
    this.gs = new Float64Array(n);
    this.u = new Float64Array(n);
    this.da = new Float64Array(n);
  }

  reset(): void {
    this.alpha.fill(0);
  }

  squaredNorm(margins: MarginState): number {
    return dot(this.alpha, margins.z, this.n);
  }

  /** s = σ(z) − y + λα and Gs; |∇C| = √(s·Gs). */
  gradientNorm(lambda: number, margins: MarginState): number {
    const { n, gram: g, alpha, s, gs } = this;
    const residual = margins.residual;
    for (let i = 0; i < n; i++) s[i] = residual[i] + lambda * alpha[i];
    symmetricMatVec(g, n, s, gs);
    return Math.sqrt(Math.max(0, dot(s, gs, n)));
  }

  /** M = I + D½ G D½ / λ at the current margins (lower triangle), factored in place. */
  factor(lambda: number, margins: MarginState): void {
    const { n, gram: g, factorLower: m } = this;
    const root = margins.root;
    for (let i = 0; i < n; i++) {
      const ri = root[i] / lambda;
      const row = i * n;
      for (let j = 0; j <= i; j++) m[row + j] = ri * root[j] * g[row + j];
      m[row + i] += 1;
    }
    choleskyInPlace(m, n, 'I + D½ X Xᵀ D½ / λ');
  }

  logDetRatio(): number {
    return choleskyLogDet(this.factorLower, this.n);
  }

  newtonDirection(lambda: number, margins: MarginState, line: NewtonLine): number {
    const { n, gram: g, factorLower: m, s, gs, u, da } = this;
    const { z, dz, root } = margins;
    for (let i = 0; i < n; i++) u[i] = (root[i] * gs[i]) / lambda;
    choleskySolve(m, n, u, u);
    for (let i = 0; i < n; i++) da[i] = -(s[i] - root[i] * u[i]) / lambda;
    symmetricMatVec(g, n, da, dz);
    line.q1 = dot(da, z, n);
    line.q2 = dot(da, dz, n);
    return -dot(da, gs, n);
  }

  predictorDirection(previousLambda: number, margins: MarginState, line: NewtonLine): void {
    const { n, gram: g, alpha, factorLower: m, u, da } = this;
    const { z, dz, root } = margins;
    for (let i = 0; i < n; i++) u[i] = (root[i] * z[i]) / previousLambda;
    choleskySolve(m, n, u, u);
    for (let i = 0; i < n; i++) da[i] = alpha[i] - root[i] * u[i]; // α-form of λ H⁻¹ ω
    symmetricMatVec(g, n, da, dz);
    line.q1 = dot(da, z, n);
    line.q2 = dot(da, dz, n);
  }

  step(t: number): void {
    const { n, alpha, da } = this;
    for (let i = 0; i < n; i++) alpha[i] += t * da[i];
  }

  /** ω = Xᵀα */
  weights(): Float64Array {
    const { x, n, d } = this.problem;
    return transposeMatVec(x, n, d, this.alpha, new Float64Array(d));
  }
}

/** Newton's method on the dual side: N×N systems through the Gram matrix (formed here unless given). */
export class DualLogisticSolver extends LogisticNewton {
  constructor(problem: LogisticProblem, gram?: Float64Array) {
    super(problem, new DualNewtonSide(problem, gram));
  }
}
