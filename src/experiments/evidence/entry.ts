import type { ExperimentEntry } from '../../core/experiment.js';
import { untypedResultBlocks } from '../../core/result-schema.js';
import { evidence, EVIDENCE_TASK, type EvidenceScenario } from './index.js';
import { evidenceReplicate } from './replicate.js';
import { evidenceSweepCells } from './sweep-cost.js';

/** The registry entry of the evidence kind (run/registry.ts): a sweep of one cell per (seed replicate, label set). */
export const evidenceEntry: ExperimentEntry<EvidenceScenario> = {
  experiment: evidence,
  results: untypedResultBlocks,
  tasks: { [EVIDENCE_TASK]: evidenceReplicate },
  sharding: { shardable: true, cells: evidenceSweepCells },
};
