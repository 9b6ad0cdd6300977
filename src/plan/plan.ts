import type { LoadedScenario } from '../run/load-scenario.js';
import { sweepCells, UNSHARDABLE, type CellEstimate } from './cell-cost.js';
import * as K from './cost-coefficients.js';
import { resolveSpectrum } from '../scenario/common.js';

/** h λ_max of the stationary experiment's automatic SDE step (experiments/stationary). */
const AUTO_H_LAMBDA = 0.004;

interface StationaryShape {
  run: { replicas: number; steps: number; burnIn: number | 'auto' };
  optimizer: { lr: number; momentum?: number; batchSize?: number };
  model: { kind: string; dim?: number; spectrum?: unknown };
  dynamics: { sgd: boolean; sde: false | { substeps?: number | 'auto' } };
}

/**
 * What a scenario will cost before it runs (`sgd-sde run --plan`, and the reliability checks that
 * refuse a run which cannot finish or fit): its cells, each with an estimated CPU cost, the total
 * core-seconds, and the peak memory of one process running one cell at a time.
 *
 *   coreSeconds = Σ_cells cost                        (work, independent of the worker count)
 *   memoryBytes = baseline + max_cells bytes          (per process; w workers need ≈ w × this)
 *
 * Costs come from the measured coefficients of cost-coefficients.ts (±50% across machines). A
 * sweep (batch-size, collapse, transient; evidence by label set) lists its real cells, indexed as its experiment runs
 * them; a kind that is not a sweep of independent cells lists one cell, the whole run, with
 * `shardable: false` and the reason (its estimate is coarser: `estimated` says whether there is one).
 */
export interface PlannedCell {
  index: number;
  label: string;
  /** estimated CPU seconds on one core */
  cost: number;
}

export interface ScenarioPlan {
  kind: string;
  cells: PlannedCell[];
  /** estimated peak resident memory of one sgd-sde process (one cell at a time), bytes */
  memoryBytes: number;
  /** estimated total CPU time, core-seconds */
  coreSeconds: number;
  /** whether the cells are independent (run --shard can split them) */
  shardable: boolean;
  /** why not, when shardable is false */
  reason?: string;
  /** false when no cost model covers this kind (cost 0 is then unknown, not free) */
  estimated: boolean;
}

export function planScenario(loaded: LoadedScenario): ScenarioPlan {
  const sweep = sweepCells(loaded);
  if (sweep) return fromEstimates(loaded.kind, sweep.estimates, true);
  const whole = wholeRunEstimate(loaded);
  return {
    ...fromEstimates(loaded.kind, [{ index: 0, label: `whole ${loaded.kind} run (not a sweep of independent cells)`, seconds: whole?.seconds ?? 0, bytes: whole?.bytes ?? 0 }], false),
    reason: UNSHARDABLE[loaded.kind] ?? `${loaded.kind} is not a sweep`,
    estimated: whole !== null,
  };
}

function fromEstimates(kind: string, estimates: CellEstimate[], shardable: boolean): ScenarioPlan {
  let coreSeconds = 0;
  let peak = 0;
  for (const e of estimates) {
    coreSeconds += e.seconds;
    peak = Math.max(peak, e.bytes);
  }
  return {
    kind,
    cells: estimates.map((e) => ({ index: e.index, label: e.label, cost: e.seconds })),
    memoryBytes: K.PROCESS_BASELINE_BYTES + peak,
    coreSeconds,
    shardable,
    estimated: true,
  };
}

/** Coarse whole-run estimates of the kinds that are not sweeps; null where there is no model. */
function wholeRunEstimate(loaded: LoadedScenario): { seconds: number; bytes: number } | null {
  if (loaded.kind === 'stationary') {
    // SGD steps (B example gradients of d entries + the d² moment update) and, with the SDE, its
    // substeps (about d² each: the noise draw) over burn-in + recorded steps ('auto' burn-in taken
    // as about the recorded length); memory: the per-replica moments (d + d(d+1)/2 doubles per
    // replica and recorded dynamics, stats/replica-moments.ts), twice (a worker's block and its
    // copy in the main thread: 3000 replicas at d = 512 measured 11.9 GB), and the replica states
    const s = loaded.scenario as unknown as StationaryShape;
    const spectrum = s.model.kind === 'quadratic' && s.model.spectrum !== undefined ? s.model.spectrum : undefined;
    const d = s.model.dim ?? (Array.isArray(spectrum) ? spectrum.length : 2);
    const b = s.optimizer.batchSize ?? 1;
    const lrEff = s.optimizer.lr / (1 - (s.optimizer.momentum ?? 0));
    const lambdaMax = spectrum !== undefined ? Math.max(...resolveSpectrum(spectrum as never, d)) : 1;
    const sde = s.dynamics.sde;
    const substeps = !sde ? 0 : sde.substeps === 'auto' || sde.substeps === undefined ? Math.max(1, Math.ceil((lrEff * lambdaMax) / AUTO_H_LAMBDA)) : sde.substeps;
    const length = s.run.steps + (typeof s.run.burnIn === 'number' ? s.run.burnIn : s.run.steps);
    const perStep = (s.dynamics.sgd ? b * d + d * d : 0) + (sde ? d * d + substeps * (d * d + d) : 0);
    const recorded = (s.dynamics.sgd ? 1 : 0) + (sde ? 1 : 0);
    return {
      seconds: length * s.run.replicas * perStep * K.ENSEMBLE_SECONDS_PER_ENTRY,
      bytes: 8 * s.run.replicas * (2 * (d + (d * (d + 1)) / 2) * recorded + d * 4),
    };
  }
  return null;
}
