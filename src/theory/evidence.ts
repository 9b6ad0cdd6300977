import type { LogisticMinimum, LogisticProblem } from '../models/logistic/problem.js';
import { createLogisticMinimizer, type LogisticSide } from '../models/logistic/minimizer.js';

/**
 * The Bayesian evidence of Smith & Le (2017) §2 by Laplace's approximation (docs/theory.md §6), summed
 * convention: the posterior is ∝ exp(−C(ω)), the prior N(0, λ⁻¹ I_d), and at the minimum ω₀
 *   log P(y|x) ≈ −C(ω₀) − ½ Σ_j ln(λ_j/λ),     λ_j the eigenvalues of ∇²C(ω₀) (all ≥ λ).
 * ½ Σ ln(λ_j/λ) is minus the log Occam factor. Against the null model that gives each of the
 * `classes` labels probability 1/classes (log evidence −N ln classes), the log evidence ratio in
 * favour of the null is E = C(ω₀) + ½ Σ ln(λ_j/λ) − N ln classes: trust the model where E < 0.
 */
export interface EvidencePoint {
  lambda: number;
  /** C(ω₀) */
  minimumCost: number;
  /** ln det ∇²C(ω₀) = Σ_j ln λ_j */
  logDetHessian: number;
  /** ln of the Occam factor, −½ Σ_j ln(λ_j/λ) (≤ 0) */
  logOccamFactor: number;
  /** −C(ω₀) − ½ Σ_j ln(λ_j/λ) */
  logEvidence: number;
  /** log evidence ratio in favour of the null model */
  E: number;
  /** E / N */
  EPerExample: number;
  /** |∇C(ω₀)| and its size relative to the terms it sums (convergence check) */
  gradientNorm: number;
  relativeGradient: number;
  newtonIterations: number;
}

/** Evidence at a minimum found by a LogisticMinimizer. */
export function evidenceAtMinimum(min: LogisticMinimum, n: number, d: number, classes = 2): EvidencePoint {
  const { lambda, cost } = min;
  const half = 0.5 * min.logDetRatio;
  const logEvidence = -cost - half;
  const E = -logEvidence - n * Math.log(classes);
  return {
    lambda,
    minimumCost: cost,
    logDetHessian: d * Math.log(lambda) + min.logDetRatio,
    logOccamFactor: -half,
    logEvidence,
    E,
    EPerExample: E / n,
    gradientNorm: min.gradientNorm,
    relativeGradient: min.gradientScale > 0 ? min.gradientNorm / min.gradientScale : 0,
    newtonIterations: min.iterations,
  };
}

/** One-off evidence of a logistic regression at one λ (a sweep should reuse one minimiser). */
export function logisticEvidence(problem: LogisticProblem, lambda: number, side: LogisticSide = 'auto'): EvidencePoint & { w: Float64Array } {
  const min = createLogisticMinimizer(problem, { side }).minimize(lambda, { warmStart: false });
  return { ...evidenceAtMinimum(min, problem.n, problem.d), w: min.w };
}
