import { buildModel, type OnlineModelSpec } from '../../models/registry.js';
import type { OnlineLoss } from '../../models/online-loss.js';
import { nqmEnsembleSteps, type EnsembleNoiseScale, type NqmEnsembleConfig } from '../../dynamics/nqm-ensemble.js';
import { NqmMoments, type NqmProblem } from '../../theory/nqm.js';
import { firstCrossing, windowedCrossing } from '../../theory/nqm-steps.js';
import { nqmBestLr } from '../../theory/nqm-frontier.js';
import { searchLearningRate } from './lr-search.js';

/**
 * The frontier of an online model (the NQM, docs/theory.md §3 and §9), one worker cell per
 * (momentum, batch size): the closed form's best constant ε and its steps to the target
 * (theory/nqm-frontier.ts), and an ensemble of runs (dynamics/nqm-ensemble.ts) with the chosen
 * definition of steps — at the closed form's ε (`lr: 'closed-form'`), or the best of a grid
 * refined by simulation (lr-search.ts; the closed form is then evaluated at the simulation's ε).
 * Also the ensemble's noise scale B_noise = tr(HC)/E[GᵀHG]: simulated at the step where the runs'
 * mean reaches the target and at the closed form's crossing step, and exact at that step.
 * Streams: rngFor(seed, 'nqm', cell·1000 + candidate, replica).
 */
export interface OnlineFrontierPayload {
  model: OnlineModelSpec;
  modelSeed: number;
  baseDir: string;
  /** one start for every run, or per-run starts with E x_i² = variance_i */
  start: { point: number[] } | { variance: number[] };
  target: number;
  batchSize: number;
  momentum: number;
  lr: 'closed-form' | { grid: number[]; refine: number };
  definition: 'expected' | 'per-run';
  replicas: number;
  maxSteps: number;
  seed: number;
  cell: number;
}

export interface OnlineClosedForm {
  lr: number;
  effectiveLr: number;
  /** fractional steps (theory/nqm-steps.ts) and the first integer step */
  steps: number;
  firstStep: number;
  /** the exact E L_t read as the simulation reads its mean loss (windowedCrossing): what the simulation is compared with */
  windowedSteps: number;
  /** golden-section bracket in ln ε (null when evaluated at the simulation's ε) */
  resolution: number | null;
  atEdge: boolean;
  /** the ensemble's exact B_noise and B_simple at firstStep */
  bNoise: number;
  bSimple: number;
}

export interface OnlineSimulation {
  lr: number;
  effectiveLr: number;
  definition: 'expected' | 'per-run';
  replicas: number;
  reached: number;
  steps: number;
  stdError: number;
  firstStep: number;
  atTarget: EnsembleNoiseScale | null;
  /** the simulated ensemble's noise scale at the closed form's first step */
  atClosedFormStep: EnsembleNoiseScale | null;
  pathMeanBNoise: number | null;
  /** the simulation's search, when it chose ε (lr, steps, s.e., reached) */
  search: { lr: number; steps: number; stdError: number; reached: boolean }[] | null;
  resolution: number | null;
}

export interface OnlineFrontierCellResult {
  batchSize: number;
  momentum: number;
  closedForm: OnlineClosedForm | null;
  simulation: OnlineSimulation | null;
}

const cache = new Map<string, OnlineLoss>();

function cachedModel(p: OnlineFrontierPayload): OnlineLoss {
  const key = JSON.stringify([p.model, p.modelSeed, p.baseDir]);
  let model = cache.get(key);
  if (!model) {
    if (cache.size > 8) cache.clear();
    model = buildModel(p.model, { seed: p.modelSeed, baseDir: p.baseDir });
    cache.set(key, model);
  }
  return model;
}

/** The closed form's problem: E x_i² at the start from the point (x_i²) or the variance. */
export function nqmProblem(model: OnlineLoss, start: OnlineFrontierPayload['start']): NqmProblem {
  const s0 = 'point' in start ? Float64Array.from(start.point, (x) => x * x) : Float64Array.from(start.variance);
  return { curvature: model.curvature, noise: model.noiseVariance, start: s0 };
}

