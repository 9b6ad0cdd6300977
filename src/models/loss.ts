/**
 * A model with a finite training set (CONTRIBUTING.md, "Adding a model"). Models know nothing of how they are
 * optimised. All vectors are Float64Array of length `dim`; matrices are row-major.
 * Mean loss L(ω) = (1/N) Σ_i ℓ_i(ω) (+ weight decay, see weight-decay.ts).
 * Methods never allocate per call on the hot path (batchGradient, gradient).
 */
export interface Loss {
  /** Model family, e.g. 'quadratic', 'linear-regression'. */
  readonly kind: string;
  readonly dim: number;
  /** Number of training examples N. */
  readonly n: number;
  /** Mean training loss L(ω). */
  loss(w: Float64Array): number;
  /** Full-batch gradient ∇L(ω) into `out`. */
  gradient(w: Float64Array, out: Float64Array): void;
  /** Minibatch-mean gradient (1/B) Σ_{i ∈ indices[0..count)} ∇ℓ_i(ω) into `out`. */
  batchGradient(w: Float64Array, indices: Int32Array, count: number, out: Float64Array): void;
  /** All per-example gradients, N×d row-major, into `out`. */
  exampleGradients?(w: Float64Array, out: Float64Array): void;
  /**
   * Σ_i z_i ∇ℓ_i(ω) into `out` for given weights z (length N): the SDE's noise is built from it
   * (docs/theory.md §2, the Σ z_i u_i trick) without forming the N×d matrix when the model can avoid it.
   */
  weightedGradientSum?(w: Float64Array, z: Float64Array, out: Float64Array): void;
  /** Mean Hessian ∇²L(ω), d×d row-major. */
  hessian?(w: Float64Array): Float64Array;
  /**
   * The noise type of the model's SME (the SDE's noise types: additive, diagonal, general):
   * 'additive' — ∇ℓ_i(ω) − ∇L(ω) does not depend on ω (S is constant, G = a fixed factor of it);
   * 'general' — it does (S(ω)), and the SME is driven by one Brownian motion per example.
   */
  readonly noise: 'additive' | 'general';
  /**
   * S = (1/N) Σ_i (∇ℓ_i − ∇L)(∇ℓ_i − ∇L)ᵀ (d×d, row-major), present exactly when `noise` is
   * 'additive' (S does not depend on ω): the SDE then uses a Cholesky factor of ε_eff c S.
   */
  constantGradientCovariance?(): Float64Array;
  /** The exact minimum, for models that know it in closed form (or solve for it exactly); theory uses it. */
  minimum?(): Float64Array;
  /**
   * Which exact stationary theory this model admits beyond the OU / discrete ones
   * (experiments/common/stationary-theory.ts computes it; absent: none):
   *  - 'quadratic-additive': a quadratic loss with additive noise, so the OU covariance is exact for
   *    the SDE and the discrete Lyapunov (heavy-ball) one for SGD under a Markov sampler;
   *  - 'least-squares': finite-data least squares, from the design matrix x (N×d) and the residuals.
   */
  exactStationary?(): ExactStationaryHook;
}

export type ExactStationaryHook =
  | { family: 'quadratic-additive' }
  | { family: 'least-squares'; x: Float64Array; residuals(w: Float64Array): Float64Array };

/** A Loss whose minimum is known (Loss.minimum present). */
export type HasMinimum = Required<Pick<Loss, 'minimum'>>;

/** Generic Σ z_i ∇ℓ_i via exampleGradients, for models that do not provide a faster one. */
export function weightedGradientSumGeneric(loss: Loss, scratch: Float64Array, w: Float64Array, z: Float64Array, out: Float64Array): void {
  if (!loss.exampleGradients) throw new Error(`model ${loss.kind} provides no per-example gradients`);
  const { n, dim } = loss;
  loss.exampleGradients(w, scratch);
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const zi = z[i];
    const row = i * dim;
    for (let j = 0; j < dim; j++) out[j] += zi * scratch[row + j];
  }
}
