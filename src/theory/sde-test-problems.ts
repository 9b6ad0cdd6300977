/**
 * Scalar SDEs with known solutions, for measuring an integrator's strong and weak orders:
 *
 * - Ornstein–Uhlenbeck dX = −θX dt + σ dW (additive noise):
 *   X_T = e^{−θT}x₀ + σ∫₀ᵀ e^{−θ(T−s)} dW_s,  E X_T² = x₀² e^{−2θT} + σ²(1 − e^{−2θT})/(2θ);
 *   Euler–Maruyama's second moment, exactly: m_{n+1} = (1 − θh)² m_n + σ²h.
 * - geometric Brownian motion dX = μX dt + σX dW (multiplicative noise):
 *   X_T = x₀ exp((μ − σ²/2)T + σW_T),  E X_T = x₀ e^{μT};  Euler–Maruyama's mean x₀(1 + μh)^n.
 *
 * The weak-error functionals are f(x) = x² for OU (its mean is deterministic and tests nothing
 * about the noise) and f(x) = x for GBM.
 */

export interface OuParameters { theta: number; sigma: number; x0: number }
export interface GbmParameters { mu: number; sigma: number; x0: number }

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

export function gbmMean(p: GbmParameters, t: number): number {
  return p.x0 * Math.exp(p.mu * t);
}

/** E X_n of Euler–Maruyama after n steps of h on GBM. */
export function gbmEulerMean(p: GbmParameters, h: number, n: number): number {
  return p.x0 * Math.pow(1 + p.mu * h, n);
}
