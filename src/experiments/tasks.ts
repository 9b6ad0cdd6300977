import type { TaskRegistry } from '../dynamics/workers.js';
import { mlpCell, potentialCell } from './batch-size-cells.js';
import { stationaryBlock } from './stationary-block.js';
import { collapseCell } from './collapse-cell.js';
import { smeLevelCell } from './transient-sme.js';
import { integratorCell } from './transient-integrators.js';

/**
 * Every task a worker thread can run, by name (dynamics/workers.ts). Worker threads import this
 * module from dist/ (`TASKS_MODULE`); in-process runs use the same object. Add a task here to make
 * it runnable on the pool.
 */
export const tasks: TaskRegistry = {
  'stationary/block': stationaryBlock,
  'batch-size/potential': potentialCell,
  'batch-size/mlp': mlpCell,
  'collapse/cell': collapseCell,
  'transient/sme-level': smeLevelCell,
  'transient/integrator': integratorCell,
};

/** This module's path under dist/, for the worker threads. */
export const TASKS_MODULE = 'experiments/tasks.js';
