import type { Experiment } from './experiment.js';
import { stationary } from './stationary.js';
import { evidence } from './evidence.js';
import { batchSize } from './batch-size.js';
import { collapse } from './collapse.js';
import { transient } from './transient.js';

/**
 * Every experiment kind, by the name scenario files use in `"experiment"`. The mapped type makes
 * the compiler reject a kind without an implementation (and an implementation under a wrong key).
 * To add a kind: add its name to ExperimentKind, write experiments/<kind>.ts, add it here.
 */
export type ExperimentKind = 'stationary' | 'evidence' | 'batch-size' | 'collapse' | 'transient';

export const experiments: { [K in ExperimentKind]: Experiment<{ experiment: K }> } = {
  stationary,
  evidence,
  'batch-size': batchSize,
  collapse,
  transient,
};

export const experimentKinds = Object.keys(experiments) as ExperimentKind[];

export function isExperimentKind(kind: unknown): kind is ExperimentKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(experiments, kind);
}
