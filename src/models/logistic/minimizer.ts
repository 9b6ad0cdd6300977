import { DualLogisticSolver } from './dual.js';
import { PrimalLogisticSolver } from './primal.js';
import type { NewtonOptions } from './newton.js';
import type { LogisticMinimum, LogisticProblem } from './problem.js';

/**
 * The exact minimum of the summed logistic cost C(ω) (Newton to a gradient norm near rounding),
 * with the log-determinant the evidence needs, on whichever side is cheaper. A minimiser keeps
 * its last minimum, so a sweep over λ warm-starts each point from its neighbour.
 */
export interface LogisticMinimizer {
  readonly side: 'dual' | 'primal';
  minimize(lambda: number, options?: NewtonOptions): LogisticMinimum;
}

export type LogisticSide = 'auto' | 'dual' | 'primal';

/** Largest N for the dual side: its Gram matrix and factor hold 2N² doubles. */
export const MAX_DUAL_N = 6000;

/**
 * Per Newton step the dual side costs an N×N Cholesky (N³/3), the primal side forming XᵀDX
 * (N d²/2, symmetric) and its Cholesky (d³/3); the dual's Gram matrix is formed once.
 */
export function cheaperSide(n: number, d: number): 'dual' | 'primal' {
  if (n > MAX_DUAL_N) return 'primal';
  return n ** 3 / 3 <= (n * d * d) / 2 + d ** 3 / 3 ? 'dual' : 'primal';
}

export function createLogisticMinimizer(problem: LogisticProblem, options: { side?: LogisticSide; gram?: Float64Array } = {}): LogisticMinimizer {
  const side = !options.side || options.side === 'auto' ? cheaperSide(problem.n, problem.d) : options.side;
  return side === 'dual' ? new DualLogisticSolver(problem, options.gram) : new PrimalLogisticSolver(problem);
}
