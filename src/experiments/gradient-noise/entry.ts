import type { ExperimentEntry } from '../../core/experiment.js';
import { gradientNoise, type GradientNoiseScenario } from './experiment.js';
import { frontierCell } from './cells.js';
import { gradientNoiseSweepCells } from './cost.js';
import { gradientNoiseResultBlocks } from './result-schema.js';
import { gradientNoiseFigures } from './figures.js';
import { frontierCellResult } from './cell-schema.js';

/** The registry entry of the gradient-noise kind (run/registry.ts): its frontier is a sweep of one cell per batch size. */
export const gradientNoiseEntry: ExperimentEntry<GradientNoiseScenario, typeof gradientNoiseResultBlocks> = {
  experiment: gradientNoise,
  results: gradientNoiseResultBlocks,
  tasks: { 'gradient-noise/frontier': frontierCell },
  cellResults: { 'gradient-noise/frontier': frontierCellResult },
  sharding: { shardable: true, cells: gradientNoiseSweepCells },
  figures: gradientNoiseFigures,
};
