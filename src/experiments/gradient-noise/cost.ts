import type { SweepCells, CellEstimate } from '../../core/cell.js';
import type { GradientNoiseScenario } from './schema.js';
import { frontierSweep } from './sweep.js';
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
  const loss = buildModel(s.model, { seed: s.seed, baseDir }) as Loss & Partial<HasMinimum>;
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
