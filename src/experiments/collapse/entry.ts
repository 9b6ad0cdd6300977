import type { ExperimentEntry } from '../../core/experiment.js';
import { untypedResultBlocks } from '../../core/result-schema.js';
import { collapse, type CollapseScenario } from './index.js';
import { collapseCell } from './cell.js';
import { collapseCells } from './sweep-cost.js';

/** The registry entry of the collapse kind (run/registry.ts): a sweep of one cell per (ε, B, N, m). */
export const collapseEntry: ExperimentEntry<CollapseScenario> = {
  experiment: collapse,
  results: untypedResultBlocks,
  tasks: { 'collapse/cell': collapseCell },
  sharding: { shardable: true, cells: collapseCells },
};
