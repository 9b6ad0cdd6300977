/**
 * Euler–Maruyama for an Itô SDE dX = f(X, t) dt + G(X, t) dW (integrator.ts: Sde), any noise type,
 *
 *   X ← X + f(X, t) h + G(X, t) ΔW,   ΔW = scale · dW (variance h per component),
 *
 * driven by caller-supplied Brownian increments, so that coarse and fine runs can share one path
 * (sum the fine increments to get the coarse ones) and callers choose their random streams. This is
 * the one place in the code that writes the Euler–Maruyama update: the convergence study, the SDE
 * ensemble of SGD's SME and the SDE first-passage runs all step through it.
 * For diagonal noise G ΔW = g ⊙ ΔW; for additive and general noise the SDE's product G dW is scaled
 * once, x_i += f_i h + scale · (G dW)_i. When a general SDE offers the fused form (integrator.ts:
 * WeightedSumForm, f = Σ_k a_k v_k(x), G ΔW = Σ_k b_k(ΔW) v_k(x)), the same update is taken in one
 * pass over the v_k: c_k = a_k h + scale · b_k(dW), x += Σ_k c_k v_k(x) (SGD's SME: one weighted
 * per-example gradient sum).
 *
 * Orders (Kloeden & Platen; globally Lipschitz f, G; smooth test functions for the weak order):
 * - strong order 1 for additive noise (G does not depend on X: EM coincides with Milstein);
 * - strong order 1/2 for diagonal and general noise (the missing Milstein term is O(h) per step,
 *   O(√h) globally);
 * - weak order 1 for every noise type.
 * Needs nothing beyond f and the noise. Not for stiff drifts (explicit).
 */
import { defineIntegrator, type Sde, type Stepper, type WeightedSumForm } from './integrator.js';
import { okabeIto } from '../../figures/theme.js';

export class EulerMaruyama implements Stepper {
  private readonly f: Float64Array;
  /** G dW (additive, general) or g (diagonal) */
  private readonly noise: Float64Array;
  /** the fused form, when the SDE offers it, and its coefficients c (length K) */
  private readonly fused: WeightedSumForm | null;
  private readonly c: Float64Array;

  constructor(private readonly sde: Sde) {
    this.f = new Float64Array(sde.dim);
    this.noise = new Float64Array(sde.dim);
    this.fused = (sde.noise === 'general' && sde.weightedSum) || null;
    this.c = new Float64Array(this.fused ? this.fused.count : 0);
  }

  /** One step of size h from time t, in place; no allocation. */
  step(x: Float64Array, t: number, h: number, dW: Float64Array, dWScale = 1): void {
    const { sde, f, noise, fused } = this;
    const d = sde.dim;
    if (fused) {
      const { c } = this;
      const a = fused.driftWeights;
      fused.noiseWeights(t, dW, c);
      for (let k = 0; k < c.length; k++) c[k] = a[k] * h + dWScale * c[k];
      fused.combine(x, t, c, noise);
      for (let i = 0; i < d; i++) x[i] += noise[i];
      return;
    }
    sde.drift(x, t, f);
    if (sde.noise === 'diagonal') {
      sde.diffusion(x, t, noise);
      for (let i = 0; i < d; i++) x[i] += f[i] * h + dWScale * (noise[i] * dW[i]);
    } else {
      sde.diffusionProduct(x, t, dW, noise);
      for (let i = 0; i < d; i++) x[i] += f[i] * h + dWScale * noise[i];
    }
  }
}

/** Its declaration (orders as above). */
export const eulerMaruyama = defineIntegrator({
  name: 'euler-maruyama',
  title: 'Euler–Maruyama',
  abbreviation: 'em',
  color: okabeIto.blue,
  noise: {
    additive: { strongOrder: 1, weakOrder: 1 },
    diagonal: { strongOrder: 0.5, weakOrder: 1 },
    general: { strongOrder: 0.5, weakOrder: 1 },
  },
}, (sde) => new EulerMaruyama(sde));
