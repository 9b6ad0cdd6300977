import type { CommandModule } from 'yargs';
import { runCommand } from './run.js';
import { validateCommand } from './validate.js';
import { listCommand } from './list.js';
import { noiseScaleCommand } from './noise-scale.js';
import { benchCommand } from './bench.js';
import { plotCommand } from './plot.js';
import { schemaCommand } from './schema.js';
import { stressCommand } from './stress.js';
import { mergeCommand } from './merge.js';
import { slurmCommand, k8sCommand } from './cluster.js';
import { exportCommand } from './export.js';
import { judgeCommand } from './judge.js';

/** Every CLI command; one file each. */
export const commands: CommandModule<any, any>[] = [runCommand, validateCommand, listCommand, noiseScaleCommand, benchCommand, plotCommand, schemaCommand, stressCommand, mergeCommand, judgeCommand, slurmCommand, k8sCommand, exportCommand];
