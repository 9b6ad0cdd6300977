import type { ExperimentEntry } from '../../core/experiment.js';
import { untypedResultBlocks } from '../../core/result-schema.js';
import { escape, type EscapeScenario } from './index.js';
import { escapeCell } from './cell.js';

/** The registry entry of the escape kind (run/registry.ts). */
export const escapeEntry: ExperimentEntry<EscapeScenario> = {
  experiment: escape,
  results: untypedResultBlocks,
  tasks: { 'escape/cell': escapeCell },
  sharding: {
    shardable: false,
    reason: 'escape cells (experiments/escape/plan.ts) have no cost model yet, and sharded results.json has not been checked byte-identical to an unsharded run: run it unsharded',
  },
};
