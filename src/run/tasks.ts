import type { TaskRegistry } from '../workers/pool.js';
import { experimentEntries } from './registry.js';

/**
 * Every task a worker thread can run, by name (workers/pool.ts): the union of the tasks each
 * kind's entry declares (run/registry.ts), so a new kind's cells are runnable once its entry is
 * registered. Task names are '<kind>/<task>'; a name outside its kind's prefix or declared twice
 * is a programming error, refused when this module loads. Worker threads import this module from
 * dist/ (`TASKS_MODULE`); in-process runs use the same object. Experiments reach the pool through
 * ctx.runCells (run/runner.ts), never through this module.
 */
function collectTasks(): TaskRegistry {
  const all: Record<string, TaskRegistry[string]> = {};
  for (const [kind, entry] of Object.entries(experimentEntries)) {
    for (const [name, fn] of Object.entries(entry.tasks)) {
      if (!name.startsWith(`${kind}/`)) throw new Error(`task '${name}' of experiment kind '${kind}' must be named '${kind}/…'`);
      if (name in all) throw new Error(`task '${name}' is declared twice`);
      all[name] = fn;
    }
  }
  return all;
}

export const tasks: TaskRegistry = collectTasks();

/** This module's path under dist/, for the worker threads. */
export const TASKS_MODULE = 'run/tasks.js';
