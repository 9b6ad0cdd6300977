import type { ExperimentEntry } from '../../core/experiment.js';
import { batchSizeCollapse } from './experiment.js';
import type { BatchSizeCollapseScenario } from './schema.js';
import { batchSizeCollapseResultBlocks } from './result-schema.js';
import { batchSizeCollapseFigures } from './figures.js';
import { batchSizeCollapseRunEstimate } from './cost.js';

/** The registry entry of the batch-size-collapse kind (run/registry.ts): it reads results, runs no cells. */
export const batchSizeCollapseEntry: ExperimentEntry<BatchSizeCollapseScenario, typeof batchSizeCollapseResultBlocks> = {
  experiment: batchSizeCollapse,
  results: batchSizeCollapseResultBlocks,
  tasks: {},
  cellResults: {}, // no cells: nothing comes back from a shard file
  sharding: {
    shardable: false,
    reason: 'it trains nothing: it fits curves to the cells of earlier batch-size results, in seconds',
    wholeRunEstimate: batchSizeCollapseRunEstimate,
  },
  figures: batchSizeCollapseFigures,
};
