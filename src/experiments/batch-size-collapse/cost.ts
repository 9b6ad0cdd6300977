import { resolve } from 'node:path';
import { lstatOrUndefined } from '../../io/safe-path.js';

/**
 * CPU seconds per byte of the source results: reading, validating against the batch-size schema,
 * and fitting the curves to their cells. Measured in-process (process.cpuUsage) on the shipped
 * paper-network-collapse, whose five sources hold 361 kB: 0.18 s on the first run, of which 0.03 s
 * is the fixed part below.
 */
const SECONDS_PER_SOURCE_BYTE = 4e-7;
const FIXED_SECONDS = 0.03;

/**
 * The whole-run cost of a batch-size-collapse scenario (run --plan): it trains nothing. It reads the
 * sources' sizes from disk (the data it will read), and the CPU time grows with them: parsing and
 * validating each results.json, then the backfitted local-linear fits over their cells (ten fits,
 * O(cells²) per iteration: linear in the bytes at the few hundred cells of a network sweep; a source
 * far larger would cost more than this line). A missing source costs nothing here: validate refuses it.
 * Memory: the parsed results and the cells.
 */
export function batchSizeCollapseRunEstimate(scenario: unknown, baseDir = '.'): { seconds: number; bytes: number; basis: string } {
  const sources = (scenario as { sources?: unknown[] }).sources ?? [];
  let bytes = 0;
  for (const source of sources) if (typeof source === 'string') bytes += lstatOrUndefined(resolve(baseDir, source))?.size ?? 0;
  return {
    seconds: FIXED_SECONDS + bytes * SECONDS_PER_SOURCE_BYTE,
    bytes: 64 * 1024 * 1024 + 20 * bytes,
    basis: `${sources.length} source results.json, ${(bytes / 1e3).toFixed(0)} kB in all`,
  };
}
