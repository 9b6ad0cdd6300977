import { createHash } from 'node:crypto';
import type { LoadedScenario } from './load-scenario.js';
import type { ResultCells } from '../core/result.js';
import { canonicalJson, decode, encode, isCellResult } from '../io/checkpoint.js';

/**
 * The cells block of results.json: the results of a run's resumable sweep, encoded as checkpoint
 * and shard files encode them (NaN, ±Infinity, −0 and typed arrays survive a JSON round trip), so
 * that `sgd-sde judge` can run the analysis again on exactly what the run measured. The hash ties
 * them to the normalised scenario they were computed for: a results.json whose scenario was edited
 * by hand no longer matches its cells.
 */
export function recordCells(loaded: Pick<LoadedScenario, 'kind' | 'scenario' | 'quick'>, results: readonly unknown[], reconstructed?: string): ResultCells {
  return {
    scenarioHash: cellsScenarioHash(loaded),
    count: results.length,
    results: results.map((r) => JSON.parse(encode(r)) as unknown),
    ...(reconstructed ? { reconstructed } : {}),
  };
}

export function cellsScenarioHash(loaded: Pick<LoadedScenario, 'kind' | 'scenario' | 'quick'>): string {
  return createHash('sha256').update(canonicalJson({ experiment: loaded.kind, scenario: loaded.scenario, quick: loaded.quick })).digest('hex');
}

/** The decoded cells by index; a message when the block is damaged (a cell that is not a result object, a wrong count). */
export function readCells(block: ResultCells): { cells: Map<number, unknown> } | { problem: string } {
  if (!Array.isArray(block.results) || block.results.length !== block.count) return { problem: `cells.results holds ${Array.isArray(block.results) ? block.results.length : 'no list of'} cells, but cells.count says ${block.count}` };
  const cells = new Map<number, unknown>();
  for (const [i, raw] of block.results.entries()) {
    const cell = decode(JSON.stringify(raw));
    if (!isCellResult(cell)) return { problem: `cells.results[${i}] is not a cell result (a non-empty object)` };
    cells.set(i, cell);
  }
  return { cells };
}
