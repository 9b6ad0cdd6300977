import { resolve } from 'node:path';
import { readBoundedFile } from '../../io/safe-path.js';

/**
 * The fits are local-linear curves over the pooled cells, O(cells²) each: CPU seconds
 * FIXED_SECONDS + SECONDS_PER_CELL_PAIR · cells², measured in-process (process.cpuUsage, first run
 * in the process) on the shipped paper-network-collapse: 85 cells from five sources took 0.18 s,
 * 162 cells from six (the N sweep added) 0.49 s.
 */
const FIXED_SECONDS = 0.06;
const SECONDS_PER_CELL_PAIR = 1.6e-5;

/** The cells of a batch-size results.json (measured.points[].cells[]); 0 when it cannot be read (validate says why). */
function cellsOf(path: string): { cells: number; bytes: number } {
  try {
    const text = readBoundedFile(path, 'sources', 'results file');
    const points = (JSON.parse(text) as { measured?: { points?: { cells?: unknown[] }[] } }).measured?.points ?? [];
    return { cells: points.reduce((t, p) => t + (Array.isArray(p.cells) ? p.cells.length : 0), 0), bytes: text.length };
  } catch {
    return { cells: 0, bytes: 0 };
  }
}

/**
 * The whole-run cost of a batch-size-collapse scenario (run --plan): it trains nothing. It reads the
 * sources as the run will (their cells, full batches included: an upper bound) and charges the fits
 * over the pooled cells; reading and validating the files is small beside them.
 * Memory: the parsed results and the cells.
 */
export function batchSizeCollapseRunEstimate(scenario: unknown, baseDir = '.'): { seconds: number; bytes: number; basis: string } {
  const sources = ((scenario as { sources?: unknown[] }).sources ?? []).filter((s): s is string => typeof s === 'string');
  let cells = 0;
  let bytes = 0;
  for (const source of sources) {
    const read = cellsOf(resolve(baseDir, source));
    cells += read.cells;
    bytes += read.bytes;
  }
  return {
    seconds: FIXED_SECONDS + SECONDS_PER_CELL_PAIR * cells * cells,
    bytes: 64 * 1024 * 1024 + 20 * bytes,
    basis: `${cells} cells in ${sources.length} source results.json (${(bytes / 1e3).toFixed(0)} kB)`,
  };
}
