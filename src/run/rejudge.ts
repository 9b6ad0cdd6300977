import type { Result } from '../core/result.js';
import { InputError } from '../errors.js';
import { parseScenario, type LoadedScenario } from './load-scenario.js';
import { runScenario, type RunOptions } from './runner.js';
import { experimentEntries, isExperimentKind } from './registry.js';
import { cellsScenarioHash, readCells } from './result-cells.js';
import { CompleteCells } from './complete-cells.js';
import { cellResultProblem } from '../core/cell-result.js';

/**
 * `sgd-sde judge`: the analysis of a finished run, done again by the current code on what the run
 * measured, so that a new judging layer reaches results that took hours to compute in seconds.
 * The result's own normalised scenario and seed are loaded (as `merge` loads a shard's), and its
 * sweep cells, kept in results.json (`cells`), are handed to the runner as a complete checkpoint:
 * nothing is simulated again and the output is byte-identical to a fresh run of the same code.
 * - A results.json written before results kept their cells: the kind rebuilds them from what the
 *   result stored (ExperimentEntry.legacyCells) and the re-judged file says what was lost; a kind
 *   that cannot is run again.
 * - A kind without a resumable sweep (stationary), and any work a kind does outside its cells
 *   (the gradient-noise trajectory), is computed again: deterministic, so the same numbers.
 */
export interface Rejudged {
  result: Result;
  /** how the cells were obtained: 'kept', 'rebuilt' (from an older file), or 'rerun' */
  cells: 'kept' | 'rebuilt' | 'rerun';
  /** what could not be recovered, for rebuilt cells */
  lost?: string;
}

export async function rejudge(old: Result, options: Omit<RunOptions, 'checkpoint'> & { baseDir: string; source: string }): Promise<Rejudged> {
  if (!isExperimentKind(old.experiment)) throw new InputError([{ path: 'experiment', message: `unknown experiment kind in ${options.source}`, value: old.experiment }], options.source);
  const entry = experimentEntries[old.experiment];
  const loaded: LoadedScenario = { ...parseScenario(old.scenario, { baseDir: options.baseDir, source: options.source, quick: false }), quick: old.quick };
  let cells: Map<number, unknown> | undefined;
  let how: Rejudged['cells'] = 'rerun';
  let lost: string | undefined;
  if (old.cells) {
    // the hash of the scenario as stored: an edit by hand breaks the tie between scenario and cells
    if (old.cells.scenarioHash !== cellsScenarioHash({ kind: old.experiment, scenario: old.scenario as LoadedScenario['scenario'], quick: old.quick })) {
      throw new InputError([{ path: 'scenario', message: 'was changed after the run: its cells belong to another scenario. judge re-analyses the run that was made; to change the scenario, run it again' }], options.source);
    }
    const read = readCells(old.cells);
    if ('problem' in read) throw new InputError([{ path: 'cells', message: read.problem }], options.source);
    cells = read.cells;
    how = 'kept';
    lost = old.cells.reconstructed;
  } else if (entry.legacyCells) {
    const rebuilt = entry.legacyCells(old, loaded.scenario as never);
    if ('problem' in rebuilt) throw new InputError([{ path: 'cells', message: `absent (written before results kept their cells), and cannot be rebuilt: ${rebuilt.problem}` }], options.source);
    cells = new Map(rebuilt.cells.map((c, i) => [i, c]));
    how = 'rebuilt';
    lost = rebuilt.lost;
  }
  if (cells && entry.sharding.shardable) {
    // a results.json is untrusted input, as a shard file is: every cell must be a result of its planned cell
    const planned = entry.sharding.cells(loaded.scenario as never, options.baseDir).cells;
    if (planned.length !== cells.size) throw new InputError([{ path: 'cells', message: `holds ${cells.size} cells, but the scenario's sweep has ${planned.length}` }], options.source);
    const problems = planned.flatMap((cell, i) => {
      const problem = cellResultProblem(entry.cellResults, cell, cells!.get(i));
      return problem ? [{ path: `cells.results[${i}]`, message: `(${cell.task}) ${problem}` }] : [];
    });
    if (problems.length > 0) throw new InputError(problems.slice(0, 10), options.source);
  }
  const result = await runScenario(loaded, { ...options, ...(cells ? { workers: 1, checkpoint: new CompleteCells(cells, options.source) } : {}) });
  if (lost && result.cells) {
    result.cells = { ...result.cells, reconstructed: lost };
    result.warnings = [...result.warnings, `cells rebuilt from a results.json that predates stored cells: ${lost}`];
  }
  return { result, cells: how, ...(lost ? { lost } : {}) };
}
