import type { TaskRegistry } from '../workers/pool.js';
import { mlpCell, potentialCell } from '../experiments/batch-size/cells.js';
import { stationaryBlock } from '../experiments/stationary/block.js';
import { collapseCell } from '../experiments/collapse/cell.js';
import { smeLevelCell } from '../experiments/transient/sme.js';
import { integratorCell } from '../experiments/transient/integrators.js';
import { evidenceReplicate } from '../experiments/evidence/replicate.js';
import { escapeCell } from '../experiments/escape/cell.js';
import { frontierCell } from '../experiments/gradient-noise/frontier.js';

/**
 * Every task a worker thread can run, by name (workers/pool.ts). Worker threads import this
 * module from dist/ (`TASKS_MODULE`); in-process runs use the same object. Add a task here to make
 * it runnable on the pool. It lives in the composition layer because it names every kind's cells:
 * experiments reach the pool through ctx.runCells (run/runner.ts), never through this module.
 */
export const tasks: TaskRegistry = {
  'stationary/block': stationaryBlock,
  'batch-size/potential': potentialCell,
  'batch-size/mlp': mlpCell,
  'collapse/cell': collapseCell,
  'transient/sme-level': smeLevelCell,
  'transient/integrator': integratorCell,
  'evidence/replicate': evidenceReplicate,
  'escape/cell': escapeCell,
  'gradient-noise/frontier': frontierCell,
};

/** This module's path under dist/, for the worker threads. */
export const TASKS_MODULE = 'run/tasks.js';
