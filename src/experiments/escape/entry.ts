import type { ExperimentEntry } from '../../core/experiment.js';
import { untypedResultBlocks } from '../../core/result-schema.js';
import { escape, type EscapeScenario } from './index.js';
import { escapeCell } from './cell.js';
import { escapeCells } from './sweep-cost.js';

/** The registry entry of the escape kind (run/registry.ts): a sweep of one cell per (group, dynamics, ε, N, ΔV/T). */
export const escapeEntry: ExperimentEntry<EscapeScenario> = {
  experiment: escape,
  results: untypedResultBlocks,
  tasks: { 'escape/cell': escapeCell },
  sharding: { shardable: true, cells: escapeCells },
};
