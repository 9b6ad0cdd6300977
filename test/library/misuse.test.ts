import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lib from '../../src/index.js';
import { argumentProblemsOf, type Guarded } from '../../src/library/guard.js';
import { InputError } from '../../src/errors.js';

/**
 * The library refuses bad calls as the CLI does: every function and class exported from
 * src/index.ts is called with a wrong type, NaN, negative and out-of-range values, and must throw
 * the CLI's InputError naming the argument (never return NaN, a negative g, Infinity, or fail
 * later with a TypeError). The exports are enumerated, so a new export without a case here fails.
 * Each case's valid call must pass the same checks (the guard is not stricter than the contract).
 */

// building blocks for the valid calls, from the library itself
const quad = lib.buildQuadratic({ kind: 'quadratic', dim: 2, n: 20, spectrum: [1, 0.5] } as never, 1);
const classes = lib.twoGaussianClasses({ features: 2, trainPerClass: 10, testPerClass: 5, separation: 2, seed: 1 });
const data = classes.train;
const rng = lib.rngFor(1, 'misuse-test');
const tiny = { experiment: 'stationary', name: 'tiny', seed: 3, model: { kind: 'quadratic', dim: 2, n: 50, spectrum: [1, 0.5] }, optimizer: { lr: 0.05, batchSize: 5 }, dynamics: { sgd: true, sde: false }, run: { replicas: 16, steps: 200, burnIn: 20 } };
const loaded = lib.parseScenario(tiny);
const landscape = { dim: 1 as const, domain: [[-2, 2]] as [number, number][], train: (x: number) => x * x, test: (x: number) => (x - 0.1) ** 2 };
const grid = lib.gibbsGrid(landscape, 101);
const problem = { n: data.n, d: data.d, x: data.x, y: data.y };
const minimum = lib.createLogisticMinimizer(problem).minimize(1);
const h = Float64Array.from([1, 0, 0, 0.5]);
const q = Float64Array.from([0.1, 0, 0, 0.1]);
const x = Float64Array.from([1, 0, 0, 1, 1, 1]);
const y3 = Float64Array.from([1, 2, 3]);
const mlp = new lib.Mlp({ hidden: 3, train: data, maxBatch: 4 });
const observer = new lib.EnsembleRecorder(2, 2, [1, 1]);
const ensembleOpts = { start: new Float64Array(2), origin: new Float64Array(2), divergenceLimit: 1e6, stabilityBound: 'ε λ < 2' };
const schedule = { replicas: 2, burnIn: 0, steps: 1, thin: 1 };
const ou = { noise: 'diagonal' as const, dim: 1, drift: (x0: Float64Array, _t: number, out: Float64Array) => { out[0] = -x0[0]; }, diffusion: (_x: Float64Array, _t: number, out: Float64Array) => { out[0] = 1; } };
const reference = { reset() {}, advance() {}, value: () => 0 };
const declaration = { name: 'toy', title: 'Toy', abbreviation: 'toy', color: '#000000', noise: { additive: { strongOrder: 1, weakOrder: 1 } } };
const out = mkdtempSync(join(tmpdir(), 'sgd-sde-misuse-'));
const identity = { experiment: 'stationary', name: 'tiny', scenario: {}, quick: false };

type Args = unknown[];
interface Case {
  /** a call the contract allows (it must pass the checks) */
  valid: Args;
  /** per argument, values that must be refused with its name (beyond the generic wrong type and NaN) */
  bad?: Record<string, unknown[]>;
  /** arguments the function validates itself (raw scenario objects, results.json contents): still an InputError, under its own path */
  free?: string[];
  /** parameter names in order (as the guard names them) */
  params: string[];
}

