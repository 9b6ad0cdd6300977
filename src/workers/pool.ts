import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../version.js';
import { DivergenceError, InputError, NumericalError } from '../errors.js';
import type { Progress } from '../core/progress.js';
import type { Cell, TaskFn, TaskRegistry } from '../core/cell.js';

/**
 * A pool that runs independent sweep cells on worker_threads. A cell is a plain, structured-
 * cloneable description { task, payload } dispatched by task name to a function of a task
 * registry; every random number a cell uses comes from seeds inside its payload, so the results
 * (returned in cell order) are identical for any number of workers. workers ≤ 1 runs in-process.
 *
 * Workers start from the compiled JavaScript (dist/), because Node 20 cannot load a .ts file as
 * a worker entry; `npm run build` produces it (and `pretest` runs the build).
 */
export type { TaskFn, TaskRegistry };


export interface RunCellsOptions<R> {
  workers: number;
  /** the task functions, for in-process runs */
  registry: TaskRegistry;
  /**
   * the same registry as a module exporting `tasks`: a path under dist/ (e.g. 'run/tasks.js'),
   * or an absolute path or file: URL of a JavaScript module
   */
  registryModule: string;
  /** results already known (a resumed run): these cells are not run again */
  completed?: ReadonlyMap<number, R>;
  /** called once per finished cell, in completion order (checkpoint it here) */
  onCellDone?(index: number, result: R): void;
  progress?: Progress;
  label?: string;
  /** estimated relative cost of each cell (the plan's cost model): the ETA weighs finished cells by it */
  weights?: readonly number[];
  signal?: AbortSignal;
}

/** Message to a worker and back. */
interface CellMessage { index: number; task: string; payload: unknown }
interface ResultMessage { index: number; ok: boolean; result?: unknown; error?: SerialisedError }

export interface SerialisedError {
  name: string;
  message: string;
  stack?: string;
  problems?: InputError['problems'];
  divergence?: { dynamics: string; step: number; replica: number; bound: string };
}

export function serialiseError(err: unknown): SerialisedError {
  const e = err instanceof Error ? err : new Error(String(err));
  const out: SerialisedError = { name: e.name, message: e.message, stack: e.stack };
  if (e instanceof InputError) out.problems = e.problems;
  if (e instanceof DivergenceError) out.divergence = { dynamics: e.dynamics, step: e.step, replica: e.replica, bound: e.bound };
  return out;
}

/** Rebuild the error classes the CLI maps to exit codes; anything else stays a plain Error. */
export function deserialiseError(s: SerialisedError): Error {
  if (s.divergence) return new DivergenceError(s.divergence.dynamics, s.divergence.step, s.divergence.replica, s.divergence.bound);
  if (s.problems) return new InputError(s.problems);
  const e = s.name === 'NumericalError' ? new NumericalError(s.message) : new Error(s.message);
  if (s.stack) e.stack = `${s.stack}\n    (in a worker thread)`;
  return e;
}

/** Path of the compiled worker entry. */
export function workerEntryPath(): string {
  return join(packageRoot, 'dist', 'workers', 'worker-entry.js');
}

export async function runCells<R>(cells: readonly Cell[], options: RunCellsOptions<R>): Promise<R[]> {
  const results: R[] = new Array(cells.length);
  const pending: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const known = options.completed?.get(i);
    if (known !== undefined) results[i] = known;
    else pending.push(i);
  }
  for (const i of pending) {
    if (!(cells[i].task in options.registry)) throw new Error(`no task named "${cells[i].task}" in the task registry`);
  }
  // the progress counts this run's cells: a shard's own (the other shards' come in as completed),
  // or those a resumed run has left (the CLI says how many it restored)
  const task = options.progress?.start(options.label ?? 'cells', pending.length);
  let done = 0;
  // the ETA counts only this run's work (a resumed run's earlier cells took no time now)
  const weights = options.weights?.length === cells.length && options.weights.every((w) => w > 0) ? options.weights : undefined;
  const pendingWork = weights ? pending.reduce((t, i) => t + weights[i], 0) : 0;
  let workDone = 0;
  const finish = (index: number, result: R) => {
    results[index] = result;
    done++;
    options.onCellDone?.(index, result);
    if (weights) workDone += weights[index];
    task?.tick(done, weights ? workDone / pendingWork : undefined);
  };
  try {
    const threads = Math.min(Math.max(1, Math.floor(options.workers)), pending.length);
    if (threads <= 1) {
      for (const i of pending) {
        if (options.signal) await new Promise((r) => setImmediate(r)); // let a Ctrl-C handler run between cells
        options.signal?.throwIfAborted();
        finish(i, (await options.registry[cells[i].task](cells[i].payload)) as R);
      }
    } else {
      await runOnWorkers(cells, pending, threads, options, finish);
    }
  } finally {
    task?.end();
  }
  return results;
}

function runOnWorkers<R>(
  cells: readonly Cell[],
  pending: number[],
  threads: number,
  options: RunCellsOptions<R>,
  finish: (index: number, result: R) => void,
): Promise<void> {
  const entry = workerEntryPath();
  if (!existsSync(entry)) {
    throw new Error(`worker threads need the compiled package, and ${entry} is missing: run \`npm run build\` (or use --workers 1)`);
  }
  const spec = options.registryModule;
  const registryUrl = spec.startsWith('file:') ? spec : pathToFileURL(isAbsolute(spec) ? spec : join(packageRoot, 'dist', spec)).href;
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let outstanding = 0;
    let settled = false;
    const stop = (err?: Error) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      Promise.all(workers.map((w) => w.terminate())).finally(() => (err ? reject(err) : resolve()));
    };
    const onAbort = () => stop(options.signal?.reason instanceof Error ? options.signal.reason : new Error('aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const feed = (w: Worker) => {
      if (settled) return;
      if (next >= pending.length) {
        if (outstanding === 0) stop();
        return;
      }
      const index = pending[next++];
      outstanding++;
      const message: CellMessage = { index, task: cells[index].task, payload: cells[index].payload };
      w.postMessage(message);
    };
    for (let k = 0; k < threads; k++) {
      const w = new Worker(entry, { workerData: { registryUrl }, execArgv: [] });
      workers.push(w);
      w.on('message', (msg: ResultMessage) => {
        outstanding--;
        if (!msg.ok) return stop(deserialiseError(msg.error as SerialisedError));
        try {
          finish(msg.index, msg.result as R);
        } catch (err) {
          return stop(err as Error);
        }
        feed(w);
      });
      w.on('error', (err) => stop(err));
      w.on('exit', (code) => {
        if (!settled && code !== 0) stop(new Error(`a worker thread exited with code ${code}`));
      });
    }
    for (const w of workers) feed(w);
  });
}
