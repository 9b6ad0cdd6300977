import { buildModel } from '../../models/registry.js';
import type { Loss } from '../../models/loss.js';
import type { Sampler } from '../../dynamics/samplers.js';
import { noiseScale } from '../../theory/noise-scale.js';
import { runSgdEnsemble } from '../../dynamics/sgd-ensemble.js';
import { EnsembleRecorder } from '../../dynamics/ensemble-recorder.js';
import { stationaryTheory } from '../common/stationary-theory.js';
import { toRows, trace } from '../../linalg/dense.js';
import type { CollapseModelSpec } from './schema.js';
import { ensembleEffectiveSamples, sgdRadii } from '../../stats/effective-samples.js';

/**
 * One cell (ε, B, N, m) of the collapse grid as a worker task: build the model at this N, run the
 * SGD ensemble to stationarity (the stationary experiment's machinery), and measure
 * N × excess loss = N·½E[(ω−ω*)ᵀH(ω−ω*)] and the covariance, with standard errors from the
 * replicas. Plain payload in, plain result out; every random number comes from
 * rngFor(seed, 'sgd', cell, replica), so any worker gives the same bytes.
 */
export interface CollapseCellPayload {
  /** the model block with this cell's N */
  model: CollapseModelSpec;
  /** seed of the data set (the scenario seed: the same for every cell, so a given N always has the same data) */
  modelSeed: number;
  baseDir: string;
  lr: number;
  batchSize: number;
  momentum: number;
  sampler: Sampler;
  replicas: number;
  /** SDE time recorded and discarded ('auto': 10/λ_min) per replica */
  time: number;
  burnIn: number | 'auto';
  thin: number;
  seed: number;
  cell: number;
}

export interface CollapseCellResult {
  lr: number;
  batchSize: number;
  n: number;
  momentum: number;
  g: number;
  gPaper: number;
  gApprox: number;
  lrEff: number;
  lrTimesLambdaMax: number;
  /** 2(1+m): at or over it SGD has no stationary distribution */
  stabilityBound: number;
  /** replicas × recorded steps / autocorrelation time of the slowest mode (stats/effective-samples.ts) */
  effectiveSamples: number;
  traceS: number;
  steps: number;
  burnInSteps: number;
  replicas: number;
  /** N·½E[eᵀHe], e = ω − ω*, and its standard error across replicas */
  excess: number;
  excessStdError: number;
  /** the collapse line g tr S / 4 (OU identity) */
  predicted: number;
  /** N·½tr(H Σ) of the exact stationary theory for this model and sampler, where one exists */
  exactExcess: number | null;
  exactSource: string | null;
  covariance: number[][];
  covarianceStdError: number[][];
  ouCovariance: number[][] | null;
  exactCovariance: number[][] | null;
}

/** The most burn-in steps a cell runs (its cost model, cost.ts, uses the same cap). */
export const BURN_IN_CAP = 10_000_000;

const modelCache = new Map<string, Loss>();

function cachedModel(spec: CollapseModelSpec, seed: number, baseDir: string): Loss {
  const key = JSON.stringify([spec, seed, baseDir]);
  let model = modelCache.get(key);
  if (!model) {
    if (modelCache.size >= 16) modelCache.clear();
    model = buildModel(spec, { seed, baseDir });
    modelCache.set(key, model);
  }
  return model;
}

/** N·½ tr(H Σ) for a symmetric Σ. */
function excessOf(h: Float64Array, sigma: Float64Array, d: number, n: number): number {
  let s = 0;
  for (let k = 0; k < d * d; k++) s += h[k] * sigma[k];
  return 0.5 * n * s;
}

export function collapseCell(p: CollapseCellPayload): CollapseCellResult {
  const loss = cachedModel(p.model, p.modelSeed, p.baseDir);
  const d = loss.dim;
  const n = loss.n;
  const opt = { lr: p.lr, momentum: p.momentum, batchSize: p.batchSize, sampler: p.sampler, weightDecay: 0 };
  const theory = stationaryTheory(loss, opt);
  const lambdaMin = theory.hessianEigenvalues[0];
  const burnInTime = p.burnIn === 'auto' ? 10 / Math.max(lambdaMin, 1e-12) : p.burnIn;
  const burnInSteps = Math.min(BURN_IN_CAP, Math.ceil(burnInTime / theory.lrEff));
  const steps = Math.ceil(p.time / theory.lrEff);
  const ns = noiseScale(p.lr, n, p.batchSize, p.momentum, p.sampler);
  const reference = theory.exact ?? theory.ou;
  const scale = reference ? trace(reference.covariance, d) : 1;
  const recorder = new EnsembleRecorder(d, p.replicas, [], 0);
  runSgdEnsemble(loss, { ...opt, seed: p.seed, cell: p.cell }, { replicas: p.replicas, burnIn: burnInSteps, steps, thin: p.thin }, recorder, {
    start: theory.minimum,
    origin: theory.minimum,
    divergenceLimit: 1e12 * (scale + 1), // the floor keeps round-off of a noiseless cell from counting
    stabilityBound: `ε λ_max = ${theory.lrTimesLambdaMax.toPrecision(4)} must be < ${theory.stabilityBound}`,
  });
  // about the minimum (not the sample mean): the collapse is a statement about E[L − L*]
  const weights = Float64Array.from(theory.hessian, (h) => (n * h) / 2);
  const excess = recorder.moments.functional(weights, false);
  const { covariance, stdError } = recorder.moments.covariance();
  return {
    lr: p.lr,
    batchSize: p.batchSize,
    n,
    momentum: p.momentum,
    g: ns.g,
    gPaper: ns.gPaper,
    gApprox: ns.gApprox,
    lrEff: theory.lrEff,
    lrTimesLambdaMax: theory.lrTimesLambdaMax,
    stabilityBound: theory.stabilityBound,
    effectiveSamples: ensembleEffectiveSamples(sgdRadii(theory.hessianEigenvalues, p.lr, p.momentum), p.replicas, steps, p.thin).total,
    traceS: theory.traceS,
    steps,
    burnInSteps,
    replicas: p.replicas,
    excess: excess.value,
    excessStdError: excess.stdError,
    predicted: (ns.g * theory.traceS) / 4,
    exactExcess: theory.exact ? excessOf(theory.hessian, theory.exact.covariance, d, n) : null,
    exactSource: theory.exact?.source ?? null,
    covariance: toRows(covariance, d, d),
    covarianceStdError: toRows(stdError, d, d),
    ouCovariance: theory.ou ? toRows(theory.ou.covariance, d, d) : null,
    exactCovariance: theory.exact ? toRows(theory.exact.covariance, d, d) : null,
  };
}
