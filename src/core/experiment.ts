import type { z } from 'zod';
import type { ExperimentOutput } from './result.js';
import type { Progress } from './progress.js';
import type { Cell, SweepCells, TaskRegistry } from './cell.js';
import type { ResultBlocks } from './result-schema.js';
import type { Result } from './result.js';
import type { Figure } from './figure.js';
import type { CellResultSchema } from './cell-result.js';

/** What the runner hands an experiment besides its scenario. */
export interface ExperimentContext {
  seed: number;
  /** --quick was given (the scenario's `quick` overrides are already applied) */
  quick: boolean;
  /** worker threads available for independent cells (results must not depend on it) */
  workers: number;
  /** directory the scenario file lives in: relative data paths resolve against it */
  baseDir: string;
  progress: Progress;
  /** a message for the user before or during the run (also stored in results.json) */
  warn(message: string): void;
  /**
   * Run independent cells on the worker pool (the runner knows the task registry, run/tasks.ts, so
   * no experiment imports it); results come back in cell order, identical for any worker count.
   * `label` names the progress bar. `resumable`: finished cells are saved to `checkpoint` and
   * restored from it, and `signal` stops the sweep (one index space per run).
   */
  runCells<R>(cells: readonly Cell[], label: string, options?: { resumable?: boolean }): Promise<R[]>;
  /**
   * Finished sweep cells, for runs that can be interrupted and resumed (absent: no checkpointing).
   * runCells(…, { resumable: true }) passes `load()` to the pool as `completed` and `save` as
   * `onCellDone`; one index space per run (a second sweep in the same run offsets its indices).
   */
  checkpoint?: CellCheckpoint;
  /** aborted when the user interrupts (Ctrl-C) a checkpointed sweep; runCells(…, { resumable: true }) passes it on */
  signal?: AbortSignal;
  /**
   * The results files the scenario reads (Experiment.resultInputs), in the order declared, each as
   * the list of results it holds, every one validated against its kind's result schema ([] for a
   * kind that reads none).
   */
  inputs: Result[][];
}

/**
 * A results.json written by an earlier run that a scenario reads (an analysis across runs): the
 * runner reads it with the bounded reader and validates it against the result schema of `kind`,
 * at validation time (exit 2 naming `field`) and again when the run starts.
 */
export interface ResultInput {
  /** as the scenario gives it; a relative path resolves against the scenario's directory */
  path: string;
  /** the scenario field that names it, e.g. 'sources[2]' */
  field: string;
  /** the experiment kind its results must be */
  kind: string;
}

/** Where a sweep's finished cells are kept (io/checkpoint.ts writes them to the output directory). */
export interface CellCheckpoint {
  /** cells finished by an earlier, interrupted run of the same scenario and seed, by index */
  load(): Map<number, unknown>;
  /** record one finished cell; it is on disk when this returns */
  save(index: number, result: unknown): void;
  /** the indices load() would return, without decoding any cell or acting on it (for a cost line before the run; absent: every cell is priced) */
  finished?(): ReadonlySet<number>;
}

/**
 * One experiment kind: its scenario schema and how to run it. `checks` runs the cross-field
 * validation that needs more than the schema (B ≤ N, files exist, …) and returns every problem.
 */
export interface Experiment<S extends { experiment: string } = any> {
  readonly kind: S['experiment'];
  readonly summary: string;
  readonly schema: z.ZodType<S>;
  checks?(scenario: S, baseDir: string): import('../errors.js').InputProblem[];
  /**
   * The ids (or id patterns) of every prediction this kind can make for `scenario`, known before
   * the run: `validate` refuses an `expect` key that matches none (a typo would otherwise be
   * silently ignored). Absent: expect keys are checked only after the run.
   */
  predictionIds?(scenario: S): RegExp[];
  /** results files of earlier runs this scenario reads (absent: none); the runner hands them to run as ctx.inputs */
  resultInputs?(scenario: S): ResultInput[];
  run(scenario: S, ctx: ExperimentContext): Promise<ExperimentOutput>;
}

/**
 * Whether a kind's run is a sweep of independent cells that run --plan can cost and run --shard /
 * merge can split, declared by each kind: either its cells with their estimated cost (the cells
 * must be exactly those its run hands to runCells, in the same order), or why not, with a coarse
 * whole-run estimate where there is one.
 */
export type Sharding<S> =
  | { readonly shardable: true; cells(scenario: S, baseDir: string): SweepCells }
  | {
      readonly shardable: false;
      readonly reason: string;
      /**
       * CPU seconds and peak bytes of the whole run, from the loaded model (its data files resolve
       * against baseDir), and what the estimate read from it (`basis`, for run --plan); absent: no
       * cost model for this kind
       */
      wholeRunEstimate?(scenario: S, baseDir: string): { seconds: number; bytes: number; basis?: string };
    };

/**
 * Everything the composition layer (run/registry.ts) needs of one experiment kind, exported by
 * experiments/<kind>/entry.ts: the experiment (schema, checks, run), the schemas of its results'
 * blocks, the worker tasks its cells name, its sharding capability and its figure builder.
 * run/registry.ts lists one entry per kind; its type makes the compiler name a missing part.
 */
export interface ExperimentEntry<S extends { experiment: string } = any, B extends ResultBlocks = ResultBlocks> {
  readonly experiment: Experiment<S>;
  /** the zod schemas of its results' `measured` and `theory` blocks (run/result-schema.ts joins them) */
  readonly results: B;
  /** the tasks of its cells, by name ('<kind>/<task>'); {} when it runs no cells */
  readonly tasks: TaskRegistry;
  /**
   * per task of a shardable kind, the schema of its result built from the cell's payload
   * (core/cell-result.ts): `merge` checks every cell read from a shard file against it
   */
  readonly cellResults: Readonly<Record<string, CellResultSchema>>;
  readonly sharding: Sharding<S>;
  /** its figures, drawn from a Result alone (also from a results.json read back by `sgd-sde plot`) */
  readonly figures: (result: Result) => Figure[];
  /**
   * For `sgd-sde judge` on a results.json written before results kept their cells: the sweep's
   * cells rebuilt from what the result stored, in index order, and what could not be recovered
   * (said plainly in the re-judged file); or why they cannot be rebuilt. Absent: such a result is
   * judged by running it again.
   */
  legacyCells?(result: Result, scenario: S): { cells: unknown[]; lost: string } | { problem: string };
}
