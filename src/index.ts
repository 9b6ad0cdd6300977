/**
 * The library API: the same pieces the CLI uses, so an experiment can be scripted in TypeScript.
 *
 *   import { parseScenario, runScenario } from 'sgd-sde';
 *   const result = await runScenario(parseScenario({ experiment: 'stationary', ... }));
 */
export { parseScenario, loadScenarioFile, type LoadedScenario } from './run/load-scenario.js';
export { runScenario, type RunOptions } from './run/runner.js';
export { experiments, experimentEntries, experimentKinds, type ExperimentKind } from './run/registry.js';
export type { Prediction, NoiseScale, ExperimentOutput } from './core/result.js';
// typed results: Result is a union discriminated on `experiment`; parseResult checks a results.json object
export { parseResult, resultSchema, resultSchemas, type Result, type ResultOf } from './run/result-schema.js';
export type { StationaryMeasured, StationaryTheoryBlock } from './experiments/stationary/result-schema.js';
export type { BatchSizeMeasured, BatchSizeTheoryBlock } from './experiments/batch-size/result-schema.js';
export type { EvidenceMeasured, EvidenceTheoryBlock } from './experiments/evidence/result-schema.js';
export type { EscapeMeasured, EscapeTheoryBlock } from './experiments/escape/result-schema.js';
export type { GradientNoiseMeasured, GradientNoiseTheoryBlock } from './experiments/gradient-noise/result-schema.js';
export type { CollapseMeasured, CollapseTheoryBlock } from './experiments/collapse/result-schema.js';
export type { TransientMeasured, TransientTheoryBlock } from './experiments/transient/result-schema.js';
export type { BatchSizeCollapseMeasured, BatchSizeCollapseTheoryBlock } from './experiments/batch-size-collapse/result-schema.js';
export type { Experiment, ExperimentContext, ExperimentEntry, Sharding } from './core/experiment.js';
export { writeRunOutputs } from './cli/outputs.js';
export { scenarioJsonSchema } from './run/scenario-json-schema.js';
export { CheckpointFile, CHECKPOINT_FILE } from './io/checkpoint.js';
export type { CellCheckpoint } from './core/experiment.js';

export { rngFor } from './rng/streams.js';
export { Rng } from './rng/xoshiro.js';

export type { Loss } from './models/loss.js';
export { models, buildModel, type ModelSpec, type ModelKind } from './models/registry.js';
export { QuadraticLoss, buildQuadratic } from './models/quadratic.js';
export { LinearRegressionLoss, syntheticLinearData } from './models/linear-regression.js';
export { withWeightDecay } from './models/weight-decay.js';
export { PotentialLoss, buildPotential, SHARP_BROAD_LANDSCAPE } from './models/potential.js';
export { compileExpression, expressionProblems } from './models/expression.js';
export { LogisticRegressionLoss } from './models/logistic-regression.js';
export { Mlp } from './models/mlp.js';
export { trainMlp, runMlpSgd } from './dynamics/train-mlp.js';
export { StreamingQuadratic, StreamingQuadratic as LiTaiEModel } from './models/streaming-quadratic.js'; // LiTaiEModel: its earlier name

export { mnistSplit, mnistDigitImages } from './data/mnist.js';
export { twoGaussianClasses } from './data/gaussian-classes.js';
export { shuffleLabels } from './data/random-labels.js';
export { readCsvDataset } from './data/csv.js';
export type { Dataset } from './data/dataset.js';

export { runSgdEnsemble, type SgdConfig } from './dynamics/sgd-ensemble.js';
export { runSdeEnsemble, type SdeConfig } from './dynamics/sde-ensemble.js';
export { createSampler, type BatchSampler } from './dynamics/samplers.js';
export type { EnsembleObserver, Schedule } from './dynamics/ensemble.js';
export { runCells, type TaskRegistry, type RunCellsOptions } from './workers/pool.js';
export type { Cell } from './core/cell.js';
export { EulerMaruyama, eulerMaruyama } from './dynamics/integrators/euler-maruyama.js';
export { integrators, type IntegratorName } from './dynamics/integrators/registry.js';
export { defineIntegrator, noiseTypes } from './dynamics/integrators/integrator.js';
export type { AdditiveSde, DiagonalSde, GeneralSde, Sde, WeightedSumForm, NoiseType, NoiseSupport, SdeProvision, IntegratorDeclaration, IntegratorSpec, Stepper } from './dynamics/integrators/integrator.js';
export { DiagonalOuExact } from './dynamics/ou-exact.js';
export { runCoupledSgdSme, type CoupledSde } from './dynamics/sgd-sme-coupling.js';
export { runConvergenceStudy, type PathwiseReference } from './dynamics/convergence-study.js';

export { noiseScale, batchSizeForNoiseScale, batchSizeForNoiseScaleExact } from './theory/noise-scale.js';
export { noiseFactor, type Sampler } from './dynamics/samplers.js';
export { ouCovariance } from './theory/lyapunov-continuous.js';
export { sgdStationaryCovariance, stabilityBound } from './theory/lyapunov-discrete.js';
export { heavyBallStationaryCovariance } from './theory/heavy-ball.js';
export { leastSquaresStationaryCovariance, leastSquaresSdeCovariance, olsSolution } from './theory/least-squares.js';
export { stationaryTheory } from './experiments/common/stationary-theory.js';
export { fdrCoefficient } from './theory/fdr.js';
export { logisticEvidence, evidenceAtMinimum, type EvidencePoint } from './theory/evidence.js';
export { createLogisticMinimizer } from './models/logistic/minimizer.js';
export { gibbsGrid, gibbsMoments, gibbsExpectedTest, gibbsTemperature, noiseScaleForTemperature, optimalTemperature, optimalBatchSize } from './theory/gibbs.js';
export { sgdExpectedLoss, smeExpectedLoss, smeDriftRates, weakErrorClosedForm } from './theory/sme-closed-forms.js';

export { ReplicaMoments, meanAndStdError } from './stats/replica-moments.js';
export { EnsembleRecorder } from './dynamics/ensemble-recorder.js';
export { batchMeansStdError } from './stats/batch-means.js';
export { comparePrediction } from './stats/compare.js';
export { chiSquareSurvival, chiSquareTest } from './stats/chi-square.js';
export { fitConvergenceOrder } from './stats/convergence-order.js';

export { runStress, type StressOptions, type StressReport } from './stress/run.js';
// cost model and sharding (the CLI's run --plan / --shard, merge, slurm, k8s)
export { planScenario, type ScenarioPlan, type PlannedCell } from './plan/plan.js';
export { assignShards, cellsOfShard, parseShardSpec, type ShardSpec } from './plan/shard-assignment.js';
export { prepareShardRun } from './plan/shard-run.js';
export { checkShardSet, mergeShards, type MergedShards } from './plan/merge-shards.js';

export { InputError, DivergenceError, NumericalError } from './errors.js';
