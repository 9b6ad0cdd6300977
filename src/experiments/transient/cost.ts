import type { SweepCells, CellEstimate } from '../../core/cell.js';
import type { TransientScenario } from './schema.js';
import { transientSweep } from './sweep.js';
import type { SmeLevelPayload } from './cells/sme-level.js';
import type { IntegratorPayload } from './cells/integrator.js';
import { CELL_SETUP_SECONDS } from '../common/cost-coefficients.js';
import { integrators } from '../../dynamics/integrators/registry.js';

// Measured coefficients of this cost model (how: experiments/common/cost-coefficients.ts), re-measured with `node src/bench/plan-calibrate.mjs` (CPU time of sampled quick cells, not wall time), which found the earlier values, fitted on a loaded machine's wall-clock-inflated cells, 2–2.5× too high.
/** Coupled SGD / SME-1 / SME-2 paths (transient ladder): one unit = one step of one path in one dimension. */
const SME_SECONDS_PER_PATH_STEP_DIM = 5.2e-8;

/** Integrator study (measured with Euler–Maruyama): one unit = one step of one path (all step counts and the reference). */
const INTEGRATOR_SECONDS_PER_PATH_STEP = 3.6e-8;

/**
 * The cost model of a transient run (run --plan, --shard): its cells as transientSweep lists them,
 * an SME ladder level at paths × steps × d, an integrator study at paths × Σ steps.
 *
 * Costs are units of work × the measured coefficients above and of experiments/common/cost-coefficients.ts
 * (within ×3 of measured CPU time: test/plan/plan-vs-measured.test.ts); the cells come from the experiment's own sweep (sweep.ts), so the list cannot
 * drift from what runs.
 */

export function transientSweepCells(s: TransientScenario): SweepCells {
  const cells = transientSweep(s);
  const estimates = cells.map((cell, index): CellEstimate => {
    if (cell.task === 'transient/sme-level') {
      const p = cell.payload as SmeLevelPayload;
      const steps = Math.round(p.horizon / p.lr);
      const d = p.eigenvalues.length;
      return { index, label: `SME ladder ε=${p.lr}`, seconds: CELL_SETUP_SECONDS + p.paths * steps * d * SME_SECONDS_PER_PATH_STEP_DIM, bytes: 8 * p.paths * 6 };
    }
    const p = cell.payload as IntegratorPayload;
    const finest = Math.max(...p.steps);
    const pathSteps = p.paths * (p.steps.reduce((a, b) => a + b, 0) + finest * 2);
    return { index, label: `${integrators[p.integrator].title} on ${p.problem.kind.toUpperCase()}`, seconds: CELL_SETUP_SECONDS + pathSteps * INTEGRATOR_SECONDS_PER_PATH_STEP, bytes: 8 * p.paths * (p.steps.length + 2) * 2 };
  });
  return { cells, estimates };
}
