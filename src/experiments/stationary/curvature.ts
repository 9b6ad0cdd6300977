import { curvatureAtMinimum } from '../common/stationary-theory.js';
import { buildModel, type ModelSpec } from '../../models/registry.js';
import { withWeightDecay } from '../../models/weight-decay.js';
import type { Loss } from '../../models/loss.js';

/**
 * The scenario's model as its run builds it (weight decay included, data files read from baseDir)
 * and the range [λ_min, λ_max] of the Hessian's eigenvalues at its minimum: λ_min sets the automatic
 * burn-in, λ_max the automatic SDE step. The cost model (cost.ts) and the check that refuses a
 * burn-in the cap would cut short (schema.ts) read the curvature here, from the loaded data.
 */
export function loadedCurvature(model: ModelSpec, seed: number, weightDecay: number, baseDir: string): { loss: Loss; lambdaMin: number; lambdaMax: number } {
  const loss = withWeightDecay(buildModel(model, { seed, baseDir }), weightDecay);
  try {
    const { eigenvalues } = curvatureAtMinimum(loss);
    return { loss, lambdaMin: eigenvalues[0], lambdaMax: eigenvalues[eigenvalues.length - 1] };
  } catch {
    return { loss, lambdaMin: 1e-12, lambdaMax: 1 }; // no minimum to be found: the run says so; cost it at the burn-in cap
  }
}
