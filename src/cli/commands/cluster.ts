import type { CommandModule, Argv } from 'yargs';
import { chmodSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadScenarioFile, type LoadedScenario } from '../../run/load-scenario.js';
import { planScenario } from '../../plan/plan.js';
import { assignShards } from '../../plan/shard-assignment.js';
import { k8sManifests, shellQuote, slurmArrayScript, slurmMergeScript, slurmSubmitScript, type JobDescription } from '../../plan/job-scripts.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { InputError, type InputProblem } from '../../errors.js';
import { packageRoot } from '../../version.js';

/**
 * `sgd-sde slurm` and `sgd-sde k8s`: write the job files that run a sweep's shards on an existing
 * engine and merge them (plan/job-scripts.ts), with time and memory requests sized by the cost
 * model unless given. Nothing is submitted: the commands to submit are printed.
 */
interface ClusterArgs {
  scenario: string;
  shards: number;
  out?: string;
  seed?: number;
  quick: boolean;
  command?: string;
  // slurm
  partition?: string;
  time?: string;
  'cpus-per-task': number;
  mem?: string;
  // k8s
  image: string;
  'volume-claim': string;
  parallelism?: number;
}

function common(y: Argv): Argv {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario JSON file (a sweep: batch-size, collapse, transient)' })
    .option('shards', { type: 'number', demandOption: true, describe: 'number of shards N (array tasks)' })
    .option('out', { type: 'string', describe: 'directory for the job files, shards/ and the merged results (default out/<scenario name>)' })
    .option('seed', { type: 'number', describe: "override the scenario's seed (written into every task)" })
    .option('quick', { type: 'boolean', default: false, describe: "apply the scenario's `quick` overrides" })
    .option('cpus-per-task', { type: 'number', default: 1, describe: 'cores per shard task (its --workers)' });
}

function prepare(args: ClusterArgs): { loaded: LoadedScenario; job: JobDescription; outDir: string; longestShard: number; memoryBytes: number } {
  const problems: InputProblem[] = [];
  if (!(Number.isInteger(args.shards) && args.shards >= 1 && args.shards <= 100000)) problems.push({ path: '--shards', message: 'must be an integer in [1, 100000]', value: args.shards });
  const cpus = args['cpus-per-task'];
  if (!(Number.isInteger(cpus) && cpus >= 1 && cpus <= 256)) problems.push({ path: '--cpus-per-task', message: 'must be an integer in [1, 256]', value: cpus });
  if (args.seed !== undefined && !(Number.isInteger(args.seed) && args.seed >= 0 && args.seed <= 0xffffffff)) problems.push({ path: '--seed', message: 'must be an integer in [0, 4294967295]', value: args.seed });
  if (args.time !== undefined && !/^(\d+-)?\d{1,3}:\d\d:\d\d$/.test(args.time)) problems.push({ path: '--time', message: 'must be HH:MM:SS or D-HH:MM:SS', value: args.time });
  if (args.mem !== undefined && !/^\d+[KMGT]?$/.test(args.mem)) problems.push({ path: '--mem', message: 'must be a Slurm memory size such as 800M or 4G', value: args.mem });
  if (problems.length > 0) throw new InputError(problems, 'command line');
  const loaded = loadScenarioFile(args.scenario, { quick: args.quick, seed: args.seed });
  const plan = planScenario(loaded);
  if (!plan.shardable) throw new InputError([{ path: 'scenario', message: `${loaded.kind} scenarios cannot be sharded: ${plan.reason}`, value: args.scenario }], 'command line');
  const outDir = resolve(args.out ?? join('out', loaded.name));
  const costs = plan.cells.map((c) => c.cost);
  const load = new Float64Array(args.shards);
  const shardOf = assignShards(costs, args.shards);
  shardOf.forEach((k, i) => (load[k] += costs[i]));
  const command = args.command ?? `${shellQuote(process.execPath)} ${shellQuote(join(packageRoot, 'bin', 'sgd-sde.js'))}`;
  const job: JobDescription = {
    name: loaded.name, scenario: resolve(args.scenario), seed: loaded.scenario.seed, quick: loaded.quick, shards: args.shards,
    shardDir: join(outDir, 'shards'), outDir, command,
  };
  // a shard's cells share its cores, but one cell runs on one core
  const longestShard = Math.max(0, ...Array.from({ length: args.shards }, (_, k) => Math.max(load[k] / cpus, ...costs.filter((_c, i) => shardOf[i] === k))));
  return { loaded, job, outDir, longestShard, memoryBytes: plan.memoryBytes * cpus };
}

/** Requested wall time: 3 × the longest shard's estimate (the cost model is ±50%), at least 10 minutes. */
function defaultTime(seconds: number): string {
  const s = Math.max(600, Math.ceil(3 * seconds + 60));
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const hms = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  return d > 0 ? `${d}-${hms}` : hms;
}

