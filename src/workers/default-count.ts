import { availableParallelism } from 'node:os';

/** Default worker count: one per core (the main thread only coordinates while cells run). */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}
