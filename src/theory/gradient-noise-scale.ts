import type { Loss } from '../models/loss.js';

/**
 * The gradient noise scale of McCandlish et al. (2018, "An Empirical Model of Large-Batch
 * Training"; docs/theory.md §9) at a point ω, exactly, for a model with per-example gradients:
 *
 *     B_simple = tr S / |G|²,       B_noise = tr(H S) / (Gᵀ H G),
 *
 * G = ∇L(ω), S = (1/N) Σ (∇ℓ_i − ∇ℓ̄)(∇ℓ_i − ∇ℓ̄)ᵀ (docs/theory.md §1, 1/N normalisation), H = ∇²L(ω).
 * B_noise is the batch size at which one optimally sized step gains half of what a noiseless step
 * would (gain ∝ 1/(1 + B_noise/B)); B_simple equals it when H ∝ I. tr(HS) = (1/N) Σ u_iᵀ H u_i with
 * u_i the centred example gradients, so S is never formed. Weight decay shifts every example
 * gradient alike: it enters G, not S.
 */
export interface GradientNoiseScale {
  gradientNormSq: number;
  traceS: number;
  traceHS: number;
  gHg: number;
  bSimple: number;
  bNoise: number;
}

/**
 * Reusable buffers for measuring the noise scale at many points (e.g. every step of an idealised
 * run): no allocation per call after construction, except the model's own Hessian where it
 * computes one.
 */
export class GradientNoiseProbe {
  private readonly per: Float64Array;
  private readonly g: Float64Array;
  private readonly mean: Float64Array;
  private readonly u: Float64Array;
  private readonly hu: Float64Array;
  private readonly constantHessian: Float64Array | null;

  constructor(private readonly loss: Loss) {
    if (!loss.exampleGradients || !loss.hessian) throw new RangeError(`model ${loss.kind} has no per-example gradients or Hessian: the exact noise scale needs both (use the two-batch estimate)`);
    const { n, dim: d } = loss;
    this.per = new Float64Array(n * d);
    this.g = new Float64Array(d);
    this.mean = new Float64Array(d);
    this.u = new Float64Array(d);
    this.hu = new Float64Array(d);
    // least squares and quadratics have a constant Hessian: compute it once
    this.constantHessian = loss.kind === 'linear-regression' || loss.kind === 'quadratic' ? loss.hessian(new Float64Array(d)) : null;
  }

  measure(w: Float64Array): GradientNoiseScale {
    const loss = this.loss;
    const { n, dim: d } = loss;
    const { per, g, mean, u, hu } = this;
    loss.exampleGradients!(w, per);
    loss.gradient(w, g);
    const h = this.constantHessian ?? loss.hessian!(w);
    mean.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += per[i * d + j] / n;
    let traceS = 0;
    let traceHS = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) u[j] = per[i * d + j] - mean[j];
      quadForm(h, u, hu, d);
      for (let j = 0; j < d; j++) {
        traceS += u[j] * u[j];
        traceHS += u[j] * hu[j];
      }
    }
    traceS /= n;
    traceHS /= n;
    let gg = 0;
    let gHg = 0;
    quadForm(h, g, hu, d);
    for (let j = 0; j < d; j++) {
      gg += g[j] * g[j];
      gHg += g[j] * hu[j];
    }
    return { gradientNormSq: gg, traceS, traceHS, gHg, bSimple: traceS / gg, bNoise: traceHS / gHg };
  }
}

export function gradientNoiseScale(loss: Loss, w: Float64Array): GradientNoiseScale {
  return new GradientNoiseProbe(loss).measure(w);
}

/**
 * The step size that maximises the expected decrease of a quadratic model of L after one step
 * with a minibatch of noise factor c (c = 1/B with replacement; McCandlish et al. eq. 2.6):
 *     ε_opt = |G|² / (GᵀHG + c tr(HS)) = ε_max / (1 + B_noise/B)   (c = 1/B),  ε_max = |G|²/(GᵀHG),
 * with expected decrease ½|G|⁴/(GᵀHG + c tr(HS)).
 */
export function optimalStep(m: GradientNoiseScale, c: number): number {
  return m.gradientNormSq / (m.gHg + c * m.traceHS);
}

/** out = H v (H symmetric d×d row-major). */
function quadForm(h: Float64Array, v: Float64Array, out: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += h[i * d + j] * v[j];
    out[i] = s;
  }
}
