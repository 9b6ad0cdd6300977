import type { ExperimentEntry } from '../../core/experiment.js';
import { evidence } from './experiment.js';
import type { EvidenceScenario } from './schema.js';
import { EVIDENCE_TASK } from './sweep.js';
import { evidenceReplicate } from './cells.js';
import { evidenceSweepCells } from './cost.js';
import { evidenceResultBlocks } from './result-schema.js';
import { evidenceFigures } from './figures.js';
import { evidenceCellResult } from './cell-schema.js';

/** The registry entry of the evidence kind (run/registry.ts): a sweep of one cell per (seed replicate, label set). */
export const evidenceEntry: ExperimentEntry<EvidenceScenario, typeof evidenceResultBlocks> = {
  experiment: evidence,
  results: evidenceResultBlocks,
  tasks: { [EVIDENCE_TASK]: evidenceReplicate },
  cellResults: { [EVIDENCE_TASK]: evidenceCellResult },
  sharding: { shardable: true, cells: evidenceSweepCells },
  figures: evidenceFigures,
};
