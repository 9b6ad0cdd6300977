import type { CellCheckpoint } from '../core/experiment.js';

/**
 * Every cell of a sweep, already computed (by the shards `merge` joins, or kept in the results.json
 * `judge` re-analyses), as a checkpoint from which nothing is left to run: the experiment's analysis
 * then runs through the ordinary runner and writes exactly what an uninterrupted run writes.
 */
export class CompleteCells implements CellCheckpoint {
  constructor(private readonly cells: ReadonlyMap<number, unknown>, private readonly source: string) {}
  load(): Map<number, unknown> {
    return new Map(this.cells);
  }
  finished(): ReadonlySet<number> {
    return new Set(this.cells.keys());
  }
  save(index: number): void {
    throw new Error(`internal: cell ${index} had to be computed, but ${this.source} should hold every cell`);
  }
}
