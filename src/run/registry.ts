import type { Experiment, ExperimentEntry } from '../core/experiment.js';
import { stationaryEntry } from '../experiments/stationary/entry.js';
import { evidenceEntry } from '../experiments/evidence/entry.js';
import { batchSizeEntry } from '../experiments/batch-size/entry.js';
import { collapseEntry } from '../experiments/collapse/entry.js';
import { transientEntry } from '../experiments/transient/entry.js';
import { escapeEntry } from '../experiments/escape/entry.js';
import { gradientNoiseEntry } from '../experiments/gradient-noise/entry.js';
import { batchSizeCollapseEntry } from '../experiments/batch-size-collapse/entry.js';

/**
 * Every experiment kind, by the name scenario files use in `"experiment"`: the one list of kinds.
 * Each kind's folder exports its ExperimentEntry (experiments/<kind>/entry.ts: the experiment, its
 * result schemas, worker tasks, sharding capability and cost model, figure builder); ExperimentKind
 * is derived from this object, so the worker task registry (run/tasks.ts), the cost model (run/sweep-cells.ts, plan/),
 * the results schema (run/result-schema.ts) and the figures (plots/registry.ts) all follow it.
 * To add a kind: write experiments/<kind>/, then add ONE line here; the compiler names what is
 * missing (a part of the entry, a key that differs from the experiment's `kind`).
 */
const entries = {
  stationary: stationaryEntry,
  evidence: evidenceEntry,
  'batch-size': batchSizeEntry,
  collapse: collapseEntry,
  transient: transientEntry,
  escape: escapeEntry,
  'gradient-noise': gradientNoiseEntry,
  'batch-size-collapse': batchSizeCollapseEntry,
} satisfies Record<string, ExperimentEntry>;

export type ExperimentKind = keyof typeof entries;

/** A key that is not its experiment's `kind` (e.g. 'escape: collapseEntry') fails to compile here, naming the key. */
type MisnamedKind = { [K in ExperimentKind]: (typeof entries)[K]['experiment']['kind'] extends K ? never : K }[ExperimentKind];
const everyKeyIsItsKind: [MisnamedKind] extends [never] ? true : MisnamedKind = true;
void everyKeyIsItsKind;

export const experimentEntries: { readonly [K in ExperimentKind]: ExperimentEntry<{ experiment: K }> } = entries;

/** Each kind's result block schemas, with their precise types (run/result-schema.ts). */
export const resultBlocks = Object.fromEntries(
  Object.entries(entries).map(([kind, entry]) => [kind, entry.results]),
) as { readonly [K in ExperimentKind]: (typeof entries)[K]['results'] };

export const experiments = Object.fromEntries(
  Object.entries(experimentEntries).map(([kind, entry]) => [kind, entry.experiment]),
) as { readonly [K in ExperimentKind]: Experiment<{ experiment: K }> };

export const experimentKinds = Object.keys(experimentEntries) as ExperimentKind[];

export function isExperimentKind(kind: unknown): kind is ExperimentKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(experimentEntries, kind);
}
