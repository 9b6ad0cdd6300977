import type { Cell } from '../../core/cell.js';
import type { EvidenceReplicatePayload } from './cells.js';
import { lambdaValues, type EvidenceScenario } from './schema.js';

export const EVIDENCE_TASK = 'evidence/replicate';

/**
 * The cells of the evidence sweep, in the index order runCells, the checkpoint and shard files use:
 * one per (seed replicate, label set), replicate-major, label sets in the scenario's order, so
 * index = replicate · labels.length + labelIndex (with one seed: one cell per label set, as before).
 * Each cell sweeps its whole λ chain (warm-started along itself), so λ is never split.
 */
export function evidenceSweep(s: EvidenceScenario, baseDir: string): Cell<EvidenceReplicatePayload>[] {
  const lambdas = lambdaValues(s.lambda);
  const cells: Cell<EvidenceReplicatePayload>[] = [];
  for (let replicate = 0; replicate < s.seeds; replicate++) {
    for (const labels of s.labels) {
      cells.push({ task: EVIDENCE_TASK, payload: { data: s.data, baseDir, seed: s.seed, replicate, labels, pixelScale: s.pixelScale, lambdas } });
    }
  }
  return cells;
}
