import { idPatterns, idTemplate } from '../../core/prediction-id.js';

/** The ids of the gradient-noise predictions, written once (analysis.ts names its predictions with them). */
export const gradientNoisePredictionId = {
  /** the two-batch estimate of B_simple against the exact value */
  twoBatch: idTemplate('two-batch.vs.exact'),
  /** twin: the estimate without its bias correction, expected to be rejected */
  twoBatchUncorrected: idTemplate('two-batch.uncorrected.vs.exact'),
  /** B_crit of the measured frontier against the path-average B_noise */
  bCrit: idTemplate('frontier.bcrit.vs.bnoise'),
  /** the frontier's slope E_min against the noiseless path */
  eMin: idTemplate('frontier.emin.vs.path'),
};

/** Every id above as a pattern, for the scenario's `expect` keys (experiment.ts, predictionIds()). */
export const gradientNoisePredictionPatterns = (): RegExp[] => idPatterns(gradientNoisePredictionId);
