import type { Sde } from '../dynamics/integrators/integrator.js';
import type { PathwiseReference } from '../dynamics/convergence-study.js';
import { DiagonalOuExact } from '../dynamics/ou-exact.js';

/**
 * Scalar SDEs with known solutions, for measuring an integrator's strong and weak orders:
 *
 * - Ornstein–Uhlenbeck dX = −θX dt + σ dW (additive noise):
 *   X_T = e^{−θT}x₀ + σ∫₀ᵀ e^{−θ(T−s)} dW_s,  E X_T² = x₀² e^{−2θT} + σ²(1 − e^{−2θT})/(2θ);
 *   Euler–Maruyama's second moment, exactly: m_{n+1} = (1 − θh)² m_n + σ²h.
 * - geometric Brownian motion dX = μX dt + σX dW (diagonal noise, g(x) = σx, ∂g/∂x = σ):
 *   X_T = x₀ exp((μ − σ²/2)T + σW_T),  E X_T = x₀ e^{μT};  Euler–Maruyama's mean x₀(1 + μh)^n.
 * - geometric Brownian motion driven by two Brownian motions, dX = μX dt + X(σ₁ dW₁ + σ₂ dW₂)
 *   (general noise: G(x) = x (σ₁, σ₂) is 1×2): X_T = x₀ exp((μ − (σ₁² + σ₂²)/2)T + σ₁W₁_T + σ₂W₂_T),
 *   E X_T = x₀ e^{μT}.
 *
 * The weak-error functionals are f(x) = x² for OU (its mean is deterministic and tests nothing
 * about the noise) and f(x) = x for GBM. The problems as SDEs for the integrators follow the closed forms.
 */

export interface OuParameters { theta: number; sigma: number; x0: number }
export interface GbmParameters { mu: number; sigma: number; x0: number }
export interface GbmPairParameters { mu: number; sigma: readonly [number, number]; x0: number }

export function ouSecondMoment(p: OuParameters, t: number): number {
  return p.x0 ** 2 * Math.exp(-2 * p.theta * t) + (p.sigma ** 2 * -Math.expm1(-2 * p.theta * t)) / (2 * p.theta);
}

/** E (X_n)² of Euler–Maruyama after n steps of h on the OU SDE. */
export function ouEulerSecondMoment(p: OuParameters, h: number, n: number): number {
  const r = (1 - p.theta * h) ** 2;
  const fixed = (p.sigma ** 2 * h) / (1 - r);
  return fixed + (p.x0 ** 2 - fixed) * Math.pow(r, n);
}

/** The exact GBM solution for a Brownian path with W_T = w. */
export function gbmSolution(p: GbmParameters, t: number, w: number): number {
  return p.x0 * Math.exp((p.mu - 0.5 * p.sigma ** 2) * t + p.sigma * w);
}

export function gbmMean(p: Pick<GbmParameters, 'mu' | 'x0'>, t: number): number {
  return p.x0 * Math.exp(p.mu * t);
}

/** E X_n of Euler–Maruyama after n steps of h on GBM. */
export function gbmEulerMean(p: GbmParameters, h: number, n: number): number {
  return p.x0 * Math.pow(1 + p.mu * h, n);
}

/** The exact solution of GBM driven by two Brownian motions, for a path with W₁_T = w1, W₂_T = w2. */
export function gbmPairSolution(p: GbmPairParameters, t: number, w1: number, w2: number): number {
  const [s1, s2] = p.sigma;
  return p.x0 * Math.exp((p.mu - 0.5 * (s1 * s1 + s2 * s2)) * t + s1 * w1 + s2 * w2);
}

/**
 * The test problems as SDEs on which integrators' declared orders are measured (the integrator
 * contract test and the transient study): scalar, autonomous, with a known pathwise solution, one
 * per noise type (closed forms above):
 *  - 'ou'   Ornstein–Uhlenbeck dX = −θX dt + σ dW, additive noise, weak functional x²;
 *  - 'gbm'  geometric Brownian motion dX = μX dt + σX dW, diagonal noise (gives g and ∂g/∂x), x;
 *  - 'gbm2' GBM driven by two Brownian motions, dX = μX dt + X(σ₁ dW₁ + σ₂ dW₂), general noise
 *           (G = x (σ₁, σ₂) is known through G ΔW only), x.
 * Drifts are linear and noises affine in X, so every scheme's one-step map is affine in X
 * (dynamics/integrators/scheme-moments.ts computes its exact moments from that).
 */
