import type { SweepCells, CellEstimate } from '../../core/cell.js';
import { planTransient, type TransientScenario } from './index.js';
import type { SmeLevelPayload } from './sme.js';
import type { IntegratorPayload } from './integrators.js';
import * as K from '../common/cost-coefficients.js';

/**
 * The cost model of a transient run (run --plan, --shard): its cells as planTransient lists them,
 * an SME ladder level at paths × steps × d, an integrator study at paths × Σ steps.
 *
 * Costs are units of work × the measured coefficients of experiments/common/cost-coefficients.ts
 * (±50% across machines); the cells come from the experiment's own planner, so the list cannot
 * drift from what runs.
 */

export function transientCells(s: TransientScenario): SweepCells {
  const cells = planTransient(s);
  const estimates = cells.map((cell, index): CellEstimate => {
    if (cell.task === 'transient/sme-level') {
      const p = cell.payload as SmeLevelPayload;
      const steps = Math.round(p.horizon / p.lr);
      const d = p.eigenvalues.length;
      return { index, label: `SME ladder ε=${p.lr}`, seconds: K.CELL_SETUP_SECONDS + p.paths * steps * d * K.SME_SECONDS_PER_PATH_STEP_DIM, bytes: 8 * p.paths * 6 };
    }
    const p = cell.payload as IntegratorPayload;
    const finest = Math.max(...p.steps);
    const pathSteps = p.paths * (p.steps.reduce((a, b) => a + b, 0) + finest * 2);
    return { index, label: `Euler–Maruyama on ${p.problem.kind.toUpperCase()}`, seconds: K.CELL_SETUP_SECONDS + pathSteps * K.INTEGRATOR_SECONDS_PER_PATH_STEP, bytes: 8 * p.paths * (p.steps.length + 2) * 2 };
  });
  return { cells, estimates };
}
