/**
 * One unit of a sweep that the worker pool (workers/pool.ts) can run: the name of a task in the
 * task registry (run/tasks.ts) and a plain, structured-cloneable payload. Every random number a
 * cell uses comes from seeds inside its payload, so a cell's result does not depend on which
 * thread runs it.
 */
export interface Cell<P = unknown> {
  task: string;
  payload: P;
}

/** A task a worker thread can run: a cell's payload in, a structured-cloneable result out. */
export type TaskFn = (payload: any) => unknown;
/** Tasks by name ('<kind>/<task>'); each kind declares its own (ExperimentEntry.tasks). */
export type TaskRegistry = Readonly<Record<string, TaskFn>>;

/** The estimated cost of one cell of a sweep (the cost model of run --plan and --shard). */
export interface CellEstimate {
  index: number;
  label: string;
  /** estimated CPU seconds on one core */
  seconds: number;
  /** estimated peak memory of the cell beyond the process baseline, bytes */
  bytes: number;
}

/** A sweep's cells, in the order its experiment hands them to runCells, with their estimates. */
export interface SweepCells {
  /** the experiment's cell list, as runCells receives it */
  cells: readonly Cell[];
  estimates: CellEstimate[];
  /** what the estimates read from the loaded data (e.g. N and d of a CSV), for run --plan */
  basis?: string;
  /** CPU seconds of work done once per process besides the cells (reading MNIST); run --plan adds it to the total */
  overheadSeconds?: number;
}
