import type { ExperimentEntry } from '../../core/experiment.js';
import { untypedResultBlocks } from '../../core/result-schema.js';
import { gradientNoise, type GradientNoiseScenario } from './index.js';
import { frontierCell } from './frontier.js';

/** The registry entry of the gradient-noise kind (run/registry.ts). */
export const gradientNoiseEntry: ExperimentEntry<GradientNoiseScenario> = {
  experiment: gradientNoise,
  results: untypedResultBlocks,
  tasks: { 'gradient-noise/frontier': frontierCell },
  sharding: {
    shardable: false,
    reason: 'only its frontier is cells; the trajectory and two-batch estimates run in one process, and sharded results.json has not been checked byte-identical to an unsharded run: run it unsharded',
  },
};
