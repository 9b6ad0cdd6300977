import type { ExperimentEntry } from '../../core/experiment.js';
import { collapse, type CollapseScenario } from './experiment.js';
import { collapseCell } from './cells.js';
import { collapseSweepCells } from './cost.js';
import { collapseResultBlocks } from './result-schema.js';
import { collapseFigures } from './figures.js';
import { collapseCellResult } from './cell-schema.js';

/** The registry entry of the collapse kind (run/registry.ts): a sweep of one cell per (ε, B, N, m). */
export const collapseEntry: ExperimentEntry<CollapseScenario, typeof collapseResultBlocks> = {
  experiment: collapse,
  results: collapseResultBlocks,
  tasks: { 'collapse/cell': collapseCell },
  cellResults: { 'collapse/cell': collapseCellResult },
  sharding: { shardable: true, cells: collapseSweepCells },
  figures: collapseFigures,
};
