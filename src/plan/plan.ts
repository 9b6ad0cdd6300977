import type { LoadedScenario } from '../run/load-scenario.js';
import { sweepCells, unshardableReason, wholeRunEstimate, type CellEstimate } from '../run/sweep-cells.js';
import { PROCESS_BASELINE_BYTES } from '../experiments/common/cost-coefficients.js';

/**
 * What a scenario will cost before it runs (`sgd-sde run --plan`, and the reliability checks that
 * refuse a run which cannot finish or fit): its cells, each with an estimated CPU cost, the total
 * core-seconds, and the peak memory of one process running one cell at a time.
 *
 *   coreSeconds = Σ_cells cost + once-per-process work (reading MNIST; independent of the worker count)
 *   memoryBytes = baseline + max_cells bytes          (per process; w workers need ≈ w × this)
 *
 * Costs come from the measured coefficients of experiments/common/ (within ×3 of the measured CPU time on
 * the shipped scenarios: test/plan/plan-vs-measured.test.ts) and the loaded model or data. A
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
  /** what the estimate read from the loaded model or data (N, d, curvature, the burn-in and SDE step they give), where the kind says */
  basis?: string;
}

export function planScenario(loaded: LoadedScenario): ScenarioPlan {
  const sweep = sweepCells(loaded);
  if (sweep) {
    const plan = { ...fromEstimates(loaded.kind, sweep.estimates, true), ...(sweep.basis ? { basis: sweep.basis } : {}) };
    plan.coreSeconds += sweep.overheadSeconds ?? 0;
    return plan;
  }
  const whole = wholeRunEstimate(loaded);
  return {
    ...fromEstimates(loaded.kind, [{ index: 0, label: `whole ${loaded.kind} run (not a sweep of independent cells)`, seconds: whole?.seconds ?? 0, bytes: whole?.bytes ?? 0 }], false),
    reason: unshardableReason(loaded) ?? `${loaded.kind} is not a sweep`,
    estimated: whole !== null,
    ...(whole?.basis ? { basis: whole.basis } : {}),
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
    memoryBytes: PROCESS_BASELINE_BYTES + peak,
    coreSeconds,
    shardable,
    estimated: true,
  };
}
