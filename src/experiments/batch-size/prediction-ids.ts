import { freeText, idPatterns, idTemplate } from '../../core/prediction-id.js';
import type { Axis } from './sweep.js';

/** The outer axes whose B_opt slope is predicted (sweep.ts, Axis; 'lambda' runs alone and has none). */
const axes = ['lr', 'n', 'momentum'] as const satisfies readonly Axis[];

/** The ids of the batch-size predictions, written once (analysis.ts names its predictions with them). */
export const batchSizePredictionId = {
  /** a sweep point (its label) has an interior optimum in B */
  interiorOptimum: idTemplate('interior-optimum:', freeText),
  /** a sweep point's measured B_opt against the Gibbs theory (toy potential) */
  bOpt: idTemplate('b-opt:', freeText),
  /** the slope of ln B_opt along an axis against the paper's law */
  slope: idTemplate('slope:', axes),
  /** the same slope against the finite-N law */
  slopeFiniteN: idTemplate('slope-finite-n:', axes),
  /** network: the best accuracy at an axis's largest value against the best of the others (information) */
  bestAccuracyLargest: idTemplate('best-accuracy-largest:', axes),
  /** network L2 sweep: the gap between the best small batch and the full batch at one λ (its label; information) */
  l2Gap: idTemplate('l2-gap:', freeText),
  /** network L2 sweep: the trend of that gap against log10 λ (information) */
  l2GapTrend: idTemplate('l2-gap-trend'),
  /** contrast (network, N axis): the slope a trainability edge in ε/(B(1−m)) would give, 0 */
  edgeContrast: idTemplate('slope-edge:', ['n'] as const),
};

/** Every id above as a pattern, for the scenario's `expect` keys (experiment.ts, predictionIds()). */
export const batchSizePredictionPatterns = (): RegExp[] => idPatterns(batchSizePredictionId);
