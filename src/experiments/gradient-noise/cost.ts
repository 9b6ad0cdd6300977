import type { SweepCells, CellEstimate } from '../../core/cell.js';
import type { GradientNoiseScenario } from './schema.js';
import { frontierSweep, onlineFrontierSweep } from './sweep.js';
import { isOnline, type OnlineLoss } from '../../models/online-loss.js';
import type { OnlineFrontierPayload } from './online-cells.js';
import { nqmProblem } from './online-cells.js';
import { nqmCriticalBatch } from '../../theory/nqm-frontier.js';
import { startingPoint } from './trajectory.js';
import { gradientDescentPath } from './path-theory.js';
import type { FrontierCellPayload } from './cells.js';
import { buildModel } from '../../models/registry.js';
import type { HasMinimum, Loss } from '../../models/loss.js';
import { CELL_SETUP_SECONDS } from '../common/cost-coefficients.js';

// Measured coefficients of this cost model (how: experiments/common/cost-coefficients.ts).
/**
 * Frontier cells of gradient-noise (one unit = one entry touched by a step: the loss N·d, the
 * minibatch B·d, and for the optimal ε the exact probe N·d² + 2N·d); re-measured with `node src/bench/plan-calibrate.mjs` (CPU time of sampled quick cells, not wall time), which found the earlier values, fitted on a loaded machine's wall-clock-inflated cells, 2–2.5× too high. First fitted to the quick
 * gradient-noise-linreg cells on a loaded machine (ratio 0.12–0.20 of the ensemble coefficient).
 */
const FRONTIER_SECONDS_PER_ENTRY = 1.3e-9;

/**
 * The cost model of a gradient-noise run (run --plan, --shard): only the frontier is cells, one
 * per batch size (frontierSweep, the list the run itself uses); the trajectory and the two-batch
 * estimates run in the merging process. No frontier: no cells. Steps per run from the theory
 * itself, S(B) ≈ S_path (1 + B̄_noise/B) over the noiseless path (capped at maxSteps; maxSteps
 * when the model has no exact noise scale), for every ε of the grid. A step costs the loss (N·d)
 * and the minibatch (B·d); the optimal ε also measures G, S and tr(HS) exactly (N·d² + 2N·d).
 * Coefficients: above and in experiments/common/cost-coefficients.ts (within ×3).
 */
export function gradientNoiseSweepCells(s: GradientNoiseScenario, baseDir: string): SweepCells {
  if (!s.frontier) return { cells: [], estimates: [] };
  const model = buildModel(s.model, { seed: s.seed, baseDir });
  if (isOnline(model)) return onlineCells(s, model, baseDir);
  const loss = model as Loss & Partial<HasMinimum>;
  const start = startingPoint(loss, s.start.scale, s.seed);
  const { cells, lrs, target } = frontierSweep(s, loss, start, baseDir);
  const path = loss.exampleGradients && loss.hessian ? gradientDescentPath(loss, start, target, lrs, s.frontier.maxSteps) : null;
  const { n, dim: d } = loss;
  const estimates = cells.map((cell, index): CellEstimate => {
    const p: FrontierCellPayload = cell.payload;
    const steps = path ? Math.min(p.maxSteps, path.steps * (1 + path.meanBNoise / p.batchSize)) : p.maxSteps;
    const perStep = n * d + p.batchSize * d + (p.lrs === 'optimal' ? n * d * d + 2 * n * d : 0);
    const lrCount = p.lrs === 'optimal' ? 1 : p.lrs.length;
    return {
      index,
      label: `frontier B=${p.batchSize}${p.lrs === 'optimal' ? ', optimal ε' : `, ${lrCount} ε`}`,
      seconds: CELL_SETUP_SECONDS + lrCount * p.replicas * steps * perStep * FRONTIER_SECONDS_PER_ENTRY,
      bytes: 8 * (n * d * 3 + d * d),
    };
  });
  return { cells, estimates };
}

/**
 * Seconds per coordinate per step of an online ensemble (a normal draw, the update, the loss):
 * measured on the NQM at d = 100, 64 runs (2.65 s for 6.3·10⁷ coordinate-steps, loaded machine).
 */
const ONLINE_SECONDS_PER_COORDINATE_STEP = 4.2e-8;
/** One closed-form evaluation per coordinate (a few exp/sin): the ε search makes ~85 searches of ~30 each. */
const CLOSED_FORM_SECONDS_PER_COORDINATE = 5e-8 * 85 * 30;

/**
 * Online frontier cells (online-cells.ts): steps per run from the closed form's asymptotes,
 * S(B) ≈ S_min + E_min/B (1.05× for the window past the crossing), times the candidates of a
 * simulated ε search (grid + 2 per refinement round, +1 rerun) or one run at the closed form's ε,
 * plus the closed-form search itself.
 */
function onlineCells(s: GradientNoiseScenario, model: OnlineLoss, baseDir: string): SweepCells {
  const start = startingPoint(model as unknown as Loss, s.start.scale, s.seed);
  const { cells, target } = onlineFrontierSweep(s, model, start, baseDir);
  const problem = nqmProblem(model, cells[0].payload.start);
  const d = model.dim;
  const asymptotes = new Map<number, { sMin: number; eMin: number } | null>();
  const estimates = cells.map((cell, index): CellEstimate => {
    const p: OnlineFrontierPayload = cell.payload;
    if (!asymptotes.has(p.momentum)) asymptotes.set(p.momentum, nqmCriticalBatch(problem, p.momentum, target, { maxSteps: Math.max(p.maxSteps, 1e6), gridPoints: 16 }));
    const a = asymptotes.get(p.momentum);
    const steps = Math.min(p.maxSteps, a ? 1.05 * (a.sMin + a.eMin / p.batchSize) : p.maxSteps);
    const runs = p.lr === 'closed-form' ? 1 : p.lr.grid.length + 2 * p.lr.refine + 1;
    return {
      index,
      label: `frontier m=${p.momentum} B=${p.batchSize}${p.lr === 'closed-form' ? ', closed-form ε' : `, ${runs} ε`}`,
      seconds: CELL_SETUP_SECONDS + runs * p.replicas * d * steps * ONLINE_SECONDS_PER_COORDINATE_STEP + d * CLOSED_FORM_SECONDS_PER_COORDINATE,
      bytes: 8 * (2 * p.replicas * d + 8 * steps + 20 * d),
    };
  });
  return { cells, estimates };
}
