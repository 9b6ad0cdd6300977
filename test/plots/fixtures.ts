import { SCHEMA_VERSION, type Prediction, type Result } from '../../src/core/result.js';
import { comparePrediction } from '../../src/stats/compare.js';
import { named, relevantDifference } from '../../src/stats/alternatives.js';

/**
 * A small, fixed, synthetic `stationary` Result: every number is a closed-form function of its
 * indices (no simulation, no RNG), so the figure specs built from it are byte-stable.
 */
const OU = [
  [0.04, 0.012, 0.002],
  [0.012, 0.02, 0.003],
  [0.002, 0.003, 0.01],
];
const scaleMatrix = (m: number[][], f: (j: number, k: number) => number) => m.map((row, j) => row.map((v, k) => v * f(j, k)));
const discrete = scaleMatrix(OU, (j, k) => 1.08 + 0.01 * (j + k));
const exact = scaleMatrix(OU, (j, k) => 1.1 + 0.01 * (j + k));

/** Counts of a histogram shaped like N(0, variance), with a deterministic ripple. */
function histogram(coordinate: number, variance: number, n: number, bins = 16) {
  const sd = Math.sqrt(variance);
  const edges = Array.from({ length: bins + 1 }, (_, i) => -4 * sd + (8 * sd * i) / bins);
  const counts = Array.from({ length: bins }, (_, i) => {
    const mid = 0.5 * (edges[i] + edges[i + 1]);
    const p = (Math.exp((-0.5 * mid * mid) / variance) / Math.sqrt(2 * Math.PI * variance)) * (edges[i + 1] - edges[i]);
    return Math.max(0, Math.round(n * p) + (((i * 7 + coordinate) % 5) - 2));
  });
  return { coordinate, edges, counts };
}

/** Points with the 2×2 covariance c, from a golden-ratio (Kronecker) sequence through Box–Muller. */
function scatter(c: number[][], n: number, shift: number): [number, number][] {
  const l11 = Math.sqrt(c[0][0]);
  const l21 = c[1][0] / l11;
  const l22 = Math.sqrt(c[1][1] - l21 * l21);
  return Array.from({ length: n }, (_, i) => {
    const u = ((i + 1) * 0.6180339887498949 + shift) % 1;
    const v = ((i + 1) * 0.7548776662466927 + shift) % 1;
    const r = Math.sqrt(-2 * Math.log(1 - u));
    const z1 = r * Math.cos(2 * Math.PI * v);
    const z2 = r * Math.sin(2 * Math.PI * v);
    return [l11 * z1, l21 * z1 + l22 * z2];
  });
}

function stats(cov: number[][], samples: number, shift: number) {
  return {
    covariance: cov,
    covarianceStdError: cov.map((row, j) => row.map((_, k) => Math.sqrt((cov[j][j] * cov[k][k] + cov[j][k] ** 2) / 400))),
    mean: [0.001, -0.002, 0.0005],
    samples,
    replicas: 64,
    histograms: [0, 1, 2].map((j) => histogram(j, cov[j][j], samples)),
    scatter: scatter(cov, 40, shift),
  };
}

/** A prediction judged by the real rule: alternative a 10% difference, or `alternative` when given. */
function prediction(id: string, description: string, predicted: number, measured: number, stdError: number, expect: 'agree' | 'disagree' | 'not-judged' = 'agree', alternative = expect === 'disagree' ? named(measured, 'the value believed right') : relevantDifference(predicted)): Prediction {
  return expect === 'not-judged'
    ? comparePrediction({ id, description, predicted, measured, stdError, tolerance: 4, expect })
    : comparePrediction({ id, description, predicted, measured, stdError, tolerance: 4, expect, alternative });
}

