import type { Result } from '../../core/result.js';
import type { MlpCellResult } from '../../dynamics/train-mlp.js';
import type { BatchSizeScenario } from './schema.js';
import { batchSizeSweep } from './sweep.js';
import { batchSizeResultBlocks } from './result-schema.js';

/**
 * The cells of a network sweep rebuilt from a results.json written before results kept their
 * cells (`sgd-sde judge`, run/rejudge.ts), so that the paper-scale runs (Fig 4 at full setting took
 * 2.2 core-hours) are judged again without running them. What the analysis judges is recovered
 * exactly: each run's test accuracy (measured.points[].cells[].seeds, null for a diverged run).
 * What the old file kept only as a mean over the seeds is given to every seed as that mean: the
 * training accuracy, the test cross-entropy and the learning curve (so their spread over seeds is 0
 * in the re-judged file), and the final training loss, which it did not keep at all, is NaN.
 */
export const LOST = 'each run\'s test accuracy is exact; its training accuracy, test cross-entropy and learning curve are the cell\'s seed means (their spread over seeds reads 0) and its final training loss is unknown (NaN)';

export function batchSizeLegacyCells(result: Result, s: BatchSizeScenario): { cells: unknown[]; lost: string } | { problem: string } {
  if (s.model.kind !== 'mlp') return { problem: 'the toy potential runs in seconds: run it again' };
  const parsed = batchSizeResultBlocks.measured.safeParse(result.measured);
  if (!parsed.success) return { problem: `measured is not a batch-size block this version reads (${parsed.error.issues[0]?.message ?? 'invalid'})` };
  const points = parsed.data.points;
  const sweep = batchSizeSweep(s);
  if (points.length !== sweep.points.length) return { problem: `it holds ${points.length} points, the scenario's sweep has ${sweep.points.length}` };
  const cells: MlpCellResult[] = [];
  for (let i = 0; i < sweep.cells.length; i++) {
    const o = sweep.cellPoint[i];
    const k = sweep.cellBatch[i];
    const r = sweep.cellSeed[i];
    const point = points[o];
    const cell = point.cells[k];
    if (!cell || cell.batchSize !== sweep.points[o].batchSizes[k]) return { problem: `point ${point.label}: cell ${k} is B = ${cell?.batchSize}, the sweep's is B = ${sweep.points[o].batchSizes[k]}` };
    if (cell.seeds.length !== s.run.seeds) return { problem: `point ${point.label}, B = ${cell.batchSize}: ${cell.seeds.length} seeds stored, the scenario runs ${s.run.seeds}` };
    const accuracy = cell.seeds[r];
    const num = (v: number | null | undefined) => (typeof v === 'number' ? v : Number.NaN);
    cells.push({
      testAccuracy: accuracy === null ? Number.NaN : accuracy,
      diverged: accuracy === null,
      testLoss: num(cell.testLoss),
      trainAccuracy: num(cell.trainAccuracy),
      trainLoss: Number.NaN,
      ...(cell.curve ? { curve: cell.curve.map((c) => ({ step: c.step, trainLoss: num(c.trainLoss), testAccuracy: num(c.testAccuracy), testLoss: num(c.testLoss) })) } : {}),
    });
  }
  return { cells, lost: LOST };
}
