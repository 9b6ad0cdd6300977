import { freeText, idPatterns, idTemplate } from '../../core/prediction-id.js';

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
  /** the same two, one per momentum of the frontier (label m=…) */
  bCritAt: idTemplate('frontier.bcrit.vs.bnoise:', freeText),
  eMinAt: idTemplate('frontier.emin.vs.path:', freeText),
  /** McCandlish's hyperbola (S/S_min − 1)(E/E_min − 1) = 1 against the measured frontier (label m=…) */
  hyperbola: idTemplate('frontier.hyperbola:', freeText),
  /** online models: simulated steps against the closed form at one (m, B) (label m=…,B=…) */
  stepsClosedForm: idTemplate('frontier.steps.vs.closed-form:', freeText),
  /** online models: B_crit of the simulated frontier against the same fit of the closed form's */
  bCritClosedForm: idTemplate('frontier.bcrit.vs.closed-form:', freeText),
  /** online models: the simulated ensemble's B_noise against the exact one, over the batch sizes */
  bNoiseEnsemble: idTemplate('frontier.bnoise.ensemble.vs.closed-form:', freeText),
};

/** Every id above as a pattern, for the scenario's `expect` keys (experiment.ts, predictionIds()). */
export const gradientNoisePredictionPatterns = (): RegExp[] => idPatterns(gradientNoisePredictionId);
