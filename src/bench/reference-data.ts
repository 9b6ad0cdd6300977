import { syntheticLinearData, LinearRegressionLoss } from '../models/linear-regression.js';

/**
 * The least-squares data of numpy_ref.py's `lin_data`: x_i ~ N(0, diag(1, 1/2, …, 1/d)), a
 * N(0, I) teacher, label noise 0.5 (drawn with our generator, so the same recipe, not the same numbers).
 */
export function referenceLeastSquares(n: number, d: number, seed = 0): LinearRegressionLoss {
  return new LinearRegressionLoss(
    syntheticLinearData({ kind: 'linear-regression', n, dim: d, inputSpectrum: { powerLaw: { exponent: 1, scale: 1 } }, teacher: 'random', labelNoise: 0.5 }, seed),
  );
}

/** An observer that records nothing: benchmarks time the dynamics alone. */
export const nullObserver = { beginReplica() {}, observe() {}, endReplica() {} };
