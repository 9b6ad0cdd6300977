import type { z } from 'zod';
import type { ExperimentOutput } from './result.js';
import type { Progress } from '../io/progress.js';

/** What the runner hands an experiment besides its scenario. */
export interface ExperimentContext {
  seed: number;
  /** --quick was given (the scenario's `quick` overrides are already applied) */
  quick: boolean;
  /** worker threads available for independent cells (results must not depend on it) */
  workers: number;
  /** directory the scenario file lives in: relative data paths resolve against it */
  baseDir: string;
  progress: Progress;
  /** a message for the user before or during the run (also stored in results.json) */
  warn(message: string): void;
}

/**
 * One experiment kind: its scenario schema and how to run it. `checks` runs the cross-field
 * validation that needs more than the schema (B ≤ N, files exist, …) and returns every problem.
 */
export interface Experiment<S extends { experiment: string } = any> {
  readonly kind: S['experiment'];
  readonly summary: string;
  readonly schema: z.ZodType<S>;
  checks?(scenario: S, baseDir: string): import('../errors.js').InputProblem[];
  run(scenario: S, ctx: ExperimentContext): Promise<ExperimentOutput>;
}
