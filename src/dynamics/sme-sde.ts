import { weightedGradientSumGeneric, type Loss } from '../models/loss.js';
import { cholesky, lowerTriangularMultiply } from '../linalg/cholesky.js';
import { effectiveLearningRate } from '../dynamics/effective-learning-rate.js';
import type { AdditiveSde, GeneralSde } from './integrators/integrator.js';

/**
 * The stochastic modified equation of SGD (docs/theory.md §2) as an SDE for the integrators
 * (integrators/integrator.ts: drift and diffusion-times-increment products, nothing else):
 *
 *   dω = −∇L(ω) dt − [order 2] (ε/2) H(ω) ∇L(ω) dt + sqrt(ε_eff c S(ω)) dW,
 *
 * ε_eff = ε/(1−m), c = c(N,B); the order-2 drift (SME-2, Li–Tai–E Thm 9) needs m = 0 and the Hessian.
 * Noise, of the type the model declares (Loss.noise):
 *  - additive (the model gives its constant S, Loss.constantGradientCovariance): W has dim d and
 *    G = C, the lower Cholesky factor of ε_eff c S (a tiny ridge keeps it defined when S is singular;
 *    no factor, and no Brownian motion, when S = 0): G dW = C dW, O(d²);
 *  - general (S(ω) depends on ω): one Brownian motion per example (W has dim N) and
 *    G(ω) dW = k Σ_i (dW_i − mean(dW)) ∇ℓ_i(ω),  k = sqrt(ε_eff c / N),
 *    whose covariance per unit time is k² Σ_i u_i u_iᵀ = ε_eff c S(ω) (u_i = ∇ℓ_i − ∇L, S = (1/N) Σ u_i u_iᵀ):
 *    one weighted per-example gradient sum, O(N d), no d×d factorisation. At order 1 the drift
 *    −∇L = Σ_i (−1/N) ∇ℓ_i is a sum over the same gradients (weight decay is inside each ℓ_i), so the
 *    SDE also offers the fused form (integrators/integrator.ts: WeightedSumForm) and an Euler–Maruyama
 *    step is one data pass Σ_i c_i ∇ℓ_i, c_i = −h/N + √h k (z_i − z̄).
 * `constantNoiseGradientSde` is the additive case with a given factor C (also the escape runs' SDE).
 */
export interface SmeSdeConfig {
  lr: number;
  momentum: number;
  /** c(N,B) of the sampler being modelled */
  noiseFactor: number;
  /** the order of the stochastic modified equation (1: SME-1, 2: SME-2), not an integrator's order */
  smeOrder: 1 | 2;
}

export function smeSde(loss: Loss, cfg: SmeSdeConfig): AdditiveSde | GeneralSde {
  if (cfg.smeOrder === 2) {
    if (!loss.hessian) throw new Error(`SME-2 needs the Hessian, which model ${loss.kind} does not provide`);
    if (cfg.momentum !== 0) throw new Error('SME-2 is defined here for m = 0 only');
  }
  const lrEff = effectiveLearningRate(cfg.lr, cfg.momentum);
  const drift = cfg.smeOrder === 2 ? sme2Drift(loss, cfg.lr) : gradientFlowDrift(loss);
  if (loss.noise === 'additive') {
    if (!loss.constantGradientCovariance) throw new Error(`model ${loss.kind} declares additive noise but gives no constant gradient covariance S: the SDE cannot be built`);
    return constantNoiseSde(loss.dim, drift, additiveNoiseFactor(loss.constantGradientCovariance(), loss.dim, lrEff, cfg.noiseFactor));
  }
  if (!loss.weightedGradientSum && !loss.exampleGradients) {
    throw new Error(`model ${loss.kind} gives neither per-example gradients nor a constant noise covariance: the SDE cannot be built`);
  }
  return perExampleNoiseSde(loss, drift, Math.sqrt((lrEff * cfg.noiseFactor) / loss.n), cfg.smeOrder === 1);
}

