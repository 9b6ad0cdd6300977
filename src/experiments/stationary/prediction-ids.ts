/**
 * The ids of the stationary experiment's predictions, written once: analysis.ts names its
 * predictions with them and readers (stress) find a prediction by them, so neither spells the
 * string. Shape `<dynamics>.<quantity>.vs.<reference>` (results.json documents it); experiment.ts's
 * `predictionIds()` lists the same ids as patterns for the scenario's `expect` keys.
 */
export const stationaryDynamics = ['sgd', 'sde'] as const;
export type StationaryDynamics = (typeof stationaryDynamics)[number];

/** The stationary covariances a trace or entries prediction compares with (analysis.ts, LABEL). */
export const covarianceTheoryNames = ['exact', 'discrete', 'heavyBall', 'ou', 'sdeExact'] as const;
export type CovarianceTheoryName = (typeof covarianceTheoryNames)[number];

/** SGD's covariance theories, in the order analysis.ts compares them (the first present is the primary). */
export const sgdCovarianceTheories = ['exact', 'discrete', 'heavyBall', 'ou'] as const satisfies readonly CovarianceTheoryName[];

export const stationaryPredictionId = {
  /** tr Σ of the iterates vs a theory; every trace prediction of one dynamics has the same measured side */
  trace: <D extends StationaryDynamics, T extends CovarianceTheoryName>(dynamics: D, theory: T) => `${dynamics}.trace.vs.${theory}` as const,
  /** every entry of Σ vs a theory (the worst entry is reported) */
  entries: <D extends StationaryDynamics, T extends CovarianceTheoryName>(dynamics: D, theory: T) => `${dynamics}.entries.vs.${theory}` as const,
  /** N × excess loss vs g tr S / 4 */
  excessLoss: <D extends StationaryDynamics>(dynamics: D) => `${dynamics}.excess-loss.vs.g` as const,
  /** the fluctuation–dissipation identity (measured: left side, predicted: right side) */
  fdr: 'sgd.fdr',
  /** the contrast: tr Σ with c = 1/B instead of the sampler's c(N,B) */
  gApproxContrast: 'sgd.trace.vs.gApprox',
} as const;

/** Every id above as a pattern, for the scenario's `expect` keys (experiment.ts, predictionIds()). */
export function stationaryPredictionPatterns(): RegExp[] {
  const dyn = stationaryDynamics.join('|');
  return [
    new RegExp(`^(${dyn})\\.(trace|entries)\\.vs\\.(${covarianceTheoryNames.join('|')})$`),
    new RegExp(`^(${dyn})\\.excess-loss\\.vs\\.g$`),
    new RegExp(`^${stationaryPredictionId.fdr.replaceAll('.', '\\.')}$`),
    new RegExp(`^${stationaryPredictionId.gApproxContrast.replaceAll('.', '\\.')}$`),
  ];
}
