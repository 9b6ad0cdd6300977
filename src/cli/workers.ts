import { availableParallelism } from 'node:os';

/** Default worker count: leave one core for the main thread, use at least one. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}
