import { noiseFactor as exactNoiseFactor, type Sampler } from '../dynamics/samplers.js';

/**
 * The formulas under test, gathered in one object that every property receives. The defaults are
 * the library's own; the only other source is `runStress({ overrides })`, which a test uses to
 * plant a wrong formula and see that stress catches it. The CLI never fills `overrides`, so what
 * the command checks is always the shipped theory.
 */
export interface StressFormulas {
  /** c(N,B): the minibatch-mean gradient covariance is c·S (docs/theory.md §2) */
  noiseFactor(n: number, b: number, sampler: Sampler): number;
  /**
   * T of the escape theory (docs/theory.md §8): SGD's SDE dx = −V' dt + sqrt(ε c σ²) dW per unit time
   * t = ε·steps is dx = −V' dt + sqrt(2T) dW with T = ε c σ²/2 (= g σ²/(2N) for isotropic noise).
   */
  escapeTemperature(lr: number, c: number, variance: number): number;
}

export const defaultFormulas: StressFormulas = {
  noiseFactor: exactNoiseFactor,
  escapeTemperature: (lr, c, variance) => (lr * c * variance) / 2,
};
