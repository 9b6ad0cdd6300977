import { describe, it, expect } from 'vitest';
import { buildQuadratic } from '../../src/models/quadratic.js';
import { LinearRegressionLoss, syntheticLinearData } from '../../src/models/linear-regression.js';
import { runSdeEnsemble } from '../../src/dynamics/sde-ensemble.js';
import { EnsembleRecorder } from '../../src/dynamics/ensemble-recorder.js';
import { leastSquaresSdeCovariance, leastSquaresOuCovariance } from '../../src/theory/least-squares.js';

/**
 * The SDE integrator at stationarity, 1-D and 2-D, fixed seeds, 4σ tolerances on the variance.
 * SME-2 on a quadratic is an OU process with drift −(H + (ε/2)H²)x and the same diffusion ε c S:
 * its variance is ε c s / (h(2 + εh)), while SGD's exact value is ε c s / (h(2 − εh)).
 */
function variance(order: 1 | 2, lr: number, seed: number): { value: number; stdError: number } {
  const loss = buildQuadratic({ kind: 'quadratic', dim: 1, n: 20, spectrum: [1], noise: { shape: 'isotropic', variance: 1 }, rotate: false }, 1);
  const rec = new EnsembleRecorder(1, 64, [1]);
  const zero = new Float64Array(1);
  runSdeEnsemble(loss, { lr, momentum: 0, noiseFactor: 0.1, substeps: 50, smeOrder: order, seed }, { replicas: 64, burnIn: 100, steps: 3000, thin: 1 }, rec,
    { start: zero, origin: zero, divergenceLimit: 1e6, stabilityBound: 'test' });
  return rec.moments.functional(Float64Array.of(1));
}

describe('SDE ensemble (Euler–Maruyama)', () => {
  const lr = 0.4, c = 0.1, h = 1, s = 1;
  it('SME-1 has the OU variance ε c s / (2h) (EM bias hλ/2 = 0.4% at 50 substeps, within noise)', () => {
    const v = variance(1, lr, 3);
    expect(Math.abs(v.value - (lr * c * s) / (2 * h)) / v.stdError).toBeLessThan(4);
  });

  it('SME-2 has the modified-drift variance ε c s / (h(2 + εh))', () => {
    const v = variance(2, lr, 4);
    expect(Math.abs(v.value - (lr * c * s) / (h * (2 + lr * h))) / v.stdError).toBeLessThan(4);
  });

  it('twin: SME-2 rejects the first-order OU value (a wrong drift would pass otherwise)', () => {
    const v = variance(2, lr, 4);
    expect(Math.abs(v.value - (lr * c * s) / (2 * h)) / v.stdError).toBeGreaterThan(4);
  });

  it('state-dependent noise on least squares matches the Itô moment equation; the frozen-noise OU value is rejected', () => {
    const loss = new LinearRegressionLoss(syntheticLinearData({ kind: 'linear-regression', n: 12, dim: 2, inputSpectrum: [1, 0.5], labelNoise: 0.5 } as never, 3));
    const w = loss.minimum();
    const rho = 0.25;
    const lr2 = 0.3;
    const rec = new EnsembleRecorder(2, 64, [1, 1]);
    runSdeEnsemble(loss, { lr: lr2, momentum: 0, noiseFactor: rho, substeps: 60, smeOrder: 1, seed: 9 }, { replicas: 64, burnIn: 200, steps: 3000, thin: 1 }, rec,
      { start: w, origin: w, divergenceLimit: 1e6, stabilityBound: 'test' });
    const tr = rec.moments.functional(Float64Array.of(1, 0, 0, 1));
    const exact = leastSquaresSdeCovariance(loss.x, loss.residuals(w), 12, 2, lr2, rho);
    expect(Math.abs(tr.value - (exact[0] + exact[3])) / tr.stdError).toBeLessThan(4);
    const frozen = leastSquaresOuCovariance(loss.x, loss.residuals(w), 12, 2, lr2, rho);
    expect(Math.abs(tr.value - (frozen[0] + frozen[3])) / tr.stdError).toBeGreaterThan(4);
  });
});
