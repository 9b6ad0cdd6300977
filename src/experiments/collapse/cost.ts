import type { SweepCells, CellEstimate } from '../../core/cell.js';
import type { CollapseScenario } from './schema.js';
import { collapseSweep } from './sweep.js';
import type { CollapseCellPayload } from './cells.js';
import { resolveSpectrum } from '../../scenario/common.js';
import { CELL_SETUP_SECONDS, ENSEMBLE_SECONDS_PER_ENTRY } from '../common/cost-coefficients.js';
import { effectiveLearningRate } from '../../dynamics/effective-learning-rate.js';

/**
 * The cost model of a collapse sweep (run --plan, --shard): one cell per (ε, B, N, m) as
 * collapseSweep lists them, (burn-in + recorded steps) × replicas × (B·d + d²) ensemble entries;
 * an 'auto' burn-in is taken as 10 / (ε_eff λ_min) steps.
 *
 * Costs are units of work × the measured coefficients of experiments/common/cost-coefficients.ts
 * (±50% across machines); the cells come from the experiment's own sweep (sweep.ts), so the list cannot
 * drift from what runs.
 */

export function collapseSweepCells(s: CollapseScenario, baseDir: string): SweepCells {
  const cells = collapseSweep(s, baseDir);
  const estimates = cells.map((cell, index): CellEstimate => {
    const p = cell.payload as CollapseCellPayload;
    const d = p.model.kind === 'quadratic' ? p.model.dim : (p.model.dim ?? (Array.isArray(p.model.inputSpectrum) ? p.model.inputSpectrum.length : 2));
    const n = p.model.n ?? 1000;
    const lrEff = effectiveLearningRate(p.lr, p.momentum);
    const burnInTime = p.burnIn === 'auto' ? 10 / Math.max(smallestCurvature(p.model, d), 1e-12) : p.burnIn;
    const steps = Math.min(10_000_000, Math.ceil(burnInTime / lrEff)) + Math.ceil(p.time / lrEff);
    const units = steps * p.replicas * (p.batchSize * d + d * d);
    return {
      index,
      label: `ε=${p.lr} B=${p.batchSize} N=${n} m=${p.momentum}`,
      seconds: CELL_SETUP_SECONDS + units * ENSEMBLE_SECONDS_PER_ENTRY,
      bytes: 8 * (n * d * 2 + p.replicas * d * 4 + d * d * 8),
    };
  });
  return { cells, estimates };
}

/** λ_min of the Hessian where the scenario fixes it (quadratic spectrum, linear-regression input spectrum; default 1/d). */
function smallestCurvature(model: CollapseCellPayload['model'], d: number): number {
  const spectrum = model.kind === 'quadratic' ? model.spectrum : model.inputSpectrum;
  if (spectrum === undefined) return 1 / d;
  return Math.min(...resolveSpectrum(spectrum, d));
}
