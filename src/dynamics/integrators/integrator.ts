/**
 * The integrator contract, as data (diffrax/torchsde style): each SDE integrator declares its strong
 * and weak orders per noise type, so studies take expected orders from here instead of literals,
 * and gives a stepper for a diagonal-noise SDE.
 * Noise types: 'additive' (diffusion independent of the state) and 'multiplicative' (state-dependent).
 * Adding an integrator (e.g. Milstein: strong 1 for both noise types, weak 1) costs one file declaring
 * an `IntegratorSpec` like euler-maruyama.ts and one line in registry.ts.
 */
export type NoiseType = 'additive' | 'multiplicative';

/** An Itô SDE with diagonal noise, dX_i = f_i(X, t) dt + g_i(X, t) dW_i. */
export interface DiagonalSde {
  readonly dim: number;
  drift(x: Float64Array, t: number, out: Float64Array): void;
  diffusion(x: Float64Array, t: number, out: Float64Array): void;
}

/** Advances X over one step of size h from time t, in place, given the Brownian increment dW (variance h); no allocation. */
export interface Stepper {
  step(x: Float64Array, t: number, h: number, dW: Float64Array): void;
}

export interface IntegratorSpec {
  readonly name: string;
  /** strong (pathwise, E|X_h − X|) order per noise type */
  readonly strongOrder: { readonly [N in NoiseType]: number };
  /** weak (E f(X_h) − E f(X)) order per noise type */
  readonly weakOrder: { readonly [N in NoiseType]: number };
  /** a stepper for this SDE (holds its scratch buffers) */
  stepper(sde: DiagonalSde): Stepper;
}
