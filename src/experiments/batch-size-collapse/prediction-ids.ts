import { idPatterns, idTemplate } from '../../core/prediction-id.js';

/** The ids of the batch-size-collapse predictions, written once (analysis.ts names its predictions with them). */
export const batchSizeCollapsePredictionId = {
  /** χ² of the cells about one curve in g (with a scale per point): the paper's variable */
  noiseScale: idTemplate('collapse:noise-scale'),
  /** the same about one curve in the step ε/(B(1−m)): the trainability-edge variable, to be rejected */
  step: idTemplate('collapse:step'),
  /** Vuong's contrast of the two fits (information) */
  contrast: idTemplate('contrast:noise-scale-vs-step'),
};

/** Every id above as a pattern, for the scenario's `expect` keys (experiment.ts, predictionIds()). */
export const batchSizeCollapsePredictionPatterns = (): RegExp[] => idPatterns(batchSizeCollapsePredictionId);
