import type { InputProblem } from '../../errors.js';
import type { StationaryTheory } from '../common/stationary-theory.js';

/**
 * Is the predicted stationary spread measurable in double precision? Checked before any simulation,
 * so that an out-of-range noise level is named as what it is rather than as its symptoms:
 * - overflow: the noise covariance c·S, or the predicted covariance Σ, has an entry whose square
 *   overflows (|Σ| > 1e150: the standard errors are means of squared deviations, ~Σ²), e.g. a noise
 *   variance of 1e308 — which used to end as "SGD diverged … stability bound", though ε λ_max was
 *   far inside the bound;
 * - underflow: Σ is positive but its squares underflow (Σ < 1e-150), e.g. a variance or a learning
 *   rate of 5e-324 — which used to end as "non-finite measurements: nothing fluctuated"; the message
 *   names the noise when it is the tiny factor of Σ ∝ ε c S, else the learning rate.
 * Returns the problem (exit 2) or undefined.
 */
const SQUARE_LIMIT = 1e150;

export function numberRangeProblem(theory: StationaryTheory, d: number, variance: number | undefined, lr: number): InputProblem | undefined {
  const path = variance !== undefined ? 'model.noise.variance' : 'model';
  const what = variance !== undefined ? `a noise variance of ${variance}` : 'this model\'s gradient noise';
  const q = theory.noiseCovariance;
  let qMax = 0;
  for (const v of q) qMax = Math.max(qMax, Math.abs(v * theory.noiseFactor));
  const reference = theory.exact ?? theory.discrete ?? theory.heavyBall ?? theory.ou;
  let sigmaMax = 0;
  if (reference) for (let j = 0; j < d; j++) sigmaMax = Math.max(sigmaMax, reference.covariance[j * d + j]);
  if (!Number.isFinite(qMax) || !(qMax <= Number.MAX_VALUE) || (reference && !(sigmaMax <= SQUARE_LIMIT))) {
    const size = !Number.isFinite(qMax) ? 'the noise covariance c·S has an infinite entry' : `the predicted stationary covariance reaches ${sigmaMax.toPrecision(3)}, whose square overflows`;
    return { path, message: `${what} overflows double precision (${size}; the largest double is about 1.8e308): the fluctuations cannot be measured; scale the noise down so that the predicted covariance stays below ${SQUARE_LIMIT}`, value: variance };
  }
  if (variance !== undefined && variance > 0 && qMax === 0) {
    return { path, message: `${what} underflows double precision: the gradient-noise covariance computed from it is 0 (the per-example offsets, of size √${variance}, square to below the smallest double, about 5e-324), so SGD would not fluctuate at all; scale the noise up so that the predicted covariance stays above ${1 / SQUARE_LIMIT}`, value: variance };
  }
  if (reference && qMax > 0 && sigmaMax < 1 / SQUARE_LIMIT) {
    // Σ ∝ ε c S: name the noise when it is the tiny factor, else the learning rate
    const noiseTiny = qMax < 1 / SQUARE_LIMIT;
    const cause = noiseTiny ? { path, value: variance, what } : { path: 'optimizer.lr', value: lr, what: `a learning rate of ${lr}` };
    const size = sigmaMax > 0 ? `only ${sigmaMax.toPrecision(3)}` : '0 in double precision (though the noise is not)';
    return { path: cause.path, message: `${cause.what} underflows double precision: the predicted stationary covariance is ${size}, whose square is below the smallest double (about 5e-324), so the fluctuations cannot be measured; raise it so that the predicted covariance stays above ${1 / SQUARE_LIMIT}`, value: cause.value };
  }
  return undefined;
}