function exactAt(model: OnlineLoss, problem: NqmProblem, lr: number, momentum: number, batchSize: number, target: number, maxSteps: number, resolution: number | null, atEdge: boolean): OnlineClosedForm | null {
  const moments = new NqmMoments(problem, { lr, momentum, batchSize });
  const r = firstCrossing(moments, target, maxSteps);
  if (!Number.isFinite(r.steps)) return null;
  const trC = model.noiseVariance.reduce((a, b) => a + b, 0);
  const trHC = model.curvature.reduce((a, h, i) => a + h * model.noiseVariance[i], 0);
  return {
    lr, effectiveLr: lr / (1 - momentum), steps: r.fractional, firstStep: r.steps, windowedSteps: windowedCrossing(moments, target, r), resolution, atEdge,
    bNoise: trHC / moments.curvatureMoment(r.steps, 3), bSimple: trC / moments.curvatureMoment(r.steps, 2),
  };
}

export function onlineFrontierCell(p: OnlineFrontierPayload): OnlineFrontierCellResult {
  const model = cachedModel(p);
  const problem = nqmProblem(model, p.start);
  const start: NqmEnsembleConfig['start'] = 'point' in p.start ? { point: Float64Array.from(p.start.point) } : { variance: Float64Array.from(p.start.variance) };
  const run = (lr: number, candidate: number, stopAfter: number | undefined, probeStep: number | undefined) => nqmEnsembleSteps(model, {
    lr, momentum: p.momentum, batchSize: p.batchSize, replicas: p.replicas, maxSteps: p.maxSteps, target: p.target, start,
    definition: p.definition, seed: p.seed, cell: p.cell * 1000 + candidate, stopAfter, probeStep,
  });
  const simulation = (sim: ReturnType<typeof run>, lr: number, search: OnlineSimulation['search'], resolution: number | null): OnlineSimulation => ({
    lr, effectiveLr: lr / (1 - p.momentum), definition: p.definition, replicas: sim.replicas, reached: sim.reached,
    steps: sim.fractional, stdError: sim.stdError, firstStep: sim.steps, atTarget: sim.atTarget, atClosedFormStep: sim.atProbe,
    pathMeanBNoise: sim.pathMeanBNoise, search, resolution,
  });
  if (p.lr === 'closed-form') {
    const best = nqmBestLr(problem, p.batchSize, p.momentum, p.target, { maxSteps: p.maxSteps });
    if (!best) return { batchSize: p.batchSize, momentum: p.momentum, closedForm: null, simulation: null };
    const closedForm = exactAt(model, problem, best.lr, p.momentum, p.batchSize, p.target, p.maxSteps, best.resolution, best.atEdge);
    const sim = run(best.lr, 0, undefined, closedForm?.firstStep);
    return { batchSize: p.batchSize, momentum: p.momentum, closedForm, simulation: simulation(sim, best.lr, null, null) };
  }
  let index = 0;
  const found = searchLearningRate(p.lr.grid, p.lr.refine, (lr, stopAfter) => {
    const r = run(lr, index++, stopAfter, undefined);
    return { lr, steps: r.fractional, stdError: r.stdError, reached: r.reached === p.replicas, result: r };
  });
  if (!found.best) return { batchSize: p.batchSize, momentum: p.momentum, closedForm: null, simulation: null };
  const bestLr = found.best.lr;
  const closedForm = exactAt(model, problem, bestLr, p.momentum, p.batchSize, p.target, p.maxSteps, null, false);
  // the winner once more, with the closed form's step probed (same stream as its search run: same runs)
  const winner = found.candidates.indexOf(found.best);
  const sim = run(bestLr, winner, undefined, closedForm?.firstStep);
  const search = found.candidates.map((c) => ({ lr: c.lr, steps: c.steps, stdError: c.stdError, reached: c.reached }));
  return { batchSize: p.batchSize, momentum: p.momentum, closedForm, simulation: { ...simulation(sim, bestLr, search, found.resolution), atTarget: sim.atTarget } };
}
