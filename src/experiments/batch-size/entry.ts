import type { ExperimentEntry } from '../../core/experiment.js';
import { batchSize, type BatchSizeScenario } from './experiment.js';
import { mlpCell, potentialCell } from './cells.js';
import { batchSizeSweepCells } from './cost.js';
import { batchSizeResultBlocks } from './result-schema.js';
import { batchSizeFigures } from './figures.js';

/** The registry entry of the batch-size kind (run/registry.ts): a sweep of one cell per (point, B, seed). */
export const batchSizeEntry: ExperimentEntry<BatchSizeScenario, typeof batchSizeResultBlocks> = {
  experiment: batchSize,
  results: batchSizeResultBlocks,
  tasks: { 'batch-size/potential': potentialCell, 'batch-size/mlp': mlpCell },
  sharding: { shardable: true, cells: (s) => batchSizeSweepCells(s) },
  figures: batchSizeFigures,
};
