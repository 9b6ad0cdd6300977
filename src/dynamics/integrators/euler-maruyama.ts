/**
 * Euler–Maruyama for an Itô SDE with diagonal noise (integrator.ts: DiagonalSde),
 *
 *   dX_i = f_i(X, t) dt + g_i(X, t) dW_i,
 *   X ← X + f(X, t) h + g(X, t) ⊙ ΔW,
 *
 * driven by caller-supplied Brownian increments ΔW (variance h), so that coarse and fine runs can
 * share one path (sum the fine increments to get the coarse ones).
 *
 * Order (globally Lipschitz f, g; smooth test functions for the weak order):
 * - strong order 1/2 in general (multiplicative noise: the missing Milstein term
 *   ½ g g′ (ΔW² − h) is O(h) per step, O(√h) globally);
 * - strong order 1 when g does not depend on X (additive noise: EM coincides with Milstein);
 * - weak order 1.
 * Noise: diagonal (component i is driven by W_i only). Not for stiff drifts (explicit).
 */
import type { DiagonalSde, IntegratorSpec, Stepper } from './integrator.js';

export class EulerMaruyama implements Stepper {
  private readonly f: Float64Array;
  private readonly g: Float64Array;

  constructor(private readonly sde: DiagonalSde) {
    this.f = new Float64Array(sde.dim);
    this.g = new Float64Array(sde.dim);
  }

  /** One step of size h from time t, in place; no allocation. */
  step(x: Float64Array, t: number, h: number, dW: Float64Array): void {
    this.sde.drift(x, t, this.f);
    this.sde.diffusion(x, t, this.g);
    for (let i = 0; i < this.sde.dim; i++) x[i] += this.f[i] * h + this.g[i] * dW[i];
  }
}

/** Its declared orders (Kloeden & Platen), as above. */
export const eulerMaruyama = {
  name: 'euler-maruyama',
  strongOrder: { additive: 1, multiplicative: 0.5 },
  weakOrder: { additive: 1, multiplicative: 1 },
  stepper: (sde: DiagonalSde): Stepper => new EulerMaruyama(sde),
} as const satisfies IntegratorSpec;
