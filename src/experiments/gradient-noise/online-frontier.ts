import type { OnlineLoss } from '../../models/online-loss.js';
import { NqmMoments, type NqmProblem } from '../../theory/nqm.js';
import { nqmCriticalBatch, hyperbolaGap } from '../../theory/nqm-frontier.js';
import { fitFrontier, type FrontierFit } from './analysis.js';
import type { OnlineFrontierCellResult } from './online-cells.js';

/**
 * The frontier of an online model assembled from its cells (online-cells.ts), per momentum m
 * (docs/theory.md §3 NQM, §9):
 * - the closed form's asymptotes S_min (noiseless, best ε), E_min (the small-batch limit) and
 *   B_crit = E_min/S_min, and the knee where S = 2·S_min (theory/nqm-frontier.ts);
 * - the hyperbola's gap S(B)/(S_min + E_min/B) − 1 of the exact curve at every B of the grid;
 * - the weighted fit S = S_min + E_min/B (analysis.ts) of the simulated points, and the same fit
 *   (same batch sizes, same weights) of the closed form's points: their B_crit are the like-for-like
 *   pair the simulation is judged by;
 * - McCandlish's path prediction: B_noise averaged over the noiseless path (best noiseless ε) to
 *   the target. With additive noise it is dominated by the end of the path, where the gradient
 *   vanishes and tr(HC) stays: it says nothing about B_crit there (reported, not judged).
 */
export interface OnlineMomentumFrontier {
  momentum: number;
  cells: OnlineFrontierCellResult[];
  closedForm: {
    sMin: number;
    lrMin: number;
    eMin: number;
    kappaMin: number;
    bCrit: number;
    bKnee: number | null;
    fit: FrontierFit | null;
    gaps: { batchSize: number; gap: number }[];
    pathMeanBNoise: number;
  } | null;
  simulation: { fit: FrontierFit | null };
}

/** B_noise averaged over the first `steps` steps of noiseless descent (B = ∞) at ε. */
export function noiselessPathBNoise(model: OnlineLoss, problem: NqmProblem, lr: number, momentum: number, steps: number): number {
  const moments = new NqmMoments(problem, { lr, momentum, batchSize: Infinity });
  const trHC = model.curvature.reduce((a, h, i) => a + h * model.noiseVariance[i], 0);
  let s = 0;
  const n = Math.max(1, Math.ceil(steps));
  for (let t = 0; t < n; t++) s += trHC / moments.curvatureMoment(t, 3);
  return s / n;
}

const usable = (points: { batchSize: number; steps: number; stepsStdError: number }[]) => points.filter((p) => Number.isFinite(p.steps) && p.stepsStdError > 0);

export function assembleOnlineFrontier(model: OnlineLoss, problem: NqmProblem, target: number, momenta: number[], cells: OnlineFrontierCellResult[], opts: { maxSteps: number; knee: boolean }): OnlineMomentumFrontier[] {
  return momenta.map((momentum) => {
    const mine = cells.filter((c) => c.momentum === momentum);
    const simPoints = usable(mine.map((c) => ({ batchSize: c.batchSize, steps: c.simulation?.steps ?? NaN, stepsStdError: c.simulation?.stdError ?? NaN })));
    const simFit = simPoints.length >= 3 ? fitFrontier(simPoints) : null;
    const critical = nqmCriticalBatch(problem, momentum, target, { maxSteps: Math.max(opts.maxSteps, 1e6), knee: opts.knee, kneeTolerance: 1e-6 });
    if (!critical) return { momentum, cells: mine, closedForm: null, simulation: { fit: simFit } };
    // the closed form's points with the simulation's standard errors as weights: a like-for-like fit
    const cfPoints = usable(mine.map((c) => ({ batchSize: c.batchSize, steps: c.closedForm?.windowedSteps ?? NaN, stepsStdError: c.simulation?.stdError ?? NaN })));
    const gaps = mine.filter((c) => c.closedForm).map((c) => ({ batchSize: c.batchSize, gap: hyperbolaGap(c.closedForm!.steps, c.batchSize, critical.sMin, critical.eMin) }));
    return {
      momentum,
      cells: mine,
      closedForm: {
        ...critical,
        fit: cfPoints.length >= 3 ? fitFrontier(cfPoints) : null,
        gaps,
        pathMeanBNoise: noiselessPathBNoise(model, problem, critical.lrMin, momentum, critical.sMin),
      },
      simulation: { fit: simFit },
    };
  });
}