/**
 * G(ω) dW = k Σ_i (dW_i − mean(dW)) ∇ℓ_i(ω); with `fusedDrift` the drift is −∇L = Σ_i (−1/N) ∇ℓ_i
 * and the fused form is offered.
 */
function perExampleNoiseSde(loss: Loss, drift: Drift, k: number, fusedDrift: boolean): GeneralSde {
  const { n, dim: d } = loss;
  const scratch = loss.weightedGradientSum ? null : new Float64Array(n * d);
  const combine = loss.weightedGradientSum
    ? (x: Float64Array, _t: number, c: Float64Array, out: Float64Array) => loss.weightedGradientSum!(x, c, out)
    : (x: Float64Array, _t: number, c: Float64Array, out: Float64Array) => weightedGradientSumGeneric(loss, scratch!, x, c, out);
  const noiseWeights = (_t: number, dW: Float64Array, out: Float64Array) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += dW[i];
    const mean = sum / n;
    for (let i = 0; i < n; i++) out[i] = k * (dW[i] - mean);
  };
  const b = new Float64Array(n);
  return {
    noise: 'general',
    dim: d,
    brownianDim: n,
    drift,
    diffusionProduct: (x, t, dW, out) => {
      noiseWeights(t, dW, b);
      combine(x, t, b, out);
    },
    weightedSum: fusedDrift ? { count: n, driftWeights: new Float64Array(n).fill(-1 / n), noiseWeights, combine } : undefined,
  };
}

/** dω = −∇L dt + C dW with a constant lower-triangular factor C (d×d, row-major), or no noise (null). */
export function constantNoiseGradientSde(loss: Loss, factor: Float64Array | null): AdditiveSde {
  return constantNoiseSde(loss.dim, gradientFlowDrift(loss), factor);
}

type Drift = (x: Float64Array, t: number, out: Float64Array) => void;

function constantNoiseSde(d: number, drift: Drift, factor: Float64Array | null): AdditiveSde {
  return {
    noise: 'additive',
    dim: d,
    brownianDim: factor ? d : 0,
    drift,
    diffusionProduct: factor
      ? (_x, _t, dW, out) => lowerTriangularMultiply(factor, d, dW, out)
      : (_x, _t, _dW, out) => { out.fill(0); },
  };
}

/** C with C Cᵀ = ε_eff c S (+ ridge), or null when S = 0. */
function additiveNoiseFactor(s: Float64Array, d: number, lrEff: number, noiseFactor: number): Float64Array | null {
  const scaled = Float64Array.from(s, (v) => v * lrEff * noiseFactor);
  // S may be singular in some directions; a tiny ridge keeps the factorisation defined
  let maxDiag = 0;
  for (let j = 0; j < d; j++) maxDiag = Math.max(maxDiag, scaled[j * d + j]);
  for (let j = 0; j < d; j++) scaled[j * d + j] += 1e-300 + 1e-14 * maxDiag;
  return maxDiag > 0 ? cholesky(scaled, d, 'noise covariance ε c S') : null;
}

/** f = −∇L */
function gradientFlowDrift(loss: Loss): Drift {
  const d = loss.dim;
  return (x, _t, out) => {
    loss.gradient(x, out);
    for (let j = 0; j < d; j++) out[j] = -out[j];
  };
}

/** f = −∇L − (ε/2) H ∇L */
function sme2Drift(loss: Loss, lr: number): Drift {
  const d = loss.dim;
  const grad = new Float64Array(d);
  return (x, _t, out) => {
    loss.gradient(x, grad);
    const hess = loss.hessian!(x);
    for (let i = 0; i < d; i++) {
      let acc = 0;
      for (let j = 0; j < d; j++) acc += hess[i * d + j] * grad[j];
      out[i] = -grad[i] - 0.5 * lr * acc;
    }
  };
}
