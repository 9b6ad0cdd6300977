/**
 * Closed forms for SGD and its SMEs on the streaming quadratic (models/streaming-quadratic.ts, the Li–Tai–E test model, docs/theory.md §5), per eigen-direction of H = diag(λ),
 * started at a fixed x₀, at time T = Kε (K SGD steps of size ε):
 *
 * - SGD, exact: m_{k+1} = (1 − ελ)² m_k + ε²λ² for m_k = E x_k², so
 *   m_K = m* + (x₀² − m*) (1 − ελ)^{2K}, m* = ελ / (2 − ελ).
 * - SME of order p: dX = −a X dt + √ε λ dW, an OU process with
 *   E X_T² = x₀² e^{−2aT} + (ελ²/(2a)) (1 − e^{−2aT}),
 *   a = λ (SME-1) or a = λ(1 + ελ/2) (SME-2: the drift −∇(L + (ε/4)|∇L|²) = −H(I + (ε/2)H)x,
 *   same diffusion).
 * E L = ½ Σ λ_i E x_i². SGD is the Euler–Maruyama scheme of SME-1 with step ε, so the SME-1
 * error is O(ε) (weak order 1); SME-2 matches SGD's one-step moments to O(ε³), so O(ε²).
 */

/** Drift rates a_i of the SME of this order (1 or 2). */
export function smeDriftRates(eigenvalues: ArrayLike<number>, lr: number, smeOrder: 1 | 2): Float64Array {
  return Float64Array.from(eigenvalues as ArrayLike<number>, (l) => (smeOrder === 1 ? l : l * (1 + (lr * l) / 2)));
}

/** Diffusion coefficients √ε λ_i (√ε times the noise standard deviation λ_i). */
export function smeDiffusion(eigenvalues: ArrayLike<number>, lr: number): Float64Array {
  return Float64Array.from(eigenvalues as ArrayLike<number>, (l) => Math.sqrt(lr) * l);
}

/** The number of SGD steps K = T/ε, which must be an integer (to 1e-9 relative). */
export function stepsToHorizon(lr: number, horizon: number): number {
  const k = Math.round(horizon / lr);
  if (!(k >= 1) || Math.abs(k * lr - horizon) > 1e-9 * horizon) throw new RangeError(`horizon T = ${horizon} is not a whole number of steps of ε = ${lr}`);
  return k;
}

/** E L(x_K) of SGD after K steps, exactly. */
export function sgdExpectedLoss(eigenvalues: ArrayLike<number>, start: ArrayLike<number>, lr: number, steps: number): number {
  let s = 0;
  for (let i = 0; i < eigenvalues.length; i++) {
    const l = eigenvalues[i];
    const r = (1 - lr * l) ** 2;
    const mStar = (lr * l) / (2 - lr * l);
    const m = mStar + (start[i] ** 2 - mStar) * Math.pow(r, steps);
    s += 0.5 * l * m;
  }
  return s;
}

/** E L(X_T) of the OU process dX = −a X dt + b dW started at x₀ (per-coordinate a, b). */
export function ouExpectedLoss(eigenvalues: ArrayLike<number>, start: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>, horizon: number): number {
  let s = 0;
  for (let i = 0; i < eigenvalues.length; i++) {
    const decay = Math.exp(-2 * a[i] * horizon);
    // (1 − e^{−2aT}) / (2a) with expm1 for small aT
    const spread = -Math.expm1(-2 * a[i] * horizon) / (2 * a[i]);
    s += 0.5 * eigenvalues[i] * (start[i] ** 2 * decay + b[i] ** 2 * spread);
  }
  return s;
}

/** E L(X_T) of SME-1 or SME-2 at learning rate ε. */
export function smeExpectedLoss(eigenvalues: ArrayLike<number>, start: ArrayLike<number>, lr: number, horizon: number, smeOrder: 1 | 2): number {
  return ouExpectedLoss(eigenvalues, start, smeDriftRates(eigenvalues, lr, smeOrder), smeDiffusion(eigenvalues, lr), horizon);
}

export interface WeakErrorClosedForm {
  lr: number;
  steps: number;
  sgd: number;
  sme1: number;
  sme2: number;
  /** E L_SGD(T) − E L_SME(T), signed */
  error1: number;
  error2: number;
}

export function weakErrorClosedForm(eigenvalues: ArrayLike<number>, start: ArrayLike<number>, lr: number, horizon: number): WeakErrorClosedForm {
  const steps = stepsToHorizon(lr, horizon);
  const sgd = sgdExpectedLoss(eigenvalues, start, lr, steps);
  const sme1 = smeExpectedLoss(eigenvalues, start, lr, horizon, 1);
  const sme2 = smeExpectedLoss(eigenvalues, start, lr, horizon, 2);
  return { lr, steps, sgd, sme1, sme2, error1: sgd - sme1, error2: sgd - sme2 };
}
