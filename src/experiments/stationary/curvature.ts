import { curvatureAtMinimum } from '../common/stationary-theory.js';
import { buildModel, type ModelSpec } from '../../models/registry.js';
import { withWeightDecay } from '../../models/weight-decay.js';
import type { ModelShape } from '../common/ensemble-cost.js';
import { resolveSpectrum } from '../../scenario/common.js';

/**
 * The scenario's model as its run builds it (weight decay included, data files read from baseDir;
 * a quadratic's spectrum is read from the scenario, without building its d × d model) and the range [λ_min, λ_max] of the Hessian's eigenvalues at its minimum: λ_min sets the automatic
 * burn-in, λ_max the automatic SDE step. The cost model (cost.ts) and the check that refuses a
 * burn-in the cap would cut short (schema.ts) read the curvature here, from the loaded data.
 */
export function loadedCurvature(model: ModelSpec, seed: number, weightDecay: number, baseDir: string): { loss: ModelShape; lambdaMin: number; lambdaMax: number; exactLeastSquares: boolean } {
  if (model.kind === 'quadratic') {
    // the spectrum is the Hessian's (weight decay adds wd to every eigenvalue): no model to build, whatever d
    const spectrum = resolveSpectrum(model.spectrum, model.dim);
    return { loss: { kind: 'quadratic', dim: model.dim, n: model.n, noise: 'additive' }, lambdaMin: Math.min(...spectrum) + weightDecay, lambdaMax: Math.max(...spectrum) + weightDecay, exactLeastSquares: false };
  }
  const loss = withWeightDecay(buildModel(model, { seed, baseDir }), weightDecay);
  try {
    const { eigenvalues } = curvatureAtMinimum(loss);
    return { loss, lambdaMin: eigenvalues[0], lambdaMax: eigenvalues[eigenvalues.length - 1], exactLeastSquares: loss.exactStationary?.().family === 'least-squares' };
  } catch {
    return { loss, lambdaMin: 1e-12, lambdaMax: 1, exactLeastSquares: false }; // no minimum to be found: the run says so; cost it at the burn-in cap
  }
}