export function syntheticStationaryResult(): Result {
  const sgd = scaleMatrix(exact, (j, k) => 1 + 0.01 * ((j + 2 * k) % 3 - 1));
  const sde = scaleMatrix(OU, (j, k) => 1 + 0.01 * ((2 * j + k) % 3 - 1));
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'sgd-sde', version: '0.1.0', node: 'v20.20.0' },
    experiment: 'stationary',
    name: 'synthetic-stationary',
    scenario: { experiment: 'stationary', seed: 7, name: 'synthetic-stationary', model: { kind: 'quadratic', dim: 3 } },
    seed: 7,
    quick: true,
    noiseScale: { g: 0.5, gPaper: 0.5, gApprox: 0.55 },
    predictions: [
      prediction('sgd.trace.discrete', 'tr Σ of SGD matches the discrete Lyapunov solution', 0.0756, 0.0771, 0.0009),
      prediction('sde.trace.ou', 'tr Σ of the SDE matches the OU solution', 0.07, 0.0702, 0.0007),
      prediction('sgd.trace.ou-contrast', 'SGD is distinguishable from the OU value at this ε', 0.07, 0.0771, 0.0009, 'disagree'),
      prediction('sgd.cov12.exact', 'off-diagonal Σ₁₂ of SGD (a deliberately failing row)', 0.0132, 0.0151, 0.0004),
      prediction('sgd.cov13.exact', 'off-diagonal Σ₁₃ of SGD (an inconclusive row: its error cannot tell a 10% difference)', 0.002, 0.0021, 0.0003, 'agree', relevantDifference(0.002)),
      prediction('sgd.fdr', 'fluctuation–dissipation, shown for information (an INFO row)', 0.03, 0.0301, 0.0002, 'not-judged'),
    ],
    measured: { sgd: stats(sgd, 20000, 0.1), sde: stats(sde, 20000, 0.3) },
    theory: { ou: { covariance: OU }, discrete: { covariance: discrete }, exact: { covariance: exact, source: 'least-squares' }, minimum: [1, -1, 0.5] },
    warnings: ['synthetic result for tests: the numbers are made up'],
  };
}

/**
 * A fixed synthetic `evidence` Result: 9 log-spaced λ, closed-form curves shaped like the paper's
 * (E dips below 0 for true labels, stays above for random ones; random labels memorised at small λ).
 */
export function syntheticEvidenceResult(options: { test?: boolean } = {}): Result {
  const test = options.test ?? true;
  const lambdas = Array.from({ length: 9 }, (_, k) => 10 ** (k - 4));
  const row = (lambda: number, k: number, random: boolean) => {
    const u = k - 5; // true-label optimum near λ = 10
    return {
      lambda,
      E: random ? 40 * Math.exp(-0.5 * k) + 0.5 : 2 * u * u - 20,
      trainAccuracy: random ? 1 - 0.05 * k : 0.9 - 0.005 * Math.abs(u),
      testAccuracy: test ? (random ? 0.5 + 0.01 * ((k % 3) - 1) : 0.85 - 0.01 * Math.abs(u)) : null,
      trainCrossEntropy: random ? 0.05 + 0.08 * k : 0.3 + 0.01 * u * u,
      testCrossEntropy: test ? (random ? 1.2 - 0.055 * k : 0.4 + 0.02 * u * u) : null,
      meanMargin: 1,
      // a seed range around the mean, as several seeds give (drawn as bands)
      spread: {
        E: { min: (random ? 40 * Math.exp(-0.5 * k) + 0.5 : 2 * u * u - 20) - 3, max: (random ? 40 * Math.exp(-0.5 * k) + 0.5 : 2 * u * u - 20) + 2, stdError: 1 },
        trainAccuracy: { min: (random ? 1 - 0.05 * k : 0.9 - 0.005 * Math.abs(u)) - 0.02, max: Math.min(1, (random ? 1 - 0.05 * k : 0.9 - 0.005 * Math.abs(u)) + 0.02), stdError: 0.01 },
      },
    };
  };
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'sgd-sde', version: '0.1.0', node: 'v20.20.0' },
    experiment: 'evidence',
    name: 'synthetic-evidence',
    scenario: { experiment: 'evidence', seed: 3, name: 'synthetic-evidence' },
    seed: 3,
    quick: false,
    predictions: [
      prediction('true.argmin.E.vs.test.cross.entropy', 'decades between argmin E and argmin test cross-entropy (reported)', 0, 0.1, 0.05, 'not-judged'),
      prediction('random.E.positive', 'E > 0 for random labels: the smallest seed-mean E over λ', 0, 0.5, 0.05, 'disagree', named(1, 'E = 1 nat')),
    ],
    measured: {
      data: { source: 'synthetic two-class data', trainExamples: 200, testExamples: test ? 1000 : null, features: 20, weights: 21, solver: 'dual', seeds: 3 },
      lambda: lambdas,
      true: lambdas.map((l, k) => row(l, k, false)),
      random: lambdas.map((l, k) => row(l, k, true)),
    },
    theory: { nullLogEvidence: -200 * Math.LN2 },
    warnings: test ? [] : ['no test set'],
  };
}

