import type { ExperimentEntry } from '../../core/experiment.js';
import { transient, type TransientScenario } from './experiment.js';
import { smeLevelCell } from './cells/sme-level.js';
import { integratorCell } from './cells/integrator.js';
import { transientSweepCells } from './cost.js';
import { transientResultBlocks } from './result-schema.js';
import { transientFigures } from './figures.js';
import { integratorCellResult, smeLevelCellResult } from './cell-schema.js';

/** The registry entry of the transient kind (run/registry.ts): SME ladder levels and integrator studies as cells. */
export const transientEntry: ExperimentEntry<TransientScenario, typeof transientResultBlocks> = {
  experiment: transient,
  results: transientResultBlocks,
  tasks: { 'transient/sme-level': smeLevelCell, 'transient/integrator': integratorCell },
  cellResults: { 'transient/sme-level': smeLevelCellResult, 'transient/integrator': integratorCellResult },
  sharding: { shardable: true, cells: (s) => transientSweepCells(s) },
  figures: transientFigures,
};
