import { logisticCrossEntropy, sigmoid } from './link.js';
import { matVec, transposeMatVec } from '../../linalg/gram.js';

/**
 * The regularised logistic regression of Smith & Le (2017) §2–3 in the paper's summed convention
 * (docs/theory.md §1, §6): C(ω) = Σ_i ℓ_i(ω) + (λ/2)|ω|², ℓ_i = ln(1 + e^{z_i}) − y_i z_i,
 * z_i = x_i·ω. The rows of x already hold the bias feature (a constant 1), so every weight,
 * the bias included, has the prior N(0, λ⁻¹).
 */
export interface LogisticProblem {
  n: number;
  d: number;
  /** n×d row-major, bias column included */
  x: Float64Array;
  /** labels in {0, 1} */
  y: Float64Array;
}

/** What a minimiser returns: the minimum ω₀ of C and what the evidence needs there. */
export interface LogisticMinimum {
  lambda: number;
  w: Float64Array;
  /** z_i = x_i·ω₀ on the training set */
  margins: Float64Array;
  /** C(ω₀) */
  cost: number;
  /** Σ_j ln(λ_j/λ) = ln det(I + XᵀDX/λ), λ_j the eigenvalues of ∇²C(ω₀) */
  logDetRatio: number;
  /** |∇C(ω₀)|₂, recomputed from ω₀ in the weight space */
  gradientNorm: number;
  /** Σ_i |σ(z_i) − y_i| |x_i| + λ|ω₀|: the size of the terms ∇C is made of (rounding is ~1e-16 of it) */
  gradientScale: number;
  iterations: number;
  /** 'dual': N×N systems through the Gram matrix; 'primal': d×d systems */
  side: 'dual' | 'primal';
}

/** C(ω), ∇C(ω) and the margins at ω, computed directly in the weight space (O(N d)). */
export function evaluateLogistic(problem: LogisticProblem, lambda: number, w: Float64Array): {
  cost: number; gradient: Float64Array; margins: Float64Array; gradientNorm: number; gradientScale: number;
} {
  const { n, d, x, y } = problem;
  const margins = matVec(x, n, d, w, new Float64Array(n));
  const resid = new Float64Array(n);
  let cost = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    cost += logisticCrossEntropy(margins[i], y[i]);
    resid[i] = sigmoid(margins[i]) - y[i];
    let norm2 = 0;
    for (let j = 0; j < d; j++) norm2 += x[i * d + j] * x[i * d + j];
    scale += Math.abs(resid[i]) * Math.sqrt(norm2);
  }
  const gradient = transposeMatVec(x, n, d, resid, new Float64Array(d));
  let w2 = 0;
  let g2 = 0;
  for (let j = 0; j < d; j++) {
    w2 += w[j] * w[j];
    gradient[j] += lambda * w[j];
    g2 += gradient[j] * gradient[j];
  }
  cost += 0.5 * lambda * w2;
  return { cost, gradient, margins, gradientNorm: Math.sqrt(g2), gradientScale: scale + lambda * Math.sqrt(w2) };
}

/**
 * C along a line, from margins z and their change dz: Σ ℓ(z_i + t dz_i) + (λ/2)(q0 + 2t q1 + t² q2)
 * with q0 = |ω|², q1 = ω·Δω, q2 = |Δω|² (in whatever representation the caller keeps them).
 */
export function costOnLine(z: Float64Array, dz: Float64Array, y: Float64Array, n: number, t: number, lambda: number, q0: number, q1: number, q2: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += logisticCrossEntropy(z[i] + t * dz[i], y[i]);
  return s + 0.5 * lambda * (q0 + 2 * t * q1 + t * t * q2);
}
