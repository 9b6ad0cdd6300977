/**
 * The ids of the batch-size-collapse predictions, written once: analysis.ts names its predictions
 * with them and experiment.ts lists them as the patterns of the scenario's `expect` keys.
 */
export const batchSizeCollapsePredictionId = {
  /** χ² of the cells about one curve in g (with a scale per point): the paper's variable */
  noiseScale: 'collapse:noise-scale',
  /** the same about one curve in the step ε/(B(1−m)): the trainability-edge variable, to be rejected */
  step: 'collapse:step',
  /** Vuong's contrast of the two fits (information) */
  contrast: 'contrast:noise-scale-vs-step',
} as const;

export function batchSizeCollapsePredictionPatterns(): RegExp[] {
  return Object.values(batchSizeCollapsePredictionId).map((id) => new RegExp(`^${id.replaceAll('.', '\\.')}$`));
}
