import type { SweepCells, CellEstimate } from '../../core/cell.js';
import type { EscapeScenario } from './schema.js';
import { escapeLandscape } from './landscape.js';
import { escapeSweep, toCells } from './sweep.js';
import { CELL_SETUP_SECONDS } from '../common/cost-coefficients.js';

// Measured coefficients of this cost model (how: experiments/common/cost-coefficients.ts).
/**
 * Escape cells (one replica step, per coordinate): the landscape's gradient plus the step's
 * bookkeeping (and one normal draw for the SDE) costs ESCAPE_STEP_SECONDS, each of SGD's B example
 * offsets ESCAPE_SECONDS_PER_OFFSET; re-measured with `node src/bench/plan-calibrate.mjs` (CPU time of sampled quick cells, not wall time), which found the earlier values, fitted on a loaded machine's wall-clock-inflated cells, 2–2.5× too high. First fitted to the CPU time of the quick escape-kramers cells
 * (B = 5 … 218, SGD and SDE) on a loaded machine: recalibrate on an idle one.
 */
const ESCAPE_STEP_SECONDS = 4.3e-8;
const ESCAPE_SECONDS_PER_OFFSET = 5.9e-9;

/**
 * The cost model of an escape run (run --plan, --shard): one cell per (group, dynamics, ε, N,
 * ΔV/T) as escapeSweep lists them. A replica runs until it escapes or reaches the horizon: about
 * min(τ_exact, horizon) of SDE time, i.e. τ/ε SGD steps (each the landscape's gradient plus B
 * example offsets per coordinate) or τ/h Euler–Maruyama steps (the gradient and a normal draw).
 * The exact SDE time is the estimate also where SGD escapes faster (large ε, Hessian-aligned
 * noise): an overestimate there. Coefficients: above and in experiments/common/cost-coefficients.ts (within ×3).
 */
export function escapeSweepCells(s: EscapeScenario): SweepCells {
  const sweep = escapeSweep(s, escapeLandscape(s.landscape));
  const cells = toCells(sweep);
  const estimates = sweep.map((c, index): CellEstimate => {
    const p = c.payload;
    const d = p.variables.length;
    const time = Math.min(c.exactTime, p.horizon);
    const steps = p.dynamics === 'sgd' ? time / p.lr : time / p.sdeStep;
    const perStep = d * (ESCAPE_STEP_SECONDS + (p.dynamics === 'sgd' ? p.batchSize * ESCAPE_SECONDS_PER_OFFSET : 0));
    return {
      index,
      label: `${p.group} ${p.dynamics} ε=${p.lr} N=${p.n} B=${p.batchSize} ΔV/T=${c.targetBarrierOverT}${d === 2 ? ` ${p.noiseShape}` : ''}`,
      seconds: CELL_SETUP_SECONDS + steps * p.replicas * perStep,
      bytes: 8 * p.n * d * 2 + 8 * p.replicas * 2,
    };
  });
  return { cells, estimates };
}
