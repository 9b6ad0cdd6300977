import { PotentialLoss, type PotentialSpec } from '../../models/potential.js';
import { whiten } from '../../linalg/whiten.js';
import { rngFor } from '../../rng/streams.js';
import { sgdFirstPassage, sdeFirstPassage, type FirstPassageTarget } from '../../dynamics/first-passage.js';
import { exponentialEscape, kaplanMeier, thinCurve, type KaplanMeierCurve } from '../../stats/survival.js';
import type { Sampler } from '../../dynamics/samplers.js';

/**
 * One escape cell as a worker task: N examples of the potential model whose gradient offsets are
 * centred and whitened exactly, then scaled per coordinate to variances σ_j² (isotropic: all σ²;
 * Hessian-aligned: σ² H_jj(x*)·d/tr H for the separable 2-D landscape), and `replicas` escapes of
 * SGD or of the SDE from x* to the exit, censored at the horizon. Plain payload in, plain result
 * out; the data come from rngFor(modelSeed, 'escape-data', n), the dynamics from the cell's streams.
 */
export interface EscapeCellPayload {
  group: 'kramers' | 'validity' | 'aligned';
  dynamics: 'sgd' | 'sde';
  noiseShape: 'isotropic' | 'hessian';
  loss: string;
  variables: ['x'] | ['x', 'y'];
  domain: [number, number][];
  n: number;
  /** per-coordinate variance of the per-example gradient offsets */
  noiseVariances: number[];
  modelSeed: number;
  lr: number;
  batchSize: number;
  sampler: Sampler;
  /** c(N,B) of the sampler */
  noiseFactor: number;
  start: number[];
  exit: number;
  horizon: number;
  sdeStep: number;
  seed: number;
  cell: number;
  replicas: number;
}

export interface EscapeCellResult {
  events: number;
  censored: number;
  timeAtRisk: number;
  tau: number;
  tauStdError: number;
  logStdError: number;
  /** sample mean of the escape times of the escaped replicas (a check of exponentiality) */
  survival: KaplanMeierCurve;
  steps: number;
}

export function escapeModel(p: Pick<EscapeCellPayload, 'loss' | 'variables' | 'domain' | 'n' | 'noiseVariances' | 'modelSeed'>): PotentialLoss {
  const d = p.variables.length;
  const a = new Float64Array(p.n * d);
  rngFor(p.modelSeed, 'escape-data', p.n, d).fillNormal(a);
  whiten(a, p.n, d);
  for (let i = 0; i < p.n; i++) for (let j = 0; j < d; j++) a[i * d + j] *= Math.sqrt(p.noiseVariances[j]);
  const spec: PotentialSpec = {
    kind: 'potential', variables: p.variables, loss: p.loss, test: { shift: new Array(d).fill(0) }, domain: p.domain, n: p.n,
    noise: { variance: p.noiseVariances[0] },
  };
  return new PotentialLoss(spec, a);
}

export function escapeCell(p: EscapeCellPayload): EscapeCellResult {
  const loss = escapeModel(p);
  const d = p.variables.length;
  const [lo, hi] = p.domain[0];
  const target: FirstPassageTarget = {
    start: Float64Array.from(p.start),
    coordinate: 0,
    exit: p.exit,
    horizon: p.horizon,
    divergenceLimit: 10 * Math.max(Math.abs(lo), Math.abs(hi)),
    stabilityBound: `ε V''(x*) well below 2 (ε = ${p.lr})`,
  };
  const run = p.dynamics === 'sgd'
    ? sgdFirstPassage(loss, { lr: p.lr, batchSize: p.batchSize, sampler: p.sampler, seed: p.seed, cell: p.cell, replicas: p.replicas }, target)
    : sdeFirstPassage(loss, {
      step: p.sdeStep,
      // diffusion per unit time ε c(N,B) S, S = diag(σ_j²) exactly (whitened offsets)
      noiseFactor: Float64Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? Math.sqrt(p.lr * p.noiseFactor * p.noiseVariances[k / (d + 1)]) : 0)),
      seed: p.seed, cell: p.cell, replicas: p.replicas,
    }, target);
  const fit = exponentialEscape(run.times, run.escaped);
  return {
    events: fit.events,
    censored: fit.censored,
    timeAtRisk: fit.timeAtRisk,
    tau: fit.tau,
    tauStdError: fit.stdError,
    logStdError: fit.logStdError,
    survival: thinCurve(kaplanMeier(run.times, run.escaped), 40),
    steps: run.steps,
  };
}
