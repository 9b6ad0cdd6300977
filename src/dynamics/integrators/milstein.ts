/**
 * Milstein for an Itô SDE with additive or diagonal noise (integrator.ts: Sde),
 *
 *   X_i ← X_i + f_i(X, t) h + g_i ΔW_i + ½ g_i ∂g_i/∂x_i (ΔW_i² − h),   ΔW = scale · dW,
 *
 * with g and ∂g/∂x at the start of the step: Euler–Maruyama plus the Itô–Taylor term of the double
 * integral ∫∫ dW dW = (ΔW² − h)/2, which is what lifts the strong order from 1/2 to 1. For additive
 * noise ∂g/∂x = 0 and the step is Euler–Maruyama's, x += f h + scale · (G dW).
 *
 * Orders (Kloeden & Platen §10.3; globally Lipschitz f, g with Lipschitz derivatives): strong 1 and
 * weak 1 for additive and diagonal noise. Needs ∂g/∂x (DiagonalSde.diffusionDerivative) for diagonal
 * noise. General noise is not integrated: its Milstein term needs the iterated integrals
 * ∫∫ dW_j dW_k (Lévy areas), which the increments a caller passes do not determine.
 */
import { defineIntegrator, type AdditiveSde, type DiagonalSde, type Stepper } from './integrator.js';
import { okabeIto } from '../../figures/theme.js';

/** The SDEs it steps: additive noise, or diagonal noise that gives ∂g/∂x. */
export type MilsteinSde = AdditiveSde | (DiagonalSde & Required<Pick<DiagonalSde, 'diffusionDerivative'>>);

export class Milstein implements Stepper {
  private readonly f: Float64Array;
  /** G dW (additive) or g (diagonal) */
  private readonly noise: Float64Array;
  /** ∂g/∂x (diagonal) */
  private readonly slope: Float64Array;

  constructor(private readonly sde: MilsteinSde) {
    this.f = new Float64Array(sde.dim);
    this.noise = new Float64Array(sde.dim);
    this.slope = new Float64Array(sde.noise === 'diagonal' ? sde.dim : 0);
  }

  /** One step of size h from time t, in place; no allocation. */
  step(x: Float64Array, t: number, h: number, dW: Float64Array, dWScale = 1): void {
    const { sde, f, noise, slope } = this;
    const d = sde.dim;
    sde.drift(x, t, f);
    if (sde.noise === 'diagonal') {
      sde.diffusion(x, t, noise);
      sde.diffusionDerivative(x, t, slope);
      for (let i = 0; i < d; i++) {
        const w = dWScale * dW[i];
        x[i] += f[i] * h + noise[i] * w + 0.5 * noise[i] * slope[i] * (w * w - h);
      }
    } else {
      sde.diffusionProduct(x, t, dW, noise);
      for (let i = 0; i < d; i++) x[i] += f[i] * h + dWScale * noise[i];
    }
  }
}

/** Its declaration (orders as above). */
export const milstein = defineIntegrator({
  name: 'milstein',
  title: 'Milstein',
  abbreviation: 'milstein',
  color: okabeIto.vermillion,
  noise: {
    additive: { strongOrder: 1, weakOrder: 1 },
    diagonal: { strongOrder: 1, weakOrder: 1, needs: ['diffusionDerivative'] },
  },
}, (sde) => new Milstein(sde as MilsteinSde)); // the declared noise types and needs were checked first
