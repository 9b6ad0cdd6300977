/**
 * The integrator contract, as data (diffrax/torchsde style): each SDE integrator declares its strong
 * and weak orders per noise type, so studies take expected orders from here instead of literals.
 * Noise types: 'additive' (diffusion independent of the state) and 'multiplicative' (state-dependent).
 * Adding an integrator (e.g. Milstein: strong 1 for both noise types, weak 1) costs one file declaring
 * an `IntegratorSpec` like euler-maruyama.ts and one line in registry.ts.
 */
export type NoiseType = 'additive' | 'multiplicative';

export interface IntegratorSpec {
  readonly name: string;
  /** strong (pathwise, E|X_h − X|) order per noise type */
  readonly strongOrder: { readonly [N in NoiseType]: number };
  /** weak (E f(X_h) − E f(X)) order per noise type */
  readonly weakOrder: { readonly [N in NoiseType]: number };
}