/** Requested memory: 1.5 × the estimate, rounded up to 100 MiB. */
function defaultMemMiB(bytes: number): number {
  return Math.ceil((1.5 * bytes) / 2 ** 20 / 100) * 100;
}

export const slurmCommand: CommandModule<object, ClusterArgs> = {
  command: 'slurm <scenario>',
  describe: 'write a Slurm job array (one task per shard) and a merge job that waits for it (afterok), and print how to submit them',
  builder: (y) =>
    common(y)
      .option('partition', { type: 'string', describe: 'Slurm partition' })
      .option('time', { type: 'string', describe: 'time limit per task, HH:MM:SS (default: 3 × the cost model estimate of the longest shard, ≥ 10 min)' })
      .option('mem', { type: 'string', describe: 'memory per task, e.g. 4G (default: 1.5 × the estimate)' })
      .option('command', { type: 'string', describe: 'how tasks start sgd-sde (default: this node and this installation)' }) as never,
  handler: (args) => {
    const { job, outDir, longestShard, memoryBytes } = prepare(args);
    const logDir = join(outDir, 'logs');
    const options = {
      partition: args.partition, time: args.time ?? defaultTime(longestShard), cpusPerTask: args['cpus-per-task'],
      mem: args.mem ?? `${defaultMemMiB(memoryBytes)}M`, logDir,
    };
    mkdirSync(logDir, { recursive: true }); // Slurm does not create the directory of --output
    mkdirSync(job.shardDir, { recursive: true });
    const arrayPath = join(outDir, `${job.name}.array.sbatch`);
    const mergePath = join(outDir, `${job.name}.merge.sbatch`);
    const submitPath = join(outDir, 'submit.sh');
    writeFileAtomic(arrayPath, slurmArrayScript(job, options));
    writeFileAtomic(mergePath, slurmMergeScript(job, options));
    writeFileAtomic(submitPath, slurmSubmitScript(arrayPath, mergePath));
    chmodSync(submitPath, 0o755);
    process.stdout.write([
      `wrote ${arrayPath} (--array=0-${job.shards - 1}, --time=${options.time}, --mem=${options.mem})`,
      `wrote ${mergePath}`,
      `wrote ${submitPath}`,
      'submit with:',
      `  ${shellQuote(submitPath)}`,
      'or by hand:',
      `  sbatch --parsable ${shellQuote(arrayPath)}            # prints the array job id`,
      `  sbatch --dependency=afterok:<array job id> ${shellQuote(mergePath)}`,
      '',
    ].join('\n'));
  },
};

export const k8sCommand: CommandModule<object, ClusterArgs> = {
  command: 'k8s <scenario>',
  describe: 'write a Kubernetes Indexed Job (one pod per shard, JOB_COMPLETION_INDEX) and a merge Job, and print how to apply them',
  builder: (y) =>
    common(y)
      .option('image', { type: 'string', default: 'node:20', describe: 'container image with sgd-sde installed (on PATH)' })
      .option('volume-claim', { type: 'string', default: 'sgd-sde-data', describe: 'PersistentVolumeClaim mounted at /data: holds the scenario file, receives shards and results' })
      .option('parallelism', { type: 'number', describe: 'pods at once (default: all shards)' })
      .option('mem', { type: 'string', describe: 'memory per pod, Kubernetes quantity (default: 1.5 × the estimate)' }) as never,
  handler: (args) => {
    const { job, outDir, memoryBytes } = prepare(args);
    const parallelism = args.parallelism ?? args.shards;
    if (!(Number.isInteger(parallelism) && parallelism >= 1)) throw new InputError([{ path: '--parallelism', message: 'must be a positive integer', value: parallelism }], 'command line');
    const manifests = k8sManifests(job, { image: args.image, volumeClaim: args['volume-claim'], parallelism, cpus: args['cpus-per-task'], memory: args.mem ?? `${defaultMemMiB(memoryBytes)}Mi` });
    const shardsPath = join(outDir, `${job.name}.k8s-shards.json`);
    const mergePath = join(outDir, `${job.name}.k8s-merge.json`);
    writeFileAtomic(shardsPath, `${JSON.stringify(manifests.shards, null, 2)}\n`);
    writeFileAtomic(mergePath, `${JSON.stringify(manifests.merge, null, 2)}\n`);
    const name = (manifests.shards.metadata as { name: string }).name;
    process.stdout.write([
      `wrote ${shardsPath} (Indexed Job, ${job.shards} completions)`,
      `wrote ${mergePath}`,
      `copy the scenario to the volume claim "${args['volume-claim']}" as /data/${job.scenario.split('/').pop()}, then:`,
      `  kubectl apply -f ${shellQuote(shardsPath)}`,
      `  kubectl wait --for=condition=complete --timeout=-1s job/${name}`,
      `  kubectl apply -f ${shellQuote(mergePath)}`,
      '',
    ].join('\n'));
  },
};
