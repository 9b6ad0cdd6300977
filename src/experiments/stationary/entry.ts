import type { ExperimentEntry } from '../../core/experiment.js';
import { stationary } from './experiment.js';
import type { StationaryScenario } from './schema.js';
import { stationaryBlock } from './cells.js';
import { stationaryRunEstimate } from './cost.js';
import { stationaryResultBlocks } from './result-schema.js';
import { stationaryFigures } from './figures.js';


/**
 * The registry entry of the stationary kind (run/registry.ts): its replica blocks run on the
 * worker pool, but they are pooled into one set of statistics, so the run is not a sweep of
 * independent cells and cannot be sharded; run --plan uses its whole-run estimate (cost.ts).
 */
export const stationaryEntry: ExperimentEntry<StationaryScenario, typeof stationaryResultBlocks> = {
  experiment: stationary,
  results: stationaryResultBlocks,
  tasks: { 'stationary/block': stationaryBlock },
  cellResults: {}, // not shardable: its blocks never come back from a shard file
  sharding: {
    shardable: false,
    reason: 'a stationary run is one ensemble whose replica blocks are pooled into one set of statistics, not a sweep of independent cells',
    wholeRunEstimate: stationaryRunEstimate,
  },
  figures: stationaryFigures,
};