/**
 * A fixed synthetic `batch-size` Result on the toy potential: a base point, an ε sweep and an N
 * sweep, 5 batch sizes each, a parabola in ln B around B_opt = 8 (ε/0.1)(N/256), and the Gibbs
 * theory beside it. `network` switches to the network's shape (accuracy cells, no theory).
 */
export function syntheticBatchSizeResult(options: { network?: boolean } = {}): Result {
  const network = options.network ?? false;
  const settings = [
    { label: 'base', lr: 0.1, n: 256, momentum: 0 },
    { label: 'ε=0.05', lr: 0.05, n: 256, momentum: 0 },
    { label: 'ε=0.2', lr: 0.2, n: 256, momentum: 0 },
    { label: 'N=512', lr: 0.1, n: 512, momentum: 0 },
  ];
  const batchSizes = [2, 4, 8, 16, 32, 64];
  const points = settings.map((p, o) => {
    const bOpt = 8 * (p.lr / 0.1) * (p.n / 256) * (1 + 0.03 * (o - 1));
    const cells = batchSizes.map((b, k) => {
      const u = Math.log(b / bOpt);
      const loss = 0.2 + 0.02 * u * u + 0.002 * ((k % 3) - 1);
      const g = (p.lr * (p.n - b)) / (b * (p.n - 1)) * p.n;
      return network
        ? { batchSize: b, g, gPaper: g, mean: loss, stdError: 0.004, testAccuracy: 1 - loss, testAccuracyStdError: 0.004, trainAccuracy: 1, testLoss: loss, diverged: 0, seeds: [1 - loss] }
        : { batchSize: b, g, gPaper: g, mean: loss, stdError: 0.004, trainLoss: loss - 0.1, outside: 0, seeds: [loss] };
    });
    return { ...p, steps: 1000, cells, bOpt: { value: bOpt, lnStdError: 0.1, ci95: [bOpt * 0.82, bOpt * 1.22], bestBatchSize: 8, interior: true, method: 'parabola' }, gOpt: 3 };
  });
  const slope = (idx: number[], axis: 'lr' | 'n') => ({
    slope: axis === 'lr' ? 1.04 : 0.97,
    stdError: 0.06,
    ci95: [0.9, 1.1],
    points: idx.map((o) => settings[o].label),
    x: idx.map((o) => Math.log(axis === 'lr' ? settings[o].lr : settings[o].n)),
    lnBOpt: idx.map((o) => Math.log(points[o].bOpt.value)),
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'sgd-sde', version: '0.1.0', node: 'v20.20.0' },
    experiment: 'batch-size',
    name: network ? 'synthetic-batch-size-network' : 'synthetic-batch-size',
    scenario: { experiment: 'batch-size', seed: 5 },
    seed: 5,
    quick: true,
    predictions: [prediction('slope:lr', 'slope of ln B_opt against ln ε equals 1', 1, 1.04, 0.06, 'agree', named(0, 'B_opt does not move'))],
    measured: { objective: network ? 'test error' : 'test loss', points, slopes: { lr: slope([1, 0, 2], 'lr'), n: slope([0, 3], 'n') } },
    theory: network
      ? { paperSlope: 1, law: 'B_opt ∝ εN/(1−m), i.e. a fixed optimal noise scale g_opt' }
      : {
          paperSlope: 1,
          law: 'B_opt ∝ εN/(1−m), i.e. a fixed optimal noise scale g_opt',
          slopes: { lr: 0.98, n: 1 },
          points: settings.map((p, o) => ({
            label: p.label,
            gOpt: 3,
            bOpt: { exact: 7.5 * (p.lr / 0.1) * (p.n / 256), paper: 7.6 * (p.lr / 0.1) * (p.n / 256) },
            lrTimesCurvature: 0.05,
            curve: batchSizes.map((b) => ({ batchSize: b, g: 1, temperature: 0.1, testLoss: 0.2 + 0.02 * Math.log(b / (7.5 * (p.lr / 0.1) * (p.n / 256))) ** 2 + 0.001 * o })),
          })),
        },
    warnings: [],
  };
}
