import { idPatterns, idTemplate } from '../../core/prediction-id.js';
import type { EscapeCellPayload } from './cells.js';

const dynamics = ['sgd', 'sde'] as const;
const noiseShapes = ['isotropic', 'hessian'] as const satisfies readonly EscapeCellPayload['noiseShape'][];

/** The ids of the escape predictions, written once (analysis.ts names its predictions with them). */
export const escapePredictionId = {
  /** escape times of the Kramers-series cells against the exact mean first-passage time */
  vsExact: idTemplate(dynamics, '.vs.exact'),
  /** SGD against its SDE, cell by cell */
  sgdVsSde: idTemplate('sgd.vs.sde'),
  /** the slope of ln τ against 1/T against the exact ln τ's slope over the same cells */
  slopeVsExact: idTemplate(dynamics, '.slope.vs.exact'),
  /** the plain-Kramers contrast: the same slope against the barrier ΔV itself */
  slopeVsBarrier: idTemplate(dynamics, '.slope.vs.barrier'),
  /** twin: the same slope against 2ΔV, expected to be rejected */
  slopeVsDoubleBarrier: idTemplate(dynamics, '.slope.vs.double-barrier'),
  /** plain Kramers, expected to be rejected at finite barriers */
  sdeVsKramers: idTemplate('sde.vs.kramers'),
  /** Kramers with its first finite-barrier correction */
  sdeVsKramersCorrected: idTemplate('sde.vs.kramers-corrected'),
  /** SGD at the largest ε of the validity map, expected to leave the SDE */
  largeLrVsExact: idTemplate('sgd.large-lr.vs.exact'),
  /** 2-D: each noise shape against the exact 1-D time */
  alignedVsExact: idTemplate('aligned.', noiseShapes, '.vs.exact'),
  /** 2-D: Hessian-aligned noise escapes faster than isotropic noise of the same tr S */
  alignedFaster: idTemplate('aligned.faster'),
};

/** Every id above as a pattern, for the scenario's `expect` keys (experiment.ts, predictionIds()). */
export const escapePredictionPatterns = (): RegExp[] => idPatterns(escapePredictionId);
