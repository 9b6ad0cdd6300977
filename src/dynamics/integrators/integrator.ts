/**
 * The integrator contract, as data (diffrax/torchsde style). An Itô SDE
 *
 *   dX = f(X, t) dt + G(X, t) dW,   X ∈ R^dim, W an m-dimensional Brownian motion,
 *
 * declares its noise type, one of three (torchsde's names):
 *  - 'additive': G = G(t) does not depend on X; any m; the SDE gives the product G(t) ΔW;
 *  - 'diagonal': m = dim and G = diag(g(X, t)), g_i depending on X through x_i only; the SDE gives
 *    g itself and, where it can, ∂g/∂x (the vector ∂g_i/∂x_i, what Milstein-type schemes need);
 *  - 'general': any m, any dependence on X; the SDE gives only the product G(X, t) ΔW
 *    (diffrax's `ControlTerm.vf_prod`), so that G itself (dim × m, m may be N per-example Brownian
 *    motions) is never formed.
 * Each integrator declares, per noise type it integrates, its strong and weak orders and what it
 * needs from the SDE beyond f and the noise (SdeProvision); the noise types it leaves out it cannot
 * integrate. Compatibility is checked once, when a stepper is built (assertCompatible), and studies
 * take expected orders, titles and colours from the declaration instead of literals.
 *
 * Brownian increments are passed factored as ΔW = scale · dW (a caller that draws unit normals z passes
 * dW = z, scale = √h; one that sums fine increments passes the increment and scale 1). Steppers apply
 * the (linear) products to dW and multiply by the scale once: scale · (G dW).
 *
 * Adding an integrator: one file declaring it with `defineIntegrator` (like euler-maruyama.ts), its
 * line in registry.ts, its own test; the contract test (test/dynamics/integrators/contract.test.ts)
 * then measures its declared orders on the SDE test problems (theory/sde-test-problems.ts), and the
 * transient study runs it on OU and GBM.
 */
export const noiseTypes = ['additive', 'diagonal', 'general'] as const;
export type NoiseType = (typeof noiseTypes)[number];

/** What an SDE may provide beyond its drift and noise: ∂g/∂x (diagonal noise). */
export type SdeProvision = 'diffusionDerivative';

const provisionText: Record<SdeProvision, string> = {
  diffusionDerivative: '∂g/∂x (diffusionDerivative)',
};

interface SdeDrift {
  readonly dim: number;
  /** f(x, t) into out (length dim) */
  drift(x: Float64Array, t: number, out: Float64Array): void;
}

/** dX = f(X, t) dt + G(t) dW with W of dimension brownianDim; G does not depend on X. */
export interface AdditiveSde extends SdeDrift {
  readonly noise: 'additive';
  readonly brownianDim: number;
  /** G(t) dW into out (length dim), for dW of length brownianDim; linear in dW, independent of x */
  diffusionProduct(x: Float64Array, t: number, dW: Float64Array, out: Float64Array): void;
}

/** dX_i = f_i(X, t) dt + g_i(x_i, t) dW_i. */
export interface DiagonalSde extends SdeDrift {
  readonly noise: 'diagonal';
  /** g(x, t) into out (length dim) */
  diffusion(x: Float64Array, t: number, out: Float64Array): void;
  /** ∂g_i/∂x_i (x, t) into out (length dim), where the SDE can give it */
  diffusionDerivative?(x: Float64Array, t: number, out: Float64Array): void;
}

/** dX = f(X, t) dt + G(X, t) dW with W of dimension brownianDim, G known through G ΔW only. */
export interface GeneralSde extends SdeDrift {
  readonly noise: 'general';
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

export type Sde = AdditiveSde | DiagonalSde | GeneralSde;

/** m, the dimension of the Brownian motion (dim for diagonal noise). */
export function brownianDimension(sde: Sde): number {
  return sde.noise === 'diagonal' ? sde.dim : sde.brownianDim;
}

/** The optional provisions this SDE gives. */
export function provisions(sde: Sde): SdeProvision[] {
  return sde.noise === 'diagonal' && sde.diffusionDerivative ? ['diffusionDerivative'] : [];
}

/**
 * Advances X over one step of size h from time t, in place, given the Brownian increment
 * ΔW = dWScale · dW (variance h per component; dWScale defaults to 1); no allocation.
 */
export interface Stepper {
  step(x: Float64Array, t: number, h: number, dW: Float64Array, dWScale?: number): void;
}

/** What an integrator achieves on one noise type, and what it needs there. */
export interface NoiseSupport {
  /** strong (pathwise, E|X_h − X|) order */
  readonly strongOrder: number;
  /** weak (E φ(X_h) − E φ(X), smooth φ) order */
  readonly weakOrder: number;
  /** what the SDE must provide beyond its drift and noise */
  readonly needs?: readonly SdeProvision[];
}

/** An integrator as data: who it is, how figures and reports show it, what it integrates and how well. */
export interface IntegratorDeclaration {
  /** its key in registry.ts, e.g. 'euler-maruyama' */
  readonly name: string;
  /** how reports and figures name it, e.g. 'Euler–Maruyama' */
  readonly title: string;
  /** the first part of its prediction ids, e.g. 'em' in em.gbm.strong-order */
  readonly abbreviation: string;
  /** its colour in figures */
  readonly color: string;
  /** per noise type it integrates: its orders and needs (a noise type left out is not integrated) */
  readonly noise: { readonly [N in NoiseType]?: NoiseSupport };
}

export interface IntegratorSpec extends IntegratorDeclaration {
  /** a stepper for this SDE (holds its scratch buffers); throws a TypeError if the SDE is not compatible */
  stepper(sde: Sde): Stepper;
}

/** Why this integrator cannot integrate this SDE, or null when it can. */
export function incompatibility(spec: IntegratorDeclaration, sde: Sde): string | null {
  const support = spec.noise[sde.noise];
  if (!support) {
    const types = noiseTypes.filter((n) => spec.noise[n]);
    return `integrator ${spec.name} (${spec.title}) integrates ${types.join(' or ')} noise only; this SDE declares ${sde.noise} noise`;
  }
  const given = provisions(sde);
  const missing = (support.needs ?? []).filter((p) => !given.includes(p));
  if (missing.length > 0) {
    return `integrator ${spec.name} (${spec.title}) needs ${missing.map((p) => provisionText[p]).join(' and ')} for ${sde.noise} noise, which this SDE does not provide`;
  }
  return null;
}

/** The check every stepper is built behind (defineIntegrator). */
export function assertCompatible(spec: IntegratorDeclaration, sde: Sde): void {
  const why = incompatibility(spec, sde);
  if (why !== null) throw new TypeError(why);
}

/**
 * An integrator from its declaration and its stepper constructor; the constructor is called only
 * after the SDE has passed assertCompatible, so it may rely on the declared noise types and needs.
 */
export function defineIntegrator<const D extends IntegratorDeclaration>(declaration: D, make: (sde: Sde) => Stepper): D & IntegratorSpec {
  return {
    ...declaration,
    stepper(sde: Sde): Stepper {
      assertCompatible(declaration, sde);
      return make(sde);
    },
  };
}