const cases: Record<string, Case> = {
  parseScenario: { params: ['raw', 'options'], valid: [tiny], free: ['raw'], bad: { raw: [{ ...tiny, optimizer: { lr: -1, batchSize: 5 } }], options: [{ seed: -1 }, { quick: 'yes' }, { colour: 1 }] } },
  loadScenarioFile: { params: ['path', 'options'], valid: ['scenarios/quickstart.json'], bad: { path: [''], options: [{ seed: 2 ** 33 }] } },
  runScenario: { params: ['loaded', 'options'], valid: [loaded], bad: { loaded: [tiny, {}], options: [{ workers: 0 }, { workers: -2 }, { workers: 1000 }] } },
  parseResult: { params: ['value', 'source'], valid: [{}], free: ['value'], bad: { value: [{ experiment: 'stationary' }], source: [3] } },
  writeRunOutputs: { params: ['result', 'dir', 'options'], valid: ['RESULT', out, { plots: false }], bad: { result: [{ experiment: 'stationary' }], dir: [''], options: [{}, { plots: 'no' }] } },
  scenarioJsonSchema: { params: [], valid: [], bad: {} },
  CheckpointFile: { params: ['dir', 'id', 'onLoad'], valid: [out, identity], bad: { dir: [''], id: [{ ...identity, quick: 'no' }, { experiment: 'x' }], onLoad: ['later'] } },
  rngFor: { params: ['seed', 'purpose'], valid: [1, 'x', 0, 3], bad: { seed: [-1, 2 ** 32, 1.5] } },
  Rng: { params: ['s0', 's1', 's2', 's3'], valid: [1, 2, 3, 4], bad: { s0: [-1, 2 ** 32, 0.5] } },
  buildModel: { params: ['spec', 'ctx'], valid: [{ kind: 'quadratic', dim: 2, n: 20, spectrum: [1, 0.5] }, { seed: 1, baseDir: '.' }], bad: { spec: [{ kind: 'quadratc', dim: 2 }, { kind: 'quadratic', dim: -2, n: 20, spectrum: [1] }, { kind: 'quadratic', dim: 2, n: 20, spectrum: [1, -0.5] }], ctx: [{ seed: -1, baseDir: '.' }, { seed: 1 }] } },
  QuadraticLoss: { params: ['eigenvalues', 'eigenvectors', 'offsets', 'n'], valid: [Float64Array.from([1, 0.5]), null, new Float64Array(6), 3], bad: { eigenvalues: [Float64Array.from([1, -1]), [1, 0.5], new Float64Array(0)], eigenvectors: [new Float64Array(3)], offsets: [new Float64Array(5)], n: [0, -3, 2.5] } },
  buildQuadratic: { params: ['spec', 'seed'], valid: [{ kind: 'quadratic', dim: 2, n: 20, spectrum: [1, 0.5] }, 1], bad: { spec: [{ kind: 'quadratic', dim: 2, n: 1, spectrum: [1, 0.5] }, { kind: 'quadratic', dim: 2, n: 20, spectrum: [1, 0.5, 2] }], seed: [-1, 1.5] } },
  LinearRegressionLoss: { params: ['data'], valid: [data], bad: { data: [{ ...data, n: -1 }, { ...data, x: new Float64Array(3) }, { n: 1, d: 1, x: Float64Array.from([NaN]), y: Float64Array.from([1]) }] } },
  syntheticLinearData: { params: ['spec', 'seed'], valid: [{ kind: 'linear-regression', n: 10, dim: 2 }, 1], bad: { spec: [{ kind: 'linear-regression', n: -10, dim: 2 }, { kind: 'linear-regression', n: 10, dim: 2, labelNoise: -1 }, { kind: 'linear-regression', csv: 'a.csv' }], seed: [-1] } },
  withWeightDecay: { params: ['base', 'wd'], valid: [quad, 0.1], bad: { base: [{ dim: 2 }], wd: [-0.1] } },
  PotentialLoss: { params: ['spec', 'offsets'], valid: [{ kind: 'potential', n: 5, noise: { variance: 1 } }, new Float64Array(10)], bad: { spec: [{ kind: 'potential', n: 2, noise: { variance: 1 } }, { kind: 'potential', n: 5, noise: { variance: -1 } }], offsets: [new Float64Array(3)] } },
  buildPotential: { params: ['spec', 'seed'], valid: [{ kind: 'potential', n: 5, noise: { variance: 1 } }, 1], bad: { spec: [{ kind: 'potential', n: 5, noise: { variance: 0 } }, { kind: 'potential', n: 5, loss: 'x + z', noise: { variance: 1 } }], seed: [-1] } },
  compileExpression: { params: ['source', 'variables'], valid: ['x^2', ['x']], bad: { source: [''], variables: [[], ['x', 'y', 'z'], ['X']] } },
  expressionProblems: { params: ['source', 'variables', 'path'], valid: ['x^2', ['x'], 'loss'], bad: { variables: [['xy']] } },
  LogisticRegressionLoss: { params: ['data', 'lambda'], valid: [data, 1], bad: { data: [{ ...data, y: Float64Array.from(data.y, (v) => v + 2) }], lambda: [-1] } },
  Mlp: { params: ['options'], valid: [{ hidden: 3, train: data, maxBatch: 4 }], bad: { options: [{ hidden: 0, train: data, maxBatch: 4 }, { hidden: 3, train: data, maxBatch: 1000 }, { hidden: 3, train: data, maxBatch: 4, threads: -1 }, { hidden: 3, train: data, maxBatch: 4, inputs: 'sparce' }] } },
  trainMlp: { params: ['spec'], valid: [{ hidden: 4, trainPerClass: 5, testPerClass: 5, dataSeed: 1, lr: 0.1, momentum: 0, batchSize: 5, steps: 1, lambda: 0, sampler: 'without-replacement', seed: 1, digits: [0, 1] }], bad: { spec: [{ hidden: 4, trainPerClass: 5, testPerClass: 5, dataSeed: 1, lr: -0.1, momentum: 1, batchSize: 500, steps: 1, lambda: 0, sampler: 'without-replacment', seed: 1, digits: [0, 1] }] } },
  runMlpSgd: { params: ['model', 'opts', 'hooks'], valid: [mlp, { lr: 0.1, momentum: 0, batchSize: 2, steps: 1, sampler: 'with-replacement', seed: 1 }], bad: { model: [{}], opts: [{ lr: 0.1, momentum: 0, batchSize: 50, steps: 1, sampler: 'with-replacement', seed: 1 }, { lr: 0.1, momentum: 1, batchSize: 2, steps: -1, sampler: 'with-replacement', seed: 1 }], hooks: [{ every: -1 }] } },
  StreamingQuadratic: { params: ['eigenvalues'], valid: [Float64Array.from([1, 0.5])], bad: { eigenvalues: [Float64Array.from([1, -0.5]), Float64Array.from([0]), new Float64Array(0)] } },
  LiTaiEModel: { params: ['eigenvalues'], valid: [Float64Array.from([1, 0.5])], bad: { eigenvalues: [Float64Array.from([-1])] } },
  mnistSplit: { params: ['options'], valid: [{ digits: [0, 1], trainPerClass: 5, testPerClass: 5, seed: 1 }], bad: { options: [{ digits: [0, 10], trainPerClass: 5, testPerClass: 5, seed: 1 }, { digits: [0, 0], trainPerClass: 5, testPerClass: 5, seed: 1 }, { digits: [0, 1], trainPerClass: -5, testPerClass: 5, seed: 1 }] } },
  mnistDigitImages: { params: ['digit'], valid: [3], bad: { digit: [-1, 10, 2.5] } },
  twoGaussianClasses: { params: ['options'], valid: [{ features: 2, trainPerClass: 3, testPerClass: 3, separation: 1, seed: 1 }], bad: { options: [{ features: 0, trainPerClass: 3, testPerClass: 3, separation: 1, seed: 1 }, { features: 2, trainPerClass: 3, testPerClass: 3, separation: -1, seed: 1 }, { features: 1e6, trainPerClass: 1e6, testPerClass: 3, separation: 1, seed: 1 }] } },
  shuffleLabels: { params: ['data', 'seed', 'split'], valid: [data, 1, 0], bad: { data: [{}], seed: [-1], split: [-1, 0.5] } },
  readCsvDataset: { params: ['path', 'jsonPath'], valid: ['scenarios/data/my-data.csv'], bad: { path: [''], jsonPath: [3] } },
  runSgdEnsemble: { params: ['loss', 'cfg', 'schedule', 'observer', 'opts'], valid: [quad, { lr: 0.1, momentum: 0, batchSize: 2, sampler: 'with-replacement', seed: 1 }, schedule, observer, ensembleOpts], bad: { loss: [{}], cfg: [{ lr: 0.1, momentum: 0, batchSize: 200, sampler: 'with-replacement', seed: 1 }, { lr: -0.1, momentum: 1, batchSize: 2, sampler: 'with-replacement', seed: 1 }], schedule: [{ ...schedule, replicas: 0 }, { ...schedule, thin: 0 }], observer: [{}], opts: [{ ...ensembleOpts, start: new Float64Array(3) }, { ...ensembleOpts, divergenceLimit: -1 }] } },
  runSdeEnsemble: { params: ['loss', 'cfg', 'schedule', 'observer', 'opts'], valid: [quad, { lr: 0.1, momentum: 0, noiseFactor: 0.5, substeps: 1, smeOrder: 1, seed: 1 }, schedule, observer, ensembleOpts], bad: { cfg: [{ lr: 0.1, momentum: 0, noiseFactor: -0.5, substeps: 0, smeOrder: 3, seed: 1 }], schedule: [{ ...schedule, steps: -1 }], opts: [{ ...ensembleOpts, origin: new Float64Array(1) }] } },
  createSampler: { params: ['kind', 'n', 'b', 'rng'], valid: ['without-replacement', 10, 2, rng], bad: { kind: ['with-replacment'], n: [0, -10], b: [-5, 0, 11], rng: [{}] } },
  runCells: { params: ['cells', 'options'], valid: [[{ task: 't', payload: 1 }], { workers: 1, registry: { t: (v: number) => v }, registryModule: 'run/tasks.js' }], bad: { cells: [[{ task: 'u', payload: 1 }], [{ payload: 1 }]], options: [{ workers: 0, registry: {}, registryModule: 'x' }] } },
  EulerMaruyama: { params: ['sde'], valid: [ou], bad: { sde: [{ ...ou, dim: 0 }, { noise: 'diagonal', dim: 1, drift: ou.drift }, { ...ou, noise: 'diagnal' }, { noise: 'general', dim: 1, drift: ou.drift, diffusion: ou.diffusion }] } },
  defineIntegrator: { params: ['declaration', 'make'], valid: [declaration, () => ({ step() {} })], bad: { declaration: [{ ...declaration, noise: {} }, { ...declaration, noise: { addtive: { strongOrder: 1, weakOrder: 1 } } }, { ...declaration, noise: { additive: { strongOrder: -1, weakOrder: 1 } } }, { ...declaration, name: '' }, { ...declaration, colour: '#000' }], make: [{}] } },
  DiagonalOuExact: { params: ['a', 'b', 'h'], valid: [[1], [1], 0.1], bad: { a: [[-1], []], b: [[1, 2]], h: [0, -0.1] } },
  runCoupledSgdSme: { params: ['model', 'start', 'sdes', 'cfg'], valid: [new lib.StreamingQuadratic(Float64Array.from([1, 0.5])), Float64Array.from([1, 1]), [{ a: Float64Array.from([1, 0.5]), b: Float64Array.from([0.3, 0.2]) }], { lr: 0.1, steps: 2, paths: 2, seed: 1, cell: 0 }], bad: { model: [{}], start: [Float64Array.from([1])], sdes: [[], [{ a: Float64Array.from([1]), b: Float64Array.from([1]) }]], cfg: [{ lr: -0.1, steps: 0, paths: 1, seed: 1, cell: 0 }] } },
  runConvergenceStudy: { params: ['cfg'], valid: [{ sde: ou, integrator: lib.eulerMaruyama, reference, x0: 1, horizon: 1, steps: [2, 4], weak: (v: number) => v, paths: 2, seed: 1, cell: 0 }], bad: { cfg: [{ sde: ou, integrator: lib.eulerMaruyama, reference, x0: 1, horizon: -1, steps: [2, 3], weak: (v: number) => v, paths: 2, seed: 1, cell: 0 }, { sde: { ...ou, dim: 2 }, integrator: lib.eulerMaruyama, reference, x0: 1, horizon: 1, steps: [2, 4], weak: (v: number) => v, paths: 2, seed: 1, cell: 0 }, { sde: ou, integrator: lib.integrators.milstein, reference, x0: 1, horizon: 1, steps: [2, 4], weak: (v: number) => v, paths: 2, seed: 1, cell: 0 }] } },
  noiseScale: { params: ['lr', 'n', 'b', 'momentum', 'sampler'], valid: [0.1, 1000, 10, 0, 'without-replacement'], bad: { lr: [-0.1, 0], n: [0, -1000, 10.5], b: [-5, 0, 1001, 2.5], momentum: [1, -0.1, 1.5], sampler: ['with-replacment', 'WITHOUT-REPLACEMENT'] } },
  noiseFactor: { params: ['n', 'b', 'sampler'], valid: [100, 10, 'with-replacement'], bad: { n: [-1], b: [-5, 101], sampler: ['none'] } },
  batchSizeForNoiseScale: { params: ['g', 'lr', 'n', 'momentum'], valid: [10, 0.1, 1000, 0], bad: { g: [-1, 0], lr: [-1], n: [0], momentum: [1] } },
  batchSizeForNoiseScaleExact: { params: ['g', 'lr', 'n', 'momentum', 'sampler'], valid: [10, 0.1, 1000, 0, 'with-replacement'], bad: { g: [-1], momentum: [1], sampler: ['epoch'] } },
  ouCovariance: { params: ['h', 'q', 'd', 'lr'], valid: [h, q, 2, 0.1], bad: { h: [new Float64Array(3), Float64Array.from([NaN, 0, 0, 1])], q: [new Float64Array(2)], d: [0, -2, 1.5], lr: [-0.1] } },
  sgdStationaryCovariance: { params: ['h', 'q', 'd', 'lr'], valid: [h, q, 2, 0.1], bad: { d: [-1], lr: [0] } },
  stabilityBound: { params: ['lambdaMax', 'momentum'], valid: [1, 0.5], bad: { lambdaMax: [-1], momentum: [1, -0.5] } },
  heavyBallStationaryCovariance: { params: ['h', 'q', 'd', 'lr', 'momentum'], valid: [h, q, 2, 0.1, 0.5], bad: { h: [new Float64Array(3)], momentum: [1, -0.1], d: [0.5] } },
  leastSquaresStationaryCovariance: { params: ['x', 'residuals', 'n', 'd', 'lr', 'rho'], valid: [x, y3, 3, 2, 0.1, 0.5], bad: { x: [new Float64Array(2)], residuals: [new Float64Array(1)], n: [0, -3], d: [0], lr: [-0.1], rho: [-0.5] } },
  leastSquaresSdeCovariance: { params: ['x', 'residuals', 'n', 'd', 'lr', 'rho'], valid: [x, y3, 3, 2, 0.1, 0.5], bad: { x: [Float64Array.from([1, 2])], n: [-4], rho: [-1] } },
  olsSolution: { params: ['x', 'y', 'n', 'd'], valid: [x, y3, 3, 2], bad: { x: [new Float64Array(5)], y: [new Float64Array(2)], n: [-3], d: [0] } },
  stationaryTheory: { params: ['base', 'opt', 'c'], valid: [quad, { lr: 0.1, momentum: 0, batchSize: 2, sampler: 'with-replacement', weightDecay: 0 }], bad: { base: [{}], opt: [{ lr: 0.1, momentum: 0, batchSize: 200, sampler: 'with-replacement', weightDecay: 0 }, { lr: -0.1, momentum: 1, batchSize: 2, sampler: 'with-replacement', weightDecay: -1 }], c: [-1] } },
  fdrCoefficient: { params: ['lr', 'momentum'], valid: [0.1, 0.9], bad: { lr: [-0.1, 0], momentum: [1, -0.5] } },
  logisticEvidence: { params: ['problem', 'lambda', 'side'], valid: [problem, 1], bad: { problem: [{ ...problem, y: Float64Array.from(problem.y, () => 3) }], lambda: [0, -1], side: ['both'] } },
  evidenceAtMinimum: { params: ['min', 'n', 'd', 'classes'], valid: [minimum, data.n, data.d], bad: { min: [{ ...minimum, lambda: -1 }], n: [0], d: [-1], classes: [1] } },
  createLogisticMinimizer: { params: ['problem', 'options'], valid: [problem], bad: { problem: [{ n: 2 }], options: [{ side: 'left' }, { gram: new Float64Array(3) }] } },
  gibbsGrid: { params: ['landscape', 'pointsPerAxis'], valid: [landscape, 11], bad: { landscape: [{ ...landscape, domain: [[2, -2]] }, { ...landscape, dim: 3 }], pointsPerAxis: [2, -11, 10.5] } },
  gibbsMoments: { params: ['grid', 'temperature'], valid: [grid, 0.1], bad: { grid: [{}], temperature: [0, -0.1] } },
  gibbsExpectedTest: { params: ['grid', 'temperature'], valid: [grid, 0.1], bad: { temperature: [-1] } },
  gibbsTemperature: { params: ['g', 'n', 'sigma2'], valid: [10, 100, 1], bad: { g: [-10], n: [0], sigma2: [-1] } },
  noiseScaleForTemperature: { params: ['t', 'n', 'sigma2'], valid: [0.1, 100, 1], bad: { t: [-0.1], n: [-100], sigma2: [0] } },
  optimalTemperature: { params: ['grid', 'options'], valid: [grid], bad: { options: [{ tMin: 1, tMax: 0.5 }, { points: 1 }, { tMin: -1 }] } },
  optimalBatchSize: { params: ['gOpt', 'lr', 'n', 'momentum', 'sampler'], valid: [10, 0.1, 100, 0, 'with-replacement'], bad: { gOpt: [-10], momentum: [1], sampler: ['x'] } },
  sgdExpectedLoss: { params: ['eigenvalues', 'start', 'lr', 'steps'], valid: [[1, 0.5], [1, 1], 0.1, 10], bad: { eigenvalues: [[1, -0.5]], start: [[1]], lr: [-0.1], steps: [-1, 1.5] } },
  smeExpectedLoss: { params: ['eigenvalues', 'start', 'lr', 'horizon', 'order'], valid: [[1, 0.5], [1, 1], 0.1, 1, 1], bad: { horizon: [-1], order: [3, 0] } },
  smeDriftRates: { params: ['eigenvalues', 'lr', 'order'], valid: [[1, 0.5], 0.1, 2], bad: { eigenvalues: [[0]], order: [1.5] } },
  weakErrorClosedForm: { params: ['eigenvalues', 'start', 'lr', 'horizon'], valid: [[1, 0.5], [1, 1], 0.1, 1], bad: { horizon: [0.15, -1], lr: [-0.1] } },
  ReplicaMoments: { params: ['dim', 'replicas'], valid: [2, 4], bad: { dim: [0, -2], replicas: [0, 1.5, 1e9] } },
  meanAndStdError: { params: ['values'], valid: [[1, 2, 3]], bad: { values: [[], [1, NaN]] } },
  EnsembleRecorder: { params: ['dim', 'replicas', 'histogramHalfWidths', 'scatterLimit'], valid: [2, 2, [1, 1]], bad: { dim: [0], replicas: [-1], histogramHalfWidths: [[1, -1], [1, 1, 1]], scatterLimit: [-1] } },
  batchMeansStdError: { params: ['series', 'batches'], valid: [[1, 2, 3, 4, 5, 6]], bad: { series: [[1, 2, 3]], batches: [1, 4] } },
  comparePrediction: { params: ['p'], valid: [{ id: 'a', description: 'd', predicted: 1, measured: NaN, stdError: 0.1 }], bad: { p: [{ id: 'a', description: 'd', predicted: 1, measured: 1, stdError: 0.1, tolerance: -4 }, { id: 'a', description: 'd', predicted: 1, measured: 1, stdError: 0.1, expect: 'agrees' }, { id: '', description: 'd', predicted: 1, measured: 1, stdError: 0.1 }] } },
  chiSquareSurvival: { params: ['x', 'k'], valid: [3, 2], bad: { x: [-1], k: [0, -2] } },
  chiSquareTest: { params: ['measured', 'predicted', 'stdErrors', 'fitted', 'score'], valid: [[1, 2], [1, 2], [0.1, 0.1]], bad: { predicted: [[1]], stdErrors: [[0.1, -0.1], [0.1, 0]], fitted: [2, -1] } },
  fitConvergenceOrder: { params: ['h', 'errors', 'logErrorStdErrors', 'q'], valid: [[0.1, 0.05, 0.025, 0.0125], [0.1, 0.05, 0.025, 0.0125], null, 1], bad: { h: [[0.1, 0.05, 0.025], [0.1, -0.05, 0.025, 0.0125]], errors: [[1, 2, 3]], logErrorStdErrors: [[1, 1, 1, -1]], q: [0, -1] } },
  runStress: { params: ['options'], valid: [{ properties: ['noise-factor'], runs: 1, maps: false }], bad: { options: [{ properties: ['noise-factr'] }, { runs: 0 }, { seed: -1 }, { timeBudget: -1 }] } },
  planScenario: { params: ['loaded'], valid: [loaded], bad: { loaded: [tiny] } },
  assignShards: { params: ['costs', 'count'], valid: [[1, 2, 3], 2], bad: { costs: [[1, -2]], count: [0, -1, 1.5, 1e6] } },
  cellsOfShard: { params: ['costs', 'spec'], valid: [[1, 2, 3], { index: 0, count: 2 }], bad: { costs: [[NaN]], spec: [{ index: 2, count: 2 }, { index: -1, count: 2 }] } },
  parseShardSpec: { params: ['text'], valid: ['0/4'], bad: {} },
  prepareShardRun: { params: ['loaded', 'spec', 'options'], valid: [loaded, { index: 0, count: 1 }, { source: 's.json', dir: out }], bad: { loaded: [tiny], spec: [{ index: 1, count: 1 }], options: [{ source: 's.json' }, { source: 's.json', dir: out, workers: 0 }] } },
  checkShardSet: { params: ['paths'], valid: [['a.json']], bad: { paths: [[], ['']] } },
  mergeShards: { params: ['merged', 'options'], valid: [{ loaded, cells: new Map(), shards: 1 }], bad: { merged: [{ loaded: tiny, cells: new Map(), shards: 1 }, { loaded, cells: {}, shards: 1 }], options: [{ workers: -1 }] } },
};

