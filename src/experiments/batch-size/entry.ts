import type { ExperimentEntry } from '../../core/experiment.js';
import { batchSize, type BatchSizeScenario } from './experiment.js';
import { mlpCell, potentialCell } from './cells.js';
import { batchSizeSweepCells } from './cost.js';
import { batchSizeResultBlocks } from './result-schema.js';
import { batchSizeFigures } from './figures.js';
import { mlpCellResult, potentialCellResult } from './cell-schema.js';
import { batchSizeLegacyCells } from './legacy-cells.js';

/** The registry entry of the batch-size kind (run/registry.ts): a sweep of one cell per (point, B, seed). */
export const batchSizeEntry: ExperimentEntry<BatchSizeScenario, typeof batchSizeResultBlocks> = {
  experiment: batchSize,
  results: batchSizeResultBlocks,
  tasks: { 'batch-size/potential': potentialCell, 'batch-size/mlp': mlpCell },
  cellResults: { 'batch-size/potential': potentialCellResult, 'batch-size/mlp': mlpCellResult },
  sharding: { shardable: true, cells: (s) => batchSizeSweepCells(s) },
  figures: batchSizeFigures,
  legacyCells: batchSizeLegacyCells,
};
