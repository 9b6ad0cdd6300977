/**
 * A streaming quadratic, the test model of Li, Tai & E (docs/theory.md §5): ℓ_γ(x) = ½ (x−γ)ᵀH(x−γ) − ½ tr H with γ ~ N(0, I)
 * drawn afresh for every gradient — an infinite data set, so it is not a `Loss` (which has N
 * examples). The mean loss is L(x) = E_γ ℓ_γ(x) = ½ xᵀHx (the −½ tr H cancels E[½γᵀHγ]), and
 * the gradient noise ∇ℓ_γ − ∇L = −Hγ has covariance H², whatever x: additive noise.
 * γ's law is rotation invariant, so the model is written in H's eigenbasis, H = diag(λ), without
 * loss of generality. Knows nothing of how it is optimised.
 */
export class StreamingQuadratic {
  readonly dim: number;
  readonly eigenvalues: Float64Array;

  constructor(eigenvalues: Float64Array) {
    for (const l of eigenvalues) if (!(l > 0) || !Number.isFinite(l)) throw new RangeError(`eigenvalues of H must be positive and finite (got ${l})`);
    this.dim = eigenvalues.length;
    this.eigenvalues = Float64Array.from(eigenvalues);
  }

  /** Mean loss L(x) = ½ xᵀHx. */
  loss(x: Float64Array): number {
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += this.eigenvalues[i] * x[i] * x[i];
    return 0.5 * s;
  }

  /** One example's loss ℓ_γ(x). */
  sampleLoss(x: Float64Array, gamma: Float64Array): number {
    let s = 0;
    for (let i = 0; i < this.dim; i++) {
      const l = this.eigenvalues[i];
      s += l * ((x[i] - gamma[i]) ** 2 - 1);
    }
    return 0.5 * s;
  }

  /** ∇ℓ_γ(x) = H(x − γ) into `out` (no allocation). */
  sampleGradient(x: Float64Array, gamma: Float64Array, out: Float64Array): void {
    for (let i = 0; i < this.dim; i++) out[i] = this.eigenvalues[i] * (x[i] - gamma[i]);
  }

  /** Diagonal of the gradient-noise covariance, H² (per-example; batch size 1). */
  noiseVariances(): Float64Array {
    return Float64Array.from(this.eigenvalues, (l) => l * l);
  }
}
