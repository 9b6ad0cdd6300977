import { idPatterns, idTemplate } from '../../core/prediction-id.js';

/** The ids of the evidence predictions, written once (analysis.ts names its predictions with them). */
export const evidencePredictionId = {
  randomMemorised: idTemplate('random.train.memorised'),
  randomTestChance: idTemplate('random.test.chance'),
  randomEPositive: idTemplate('random.E.positive'),
  trueENegative: idTemplate('true.E.negative'),
  trueArgmin: idTemplate('true.argmin.E.vs.test.cross.entropy'),
  trueSpearman: idTemplate('true.spearman.E.vs.test.cross.entropy'),
};

/** Every id above as a pattern, for the scenario's `expect` keys (experiment.ts, predictionIds()). */
export const evidencePredictionPatterns = (): RegExp[] => idPatterns(evidencePredictionId);
