import type { ExperimentEntry } from '../../core/experiment.js';
import { gradientNoise, type GradientNoiseScenario } from './experiment.js';
import { frontierCell } from './cells.js';
import { onlineFrontierCell } from './online-cells.js';
import { gradientNoiseSweepCells } from './cost.js';
import { gradientNoiseResultBlocks } from './result-schema.js';
import { gradientNoiseFigures } from './figures.js';
import { frontierCellResult, onlineFrontierCellResult } from './cell-schema.js';

/** The registry entry of the gradient-noise kind (run/registry.ts): its frontier is a sweep of one cell per (momentum, batch size), for finite-data and online models. */
export const gradientNoiseEntry: ExperimentEntry<GradientNoiseScenario, typeof gradientNoiseResultBlocks> = {
  experiment: gradientNoise,
  results: gradientNoiseResultBlocks,
  tasks: { 'gradient-noise/frontier': frontierCell, 'gradient-noise/online-frontier': onlineFrontierCell },
  cellResults: { 'gradient-noise/frontier': frontierCellResult, 'gradient-noise/online-frontier': onlineFrontierCellResult },
  sharding: { shardable: true, cells: gradientNoiseSweepCells },
  figures: gradientNoiseFigures,
};
