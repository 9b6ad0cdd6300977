/**
 * A model with infinite data (online): it has no training set to index, so no N, no example
 * gradients and no index-based minibatches. Every minibatch gradient is drawn afresh: ∇L(ω) plus
 * Gaussian noise of covariance C/B, where C is the per-example gradient covariance. The one family
 * today is the Noisy Quadratic Model (models/nqm.ts, docs/theory.md §3), diagonal by construction:
 * H = diag(curvature), C = diag(noiseVariance), so even d = 10⁶ costs O(d) per draw.
 * Experiments choose such models by the factory's declared capability (`data: 'online'`,
 * model-factory.ts), never by their kind's name. Methods never allocate.
 */
export interface OnlineLoss {
  readonly kind: string;
  readonly data: 'online';
  readonly dim: number;
  /** the per-example gradient noise does not depend on ω */
  readonly noise: 'additive';
  /** diagonal of the Hessian H (constant) */
  readonly curvature: Float64Array;
  /** diagonal of the per-example gradient covariance C (constant) */
  readonly noiseVariance: Float64Array;
  /** mean (population) loss L(ω) */
  loss(w: Float64Array): number;
  /** ∇L(ω) into `out` */
  gradient(w: Float64Array, out: Float64Array): void;
  /** a minibatch gradient ∇L(ω) + (C/B)^{1/2} z into `out`, from standard normals z (length dim) */
  batchGradient(w: Float64Array, batchSize: number, z: Float64Array, out: Float64Array): void;
  /** the minimum, where L is smallest */
  minimum(): Float64Array;
}

/** Whether a built model is an online one (the factory's `data: 'online'`). */
export function isOnline(model: { readonly kind: string }): model is OnlineLoss {
  return (model as Partial<OnlineLoss>).data === 'online';
}
