import type { TaskRegistry } from '../workers/pool.js';
import { evidenceDesign } from '../experiments/evidence/lambda-chain.js';
import { createLogisticMinimizer } from '../models/logistic/minimizer.js';
import { evidenceAtMinimum } from '../theory/evidence.js';

/** One share of W4 (w4-evidence.ts): the data, and the values of λ this thread does. */
export interface W4Share {
  n: number;
  features: number;
  x: Float64Array;
  y: Float64Array;
  lambdas: number[];
}

/**
 * W4's work for some values of λ: the design (with the Gram matrix X Xᵀ the dual side reuses),
 * then for each λ Newton from ω = 0 to the minimum and the Cholesky log-determinant of the
 * Hessian there. Returns the sum of the log-determinants (a check that the work was done).
 */
export function w4Share(share: W4Share): number {
  const { n, features, x, y, lambdas } = share;
  const design = evidenceDesign({ n, d: features, x, y }, null);
  const minimizer = createLogisticMinimizer({ n, d: design.train.d, x: design.train.x, y }, { side: design.side, gram: design.gram });
  let check = 0;
  for (const lambda of lambdas) check += evidenceAtMinimum(minimizer.minimize(lambda, { warmStart: false }), n, design.train.d).logDetHessian;
  return check;
}

/** The task registry the benchmark's worker threads load (workers/pool.ts): W4 only, so they start fast. */
export const tasks: TaskRegistry = {
  'bench/w4-share': w4Share,
};

/** This module's path under dist/, for the worker threads. */
export const W4_TASKS_MODULE = 'bench/w4-work.js';