/** Exports that are not checked, and why. */
const notGuarded: Record<string, string> = {
  InputError: 'the error the checks throw',
  DivergenceError: 'an error class',
  NumericalError: 'an error class',
};

const isClass = (f: unknown) => typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));

async function refusal(name: string, args: Args): Promise<InputError> {
  const f = (lib as Record<string, unknown>)[name] as (...a: Args) => unknown;
  const target = (lib as Record<string, unknown>)[name];
  try {
    // a guarded class is a Proxy of the class: `new` it
    const value = isClass(target) || /^[A-Z]/.test(name) ? new (f as unknown as new (...a: Args) => unknown)(...args) : f(...args);
    await value; // an async export refuses by rejecting
  } catch (err) {
    if (err instanceof InputError) return err;
    throw new Error(`${name}: threw ${(err as Error)?.name}: ${(err as Error)?.message}, not an InputError`);
  }
  throw new Error(`${name}(${args.map((a) => typeof a).join(', ')}) was accepted`);
}

const names = (e: InputError) => e.problems.map((p) => p.path);
const namesArgument = (e: InputError, param: string) => e.problems.some((p) => p.path === param || p.path.startsWith(`${param}.`) || p.path.startsWith(`${param}[`));

describe('the library refuses bad calls with InputError', () => {
  const exported = Object.entries(lib).filter(([, v]) => typeof v === 'function').map(([k]) => k);

  it('every exported function and class has a case here (a new export without one fails) and checks its arguments', () => {
    expect(exported.length).toBeGreaterThan(80);
    expect(exported.filter((k) => !(k in cases) && !(k in notGuarded))).toEqual([]);
    expect(Object.keys(cases).filter((k) => !exported.includes(k))).toEqual([]);
    const unguarded = exported.filter((k) => !(k in notGuarded) && typeof ((lib as Record<string, unknown>)[k] as Partial<Guarded>)[argumentProblemsOf] !== 'function');
    expect(unguarded).toEqual([]);
  });

  const result = lib.runScenario(loaded, { workers: 1 });
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: the valid call passes; wrong types, NaN, negative and out-of-range values are refused naming the argument`, async () => {
      const check = ((lib as Record<string, unknown>)[name] as Guarded)[argumentProblemsOf];
      const valid = await Promise.all(c.valid.map(async (v) => (v === 'RESULT' ? await result : v)));
      expect(check(valid), `${name}: the valid call`).toEqual([]);
      // one argument too many
      const extra = await refusal(name, [...valid, ...c.params.slice(valid.length).map(() => undefined), 'extra']);
      expect(extra.problems.some((p) => /takes at most/.test(p.message)) || name === 'rngFor', `${name}: too many arguments`).toBe(true);
      for (const [i, param] of c.params.entries()) {
        const withValue = (v: unknown) => {
          const args = [...valid];
          while (args.length < i) args.push(undefined);
          args[i] = v;
          return args;
        };
        const original = valid[i];
        // a symbol and a bigint fit no parameter; a string where another type is due, a number where a string is
        const wrongTypes: unknown[] = [Symbol('s'), 1n, ...(original === undefined ? [] : [typeof original === 'string' ? 42 : 'not-this'])];
        if (typeof original === 'number') wrongTypes.push(NaN, Infinity);
        for (const bad of [...wrongTypes, ...(c.bad?.[param] ?? [])]) {
          const err = await refusal(name, withValue(bad));
          if (!c.free?.includes(param)) expect(namesArgument(err, param), `${name}: ${param} = ${String(bad)} → problems at ${names(err).join(', ')}`).toBe(true);
          for (const p of err.problems) expect(p.message.length).toBeGreaterThan(5);
        }
        // a required argument left out
        // (checked first, never run: an optional argument left out is a valid call, and it may be a long one)
        if (i < valid.length && check(valid.slice(0, i)).length > 0) {
          const err = await refusal(name, valid.slice(0, i));
          expect(namesArgument(err, param) || c.free?.includes(param), `${name}: ${param} missing → ${names(err).join(', ')}`).toBe(true);
        }
      }
    });
  }
});

describe('the calls a JavaScript user gets wrong first', () => {
  it('noiseScale({lr, n, batchSize}) names the argument and says the arguments are positional', () => {
    let err: unknown;
    try {
      lib.noiseScale({ lr: 0.1, n: 1000, batchSize: 10 } as never, undefined as never, undefined as never, undefined as never, undefined as never);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect(e.problems.map((p) => p.path)).toContain('lr');
    expect(e.message).toMatch(/lr: must be a number, not an object/);
    expect(e.message).toMatch(/positional arguments noiseScale\(lr, n, b, momentum, sampler\)/);
  });

  it('B = −5, B > N, m = 1 and a misspelled sampler: each refused with what is allowed (never g = −20, a negative g or Infinity)', () => {
    const msg = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(msg(() => lib.noiseScale(0.1, 1000, -5, 0, 'without-replacement'))).toMatch(/b: must be a number > 0 \(got -5\)/);
    expect(msg(() => lib.noiseScale(0.1, 1000, 2000, 0, 'without-replacement'))).toMatch(/b: must be ≤ N = 1000/);
    expect(msg(() => lib.noiseScale(0.1, 1000, 10, 1, 'without-replacement'))).toMatch(/momentum: must be a number < 1 \(got 1\)/);
    expect(msg(() => lib.noiseScale(0.1, 1000, 10, 0, 'without-replacment' as never))).toMatch(/sampler: must be one of "with-replacement", "without-replacement", "epoch-shuffle"/);
    // twin: the same calls with good values give the numbers the CLI prints
    expect(lib.noiseScale(0.1, 1000, 10, 0, 'without-replacement').gPaper).toBeCloseTo(9.9, 12);
  });

  it('runScenario without parseScenario: an InputError that says to call parseScenario first, not a TypeError', async () => {
    await expect(lib.runScenario(tiny as never)).rejects.toThrow(/loaded: must be a loaded scenario: pass the scenario object through parseScenario/);
    await expect(lib.runScenario(tiny as never)).rejects.toBeInstanceOf(InputError);
  });

  it('guarded classes are the classes: instanceof, statics and methods work on what `new` builds', () => {
    const m = new lib.QuadraticLoss(Float64Array.from([1, 0.5]), null, new Float64Array(6), 3);
    expect(m).toBeInstanceOf(lib.QuadraticLoss);
    expect(m.dim).toBe(2);
    expect(m.loss(new Float64Array(2))).toBeCloseTo(0, 12);
    expect(lib.rngFor(1, 'x')).toBeInstanceOf(lib.Rng);
  });
});