export interface SdeTestProblem {
  /** short id, used in prediction ids and results */
  readonly id: 'ou' | 'gbm' | 'gbm2';
  /** how reports name it, e.g. 'GBM' */
  readonly title: string;
  /** scalar; its noise type is sde.noise */
  readonly sde: Sde;
  readonly x0: number;
  /** the weak-error functional f(x) = x^weakPower */
  readonly weakPower: 1 | 2;
  /** E f(X_T), exact */
  weakExact(horizon: number): number;
  /** the exact solution on the path whose fine increments (step hf) drive the scheme */
  reference(horizon: number, hf: number): PathwiseReference;
}

export function ouProblem(p: OuParameters): SdeTestProblem {
  return {
    id: 'ou',
    title: 'OU',
    sde: {
      noise: 'additive', dim: 1, brownianDim: 1,
      drift: (x, _t, out) => { out[0] = -p.theta * x[0]; },
      diffusionProduct: (_x, _t, dW, out) => { out[0] = p.sigma * dW[0]; },
    },
    x0: p.x0,
    weakPower: 2,
    weakExact: (horizon) => ouSecondMoment(p, horizon),
    // exact in law and pathwise on the fine grid: DiagonalOuExact with the fine increments
    reference(_horizon, hf) {
      const stepper = new DiagonalOuExact([p.theta], [p.sigma], hf);
      const x = new Float64Array(1);
      const z = new Float64Array(1);
      const r = new Float64Array(1);
      const invSqrtH = 1 / Math.sqrt(hf);
      return {
        reset(x0) { x[0] = x0; },
        advance(dW, rNormal) { z[0] = dW[0] * invSqrtH; r[0] = rNormal; stepper.step(x, z, r); },
        value: () => x[0],
      };
    },
  };
}

export function gbmProblem(p: GbmParameters): SdeTestProblem {
  return {
    id: 'gbm',
    title: 'GBM',
    sde: {
      noise: 'diagonal', dim: 1,
      drift: (x, _t, out) => { out[0] = p.mu * x[0]; },
      diffusion: (x, _t, out) => { out[0] = p.sigma * x[0]; },
      diffusionDerivative: (_x, _t, out) => { out[0] = p.sigma; },
    },
    x0: p.x0,
    weakPower: 1,
    weakExact: (horizon) => gbmMean(p, horizon),
    // the exact solution needs only W_T
    reference(horizon) {
      let w = 0;
      return {
        reset() { w = 0; },
        advance(dW) { w += dW[0]; },
        value: () => gbmSolution(p, horizon, w),
      };
    },
  };
}

export function gbmPairProblem(p: GbmPairParameters): SdeTestProblem {
  const [s1, s2] = p.sigma;
  return {
    id: 'gbm2',
    title: 'GBM with two noises',
    sde: {
      noise: 'general', dim: 1, brownianDim: 2,
      drift: (x, _t, out) => { out[0] = p.mu * x[0]; },
      diffusionProduct: (x, _t, dW, out) => { out[0] = x[0] * (s1 * dW[0] + s2 * dW[1]); },
    },
    x0: p.x0,
    weakPower: 1,
    weakExact: (horizon) => gbmMean(p, horizon),
    reference(horizon) {
      let w1 = 0, w2 = 0;
      return {
        reset() { w1 = 0; w2 = 0; },
        advance(dW) { w1 += dW[0]; w2 += dW[1]; },
        value: () => gbmPairSolution(p, horizon, w1, w2),
      };
    },
  };
}

/** The weak functional of a problem as a function, for the convergence study. */
export function weakFunction(problem: SdeTestProblem): (x: number) => number {
  return problem.weakPower === 2 ? (x) => x * x : (x) => x;
}
