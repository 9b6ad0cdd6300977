import type { Sampler } from '../dynamics/samplers.js';

/**
 * The stationary-experiment scenario of a stress case: SGD only, explicit burn-in, start at the
 * minimum. It is what the property runs and, on failure, the counterexample printed for
 * `sgd-sde run`, so the two can never drift apart.
 */
export interface StressScenarioSpec {
  property: string;
  /** what to look at when the scenario is run by hand */
  description: string;
  seed: number;
  model: Record<string, unknown>;
  optimizer: { lr: number; batchSize: number; momentum: number; sampler: Sampler };
  burnIn: number;
  steps: number;
  replicas: number;
  tolerance: number;
}

export function stationaryScenario(s: StressScenarioSpec): Record<string, unknown> {
  return {
    name: `stress-${s.property}`,
    description: s.description,
    experiment: 'stationary',
    seed: s.seed,
    model: s.model,
    optimizer: { ...s.optimizer, weightDecay: 0 },
    dynamics: { sgd: true, sde: false },
    run: { replicas: s.replicas, steps: s.steps, burnIn: s.burnIn, thin: 1 },
    start: 'minimum',
    tolerance: s.tolerance,
  };
}

/** Replicas and recorded steps of every simulation case (standard errors come from the replicas). */
export const SIMULATION = { replicas: 64, steps: 2000, maxBurnIn: 20000 } as const;
