/**
 * The library API: the same pieces the CLI uses, so an experiment can be scripted in TypeScript.
 * Every function and class here checks its arguments (src/library/: the scenario's schemas where
 * the CLI has one) and throws the CLI's InputError, naming the argument, the value and what is
 * allowed, instead of returning NaN or failing later with a TypeError.
 *
 *   import { parseScenario, runScenario } from 'sgd-sde';
 *   const result = await runScenario(parseScenario({ experiment: 'stationary', ... }));
 */
export { parseScenario, loadScenarioFile } from './library/run.js';
export type { LoadedScenario } from './run/load-scenario.js';
export { runScenario } from './library/run.js';
export type { RunOptions } from './run/runner.js';
export { experiments, experimentEntries, experimentKinds, type ExperimentKind } from './run/registry.js';
export type { Prediction, NoiseScale, ExperimentOutput } from './core/result.js';
// typed results: Result is a union discriminated on `experiment`; parseResult checks a results.json object
export { parseResult } from './library/run.js';
export { resultSchema, resultSchemas, type Result, type ResultOf } from './run/result-schema.js';
export type { StationaryMeasured, StationaryTheoryBlock } from './experiments/stationary/result-schema.js';
export type { BatchSizeMeasured, BatchSizeTheoryBlock } from './experiments/batch-size/result-schema.js';
export type { EvidenceMeasured, EvidenceTheoryBlock } from './experiments/evidence/result-schema.js';
export type { EscapeMeasured, EscapeTheoryBlock } from './experiments/escape/result-schema.js';
export type { GradientNoiseMeasured, GradientNoiseTheoryBlock } from './experiments/gradient-noise/result-schema.js';
export type { CollapseMeasured, CollapseTheoryBlock } from './experiments/collapse/result-schema.js';
export type { TransientMeasured, TransientTheoryBlock } from './experiments/transient/result-schema.js';
export type { BatchSizeCollapseMeasured, BatchSizeCollapseTheoryBlock } from './experiments/batch-size-collapse/result-schema.js';
export type { Experiment, ExperimentContext, ExperimentEntry, Sharding } from './core/experiment.js';
export { writeRunOutputs, scenarioJsonSchema, CheckpointFile } from './library/run.js';
export { CHECKPOINT_FILE } from './io/checkpoint.js';
export type { CellCheckpoint } from './core/experiment.js';

export { rngFor, Rng } from './library/dynamics.js';

export type { Loss } from './models/loss.js';
export { models, type ModelSpec, type ModelKind } from './models/registry.js';
export { SHARP_BROAD_LANDSCAPE } from './models/potential.js';
export {
  buildModel, QuadraticLoss, buildQuadratic, LinearRegressionLoss, syntheticLinearData, withWeightDecay, PotentialLoss, buildPotential,
  compileExpression, expressionProblems, LogisticRegressionLoss, Mlp, trainMlp, runMlpSgd, StreamingQuadratic,
  StreamingQuadratic as LiTaiEModel, // its earlier name
  mnistSplit, mnistDigitImages, twoGaussianClasses, shuffleLabels, readCsvDataset,
} from './library/models.js';

export type { Dataset } from './data/dataset.js';

export { runSgdEnsemble, runSdeEnsemble, createSampler, runCells, EulerMaruyama, DiagonalOuExact, runCoupledSgdSme, runConvergenceStudy } from './library/dynamics.js';
export type { SgdConfig } from './dynamics/sgd-ensemble.js';
export type { SdeConfig } from './dynamics/sde-ensemble.js';
export type { BatchSampler } from './dynamics/samplers.js';
export type { EnsembleObserver, Schedule } from './dynamics/ensemble.js';
export type { TaskRegistry, RunCellsOptions } from './workers/pool.js';
export type { Cell } from './core/cell.js';
export { eulerMaruyama } from './dynamics/integrators/euler-maruyama.js';
export { integrators, type IntegratorName } from './dynamics/integrators/registry.js';
export { defineIntegrator } from './library/dynamics.js';
export { noiseTypes } from './dynamics/integrators/integrator.js';
export type { AdditiveSde, DiagonalSde, GeneralSde, Sde, WeightedSumForm, NoiseType, NoiseSupport, SdeProvision, IntegratorDeclaration, IntegratorSpec, Stepper } from './dynamics/integrators/integrator.js';
export type { CoupledSde } from './dynamics/sgd-sme-coupling.js';
export type { PathwiseReference } from './dynamics/convergence-study.js';

export {
  noiseScale, noiseFactor, batchSizeForNoiseScale, batchSizeForNoiseScaleExact, ouCovariance, sgdStationaryCovariance, stabilityBound,
  heavyBallStationaryCovariance, leastSquaresStationaryCovariance, leastSquaresSdeCovariance, olsSolution, stationaryTheory, fdrCoefficient,
  logisticEvidence, evidenceAtMinimum, createLogisticMinimizer, gibbsGrid, gibbsMoments, gibbsExpectedTest, gibbsTemperature,
  noiseScaleForTemperature, optimalTemperature, optimalBatchSize, sgdExpectedLoss, smeExpectedLoss, smeDriftRates, weakErrorClosedForm,
} from './library/theory.js';
export type { Sampler } from './dynamics/samplers.js';
export type { EvidencePoint } from './theory/evidence.js';

export { ReplicaMoments, meanAndStdError, EnsembleRecorder, batchMeansStdError, comparePrediction, chiSquareSurvival, chiSquareTest, fitConvergenceOrder } from './library/stats.js';

export { runStress } from './library/run.js';
export type { StressOptions, StressReport } from './stress/run.js';
// cost model and sharding (the CLI's run --plan / --shard, merge, slurm, k8s)
export { planScenario, assignShards, cellsOfShard, parseShardSpec, prepareShardRun, checkShardSet, mergeShards } from './library/run.js';
export type { ScenarioPlan, PlannedCell } from './plan/plan.js';
export type { ShardSpec } from './plan/shard-assignment.js';
export type { MergedShards } from './plan/merge-shards.js';

export { InputError, DivergenceError, NumericalError } from './errors.js';
