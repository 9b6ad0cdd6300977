import type { Experiment } from '../core/experiment.js';
import { stationary } from '../experiments/stationary/index.js';
import { evidence } from '../experiments/evidence/index.js';
import { batchSize } from '../experiments/batch-size/index.js';
import { collapse } from '../experiments/collapse/index.js';
import { transient } from '../experiments/transient/index.js';
import { escape } from '../experiments/escape/index.js';
import { gradientNoise } from '../experiments/gradient-noise/index.js';

/**
 * Every experiment kind, by the name scenario files use in `"experiment"`. The mapped type makes
 * the compiler reject a kind without an implementation (and an implementation under a wrong key).
 * To add a kind: add its name to ExperimentKind, write experiments/<kind>/ (index.ts exports the
 * Experiment), add it here (and its cell tasks to run/tasks.ts).
 */
export type ExperimentKind = 'stationary' | 'evidence' | 'batch-size' | 'collapse' | 'transient' | 'escape' | 'gradient-noise';

export const experiments: { [K in ExperimentKind]: Experiment<{ experiment: K }> } = {
  stationary,
  evidence,
  'batch-size': batchSize,
  collapse,
  transient,
  escape,
  'gradient-noise': gradientNoise,
};

export const experimentKinds = Object.keys(experiments) as ExperimentKind[];

export function isExperimentKind(kind: unknown): kind is ExperimentKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(experiments, kind);
}
