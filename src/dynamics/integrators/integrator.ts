/**
 * The integrator contract, as data (diffrax/torchsde style). An Itô SDE
 *
 *   dX = f(X, t) dt + G(X, t) dW,   X ∈ R^dim, W an m-dimensional Brownian motion,
 *
 * is given by its drift f and by the product of its diffusion with a Brownian increment, G ΔW
 * (diffrax's `ControlTerm.vf_prod`), so that G itself (dim × m, m may be N per-example Brownian
 * motions) is never formed. Two noise structures:
 *  - 'diagonal': m = dim and G = diag(g(X, t)); the SDE gives g itself (what Milstein-type schemes need);
 *  - 'general': any m; the SDE gives only the product G(X, t) ΔW.
 * Each integrator declares the structures it supports and its strong and weak orders per noise type
 * ('additive': G independent of X; 'multiplicative': state-dependent), so studies take expected
 * orders from here instead of literals, and an unsupported SDE is rejected once, when the stepper is made.
 *
 * Brownian increments are passed factored as ΔW = scale · dW (a caller that draws unit normals z passes
 * dW = z, scale = √h; one that sums fine increments passes the increment and scale 1). Steppers apply
 * the (linear) products to dW and multiply by the scale once: scale · (G dW).
 *
 * Adding an integrator (e.g. Milstein: strong 1 for both noise types, weak 1, diagonal noise only)
 * costs one file declaring an `IntegratorSpec` like euler-maruyama.ts and one line in registry.ts.
 */
export type NoiseType = 'additive' | 'multiplicative';
export type NoiseStructure = 'diagonal' | 'general';

interface SdeDrift {
  readonly dim: number;
  /** f(x, t) into out (length dim) */
  drift(x: Float64Array, t: number, out: Float64Array): void;
}

/** dX_i = f_i(X, t) dt + g_i(X, t) dW_i (structure may be omitted: diagonal is the default). */
export interface DiagonalSde extends SdeDrift {
  readonly structure?: 'diagonal';
  /** g(x, t) into out (length dim) */
  diffusion(x: Float64Array, t: number, out: Float64Array): void;
}

/** dX = f(X, t) dt + G(X, t) dW with W of dimension brownianDim, G known through G ΔW only. */
export interface GeneralSde extends SdeDrift {
  readonly structure: 'general';
  readonly brownianDim: number;
  /** G(x, t) dW into out (length dim), for dW of length brownianDim; linear in dW */
  diffusionProduct(x: Float64Array, t: number, dW: Float64Array, out: Float64Array): void;
  /** optional one-pass form of f h + G ΔW (see WeightedSumForm) */
  readonly weightedSum?: WeightedSumForm;
}

/**
 * An optional fused form for SDEs whose drift and diffusion product are weighted sums of the same
 * K state-dependent vectors v_k(x) (SGD's SME: the per-example gradients ∇ℓ_k, K = N):
 *
 *   f(x, t) = Σ_k a_k v_k(x),   G(x, t) ΔW = Σ_k b_k(ΔW) v_k(x),   a constant, b linear in ΔW.
 *
 * A stepper may then form the step's coefficients c_k itself (Euler–Maruyama: c = a h + scale · b(dW))
 * and ask for Σ_k c_k v_k(x) in one pass over the vectors, instead of one pass for f and one for G ΔW.
 * The SDE gives the pieces; the stepper owns the scheme. Must agree with drift and diffusionProduct.
 */
export interface WeightedSumForm {
  /** K */
  readonly count: number;
  /** a (length K), constant */
  readonly driftWeights: Float64Array;
  /** b(dW) into out (length K), for dW of length brownianDim */
  noiseWeights(t: number, dW: Float64Array, out: Float64Array): void;
  /** Σ_k c_k v_k(x) into out (length dim) */
  combine(x: Float64Array, t: number, c: Float64Array, out: Float64Array): void;
}

export type Sde = DiagonalSde | GeneralSde;

function noiseStructure(sde: Sde): NoiseStructure {
  return sde.structure === 'general' ? 'general' : 'diagonal';
}

/**
 * Advances X over one step of size h from time t, in place, given the Brownian increment
 * ΔW = dWScale · dW (variance h per component; dWScale defaults to 1); no allocation.
 */
export interface Stepper {
  step(x: Float64Array, t: number, h: number, dW: Float64Array, dWScale?: number): void;
}

export interface IntegratorSpec {
  readonly name: string;
  /** strong (pathwise, E|X_h − X|) order per noise type */
  readonly strongOrder: { readonly [N in NoiseType]: number };
  /** weak (E f(X_h) − E f(X)) order per noise type */
  readonly weakOrder: { readonly [N in NoiseType]: number };
  /** the noise structures it can integrate */
  readonly structures: readonly NoiseStructure[];
  /** a stepper for this SDE (holds its scratch buffers); throws if the SDE's structure is not supported */
  stepper(sde: Sde): Stepper;
}

/** The check every IntegratorSpec.stepper makes first. */
export function assertSupported(spec: Pick<IntegratorSpec, 'name' | 'structures'>, sde: Sde): void {
  const s = noiseStructure(sde);
  if (!spec.structures.includes(s)) {
    throw new RangeError(`integrator ${spec.name} supports ${spec.structures.join(', ')} noise, not ${s}`);
  }
}
