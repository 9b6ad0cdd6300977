import type { Loss } from '../models/loss.js';

/**
 * The gradient noise scale of McCandlish et al. (2018, "An Empirical Model of Large-Batch
 * Training"; THEORY.md §9) at a point ω, exactly, for a model with per-example gradients:
 *
 *     B_simple = tr S / |G|²,       B_noise = tr(H S) / (Gᵀ H G),
 *
 * G = ∇L(ω), S = (1/N) Σ (∇ℓ_i − ∇ℓ̄)(∇ℓ_i − ∇ℓ̄)ᵀ (THEORY.md §1, 1/N normalisation), H = ∇²L(ω).
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

export function gradientNoiseScale(loss: Loss, w: Float64Array): GradientNoiseScale {
  if (!loss.exampleGradients || !loss.hessian) throw new RangeError(`model ${loss.kind} has no per-example gradients or Hessian: the exact noise scale needs both (use the two-batch estimate)`);
  const { n, dim: d } = loss;
  const per = new Float64Array(n * d);
  loss.exampleGradients(w, per);
  const g = new Float64Array(d);
  loss.gradient(w, g);
  const h = loss.hessian(w);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += per[i * d + j] / n;
  const u = new Float64Array(d);
  const hu = new Float64Array(d);
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

/** out = H v (H symmetric d×d row-major). */
function quadForm(h: Float64Array, v: Float64Array, out: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += h[i * d + j] * v[j];
    out[i] = s;
  }
}
