import type { LoadedScenario } from './load-scenario.js';
import type { SweepCells } from '../core/cell.js';
import { experimentEntries } from './registry.js';

export type { CellEstimate, SweepCells } from '../core/cell.js';

/**
 * The cells of a sweep scenario, in the index order its experiment hands them to runCells (the
 * index a checkpoint and a shard file key them by), each with a label and an estimated cost: CPU
 * seconds of one core and peak bytes beyond the process baseline. Each kind declares whether it is
 * a sweep and its cost model in its registry entry (experiments/<kind>/entry.ts, `sharding`); the
 * cells come from the experiment's own sweep (sweep.ts), so the list cannot drift from what runs. null for
 * a kind that is not a sweep of independent cells (its entry says why: `unshardableReason`).
 */
export function sweepCells(loaded: LoadedScenario): SweepCells | null {
  const sharding = experimentEntries[loaded.kind].sharding;
  return sharding.shardable ? sharding.cells(loaded.scenario as never, loaded.baseDir) : null;
}

/** Why a kind cannot be cut into cells, for the messages of --shard and --plan; undefined when it can. */
export function unshardableReason(loaded: LoadedScenario): string | undefined {
  const sharding = experimentEntries[loaded.kind].sharding;
  return sharding.shardable ? undefined : sharding.reason;
}

/** The coarse whole-run estimate of a kind that is not a sweep; null where it has no cost model. */
export function wholeRunEstimate(loaded: Pick<LoadedScenario, 'kind' | 'scenario' | 'baseDir'>): { seconds: number; bytes: number; basis?: string } | null {
  const sharding = experimentEntries[loaded.kind].sharding;
  return !sharding.shardable && sharding.wholeRunEstimate ? sharding.wholeRunEstimate(loaded.scenario as never, loaded.baseDir) : null;
}
