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
