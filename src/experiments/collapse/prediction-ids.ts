import { idPatterns, idTemplate } from '../../core/prediction-id.js';

/** The ids of the collapse predictions, written once (analysis.ts names its predictions with them). */
export const collapsePredictionId = {
  /** N × excess loss of every cell against g·tr(S)/4 */
  collapse: idTemplate('collapse.chi-square'),
  /** the worst single cell, Bonferroni */
  worstCell: idTemplate('collapse.worst-cell'),
  /** contrast: one curve against ε/B, expected to be rejected */
  contrastLrOverB: idTemplate('contrast.lr-over-b'),
  /** contrast: one curve against ε, expected to be rejected */
  contrastLr: idTemplate('contrast.lr'),
  /** simulator check against each cell's exact stationary theory */
  exact: idTemplate('exact.chi-square'),
};

/** Every id above as a pattern, for the scenario's `expect` keys (experiment.ts, predictionIds()). */
export const collapsePredictionPatterns = (): RegExp[] => idPatterns(collapsePredictionId);
