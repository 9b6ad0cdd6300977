import type { Cell } from '../../core/cell.js';
import type { CollapseCellPayload } from './cells.js';
import { gridN, type CollapseScenario } from './schema.js';

const TASK = 'collapse/cell';

/** The cells of a collapse sweep, one per (N, m, ε, B), in the order runCells, checkpoints and shards index them. */
export function collapseSweep(s: CollapseScenario, baseDir: string): Cell<CollapseCellPayload>[] {
  const cells: Cell<CollapseCellPayload>[] = [];
  // with CSV data the file fixes N (no grid.n, no model.n): one pass over the other axes, not zero cells
  const ns = s.grid.n ? gridN(s) : [s.model.n ?? Number.NaN];
  for (const n of ns)
    for (const momentum of s.grid.momentum)
      for (const lr of s.grid.lr)
        for (const batchSize of s.grid.batchSize) {
          const model = s.grid.n ? { ...s.model, n } : s.model;
          cells.push({
            task: TASK,
            payload: {
              model, modelSeed: s.seed, baseDir, lr, batchSize, momentum, sampler: s.sampler,
              replicas: s.run.replicas, time: s.run.time, burnIn: s.run.burnIn, thin: s.run.thin,
              seed: s.seed, cell: cells.length,
            },
          });
        }
  return cells;
}
