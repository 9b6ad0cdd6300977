import type { ExperimentEntry } from '../../core/experiment.js';
import { escape, type EscapeScenario } from './experiment.js';
import { escapeCell } from './cells.js';
import { escapeSweepCells } from './cost.js';
import { escapeResultBlocks } from './result-schema.js';
import { escapeFigures } from './figures.js';
import { escapeCellResult } from './cell-schema.js';

/** The registry entry of the escape kind (run/registry.ts): a sweep of one cell per (group, dynamics, ε, N, ΔV/T). */
export const escapeEntry: ExperimentEntry<EscapeScenario, typeof escapeResultBlocks> = {
  experiment: escape,
  results: escapeResultBlocks,
  tasks: { 'escape/cell': escapeCell },
  cellResults: { 'escape/cell': escapeCellResult },
  sharding: { shardable: true, cells: escapeSweepCells },
  figures: escapeFigures,
};
