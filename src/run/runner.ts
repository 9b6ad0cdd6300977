import type { LoadedScenario } from './load-scenario.js';
import { experiments } from './registry.js';
import type { CellCheckpoint, ExperimentContext } from '../core/experiment.js';
import type { Cell } from '../core/cell.js';
import { SCHEMA_VERSION, type Expectation, type Result } from '../core/result.js';
import { toolVersion } from '../version.js';
import { backendLabel } from '../linalg/backend.js';
import { silentProgress, type Progress } from '../core/progress.js';
import { assertFiniteMeasurements, judgePredictions } from './prediction-guard.js';
import { recordCells } from './result-cells.js';
import { runCells } from '../workers/pool.js';
import { tasks, TASKS_MODULE } from './tasks.js';
import { sweepCells } from './sweep-cells.js';
import { readResultInputs } from './result-inputs.js';
import { InputError } from '../errors.js';

export interface RunOptions {
  workers?: number;
  progress?: Progress;
  /** called with each warning as it happens (the CLI prints them at once) */
  onWarning?: (message: string) => void;
  /** keeps finished sweep cells (see ExperimentContext.checkpoint) */
  checkpoint?: CellCheckpoint;
  /** aborts a checkpointed sweep (Ctrl-C) */
  signal?: AbortSignal;
}

/** Run one validated scenario and wrap its output in the results.json envelope. */
export async function runScenario(loaded: LoadedScenario, options: RunOptions = {}): Promise<Result> {
  const warnings: string[] = [];
  const experiment = experiments[loaded.kind];
  // read again at the start of the run: the files may have changed since validation
  const inputs = readResultInputs(experiment.resultInputs?.(loaded.scenario as never) ?? [], loaded.baseDir);
  if (inputs.problems.length > 0) throw new InputError(inputs.problems, `scenario ${loaded.name}`);
  // the results of the run's resumable sweep (one per run), kept in results.json for `sgd-sde judge`
  let sweep: unknown[] | undefined;
  const ctx: ExperimentContext = {
    seed: loaded.scenario.seed,
    quick: loaded.quick,
    workers: options.workers ?? 1,
    baseDir: loaded.baseDir,
    progress: options.progress ?? silentProgress(),
    inputs: inputs.results,
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    warn(message) {
      warnings.push(message);
      options.onWarning?.(message);
    },
    async runCells<R>(cells: readonly Cell[], label: string, cellOptions: { resumable?: boolean } = {}): Promise<R[]> {
      if (cellOptions.resumable && sweep) throw new Error('internal: a run makes at most one resumable sweep (one index space for its checkpoint)');
      const results = await runCells<R>(cells, {
        workers: ctx.workers,
        registry: tasks,
        registryModule: TASKS_MODULE,
        progress: ctx.progress,
        label,
        weights: cellWeights(loaded, cells),
        ...(cellOptions.resumable
          ? {
              // finished cells survive Ctrl-C; --resume continues from them (io/checkpoint.ts)
              completed: ctx.checkpoint?.load() as Map<number, R> | undefined,
              onCellDone: (index: number, result: R) => ctx.checkpoint?.save(index, result),
              signal: ctx.signal,
            }
          : {}),
      });
      if (cellOptions.resumable) sweep = results;
      return results;
    },
  };
  const output = await experiment.run(loaded.scenario as never, ctx);
  const declared = (loaded.scenario as { expect?: Record<string, Expectation> }).expect ?? {};
  for (const id of Object.keys(declared)) {
    if (!output.predictions.some((p) => p.id === id)) ctx.warn(`expect.${id}: no prediction with this id was made (ids: ${output.predictions.map((p) => p.id).join(', ')})`);
  }
  assertFiniteMeasurements(output.predictions); // exit 3 with the cause, rather than NaN in results.json
  output.predictions = judgePredictions(output.predictions, declared, ctx.warn);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'sgd-sde', version: toolVersion, node: process.version, backend: backendLabel() },
    experiment: loaded.kind,
    name: loaded.name,
    scenario: loaded.scenario,
    seed: loaded.scenario.seed,
    quick: loaded.quick,
    ...(output.noiseScale ? { noiseScale: output.noiseScale } : {}),
    predictions: output.predictions,
    measured: output.measured,
    theory: output.theory,
    warnings: [...warnings, ...(output.warnings ?? [])],
    ...(sweep ? { cells: recordCells(loaded, sweep) } : {}),
  };
}

/**
 * The cost model's estimate of each cell (run/sweep-cells.ts), so that progress weighs a finished
 * cell by its cost: the last cells of a batch-size sweep (B = 1000) cost 100× the first. Only when
 * the sweep's costed cells are the ones being run (same count and tasks); otherwise the ETA counts cells.
 */
function cellWeights(loaded: LoadedScenario, cells: readonly Cell[]): number[] | undefined {
  let estimated: ReturnType<typeof sweepCells>;
  try {
    estimated = sweepCells(loaded);
  } catch {
    return undefined; // progress must never fail a run
  }
  if (!estimated || estimated.cells.length !== cells.length || estimated.cells.some((c, i) => c.task !== cells[i].task)) return undefined;
  return estimated.estimates.map((e) => e.seconds);
}
