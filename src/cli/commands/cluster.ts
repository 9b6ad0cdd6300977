import type { CommandModule, Argv } from 'yargs';
import { chmodSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadScenarioFile, type LoadedScenario } from '../../run/load-scenario.js';
import { planScenario } from '../../plan/plan.js';
import { COST_MODEL_BAND } from '../../plan/cost-model-band.js';
import { assignShards } from '../../plan/shard-assignment.js';
import { shellQuote } from '../../plan/shell-quote.js';
import { DEFAULT_SLURM_COMMAND, slurmArrayScript, slurmJobProblems, slurmMergeScript, slurmSubmitScript, type SlurmJob } from '../../plan/slurm-scripts.js';
import { DEFAULT_CHECKOUT, k8sJobProblems, k8sPlan, k8sRunScript, MIN_KUBERNETES_VERSION } from '../../plan/k8s-jobs.js';
import { dataFileFields } from '../../io/checkpoint.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { InputError, type InputProblem } from '../../errors.js';
import { packageRoot } from '../../version.js';

/**
 * `sgd-sde slurm` and `sgd-sde k8s`: write the job files that run a sweep's shards on an existing
 * engine and merge them (plan/slurm-scripts.ts, plan/k8s-jobs.ts), with time and memory requests
 * sized by the cost model unless given. Nothing is submitted: the commands to submit are printed,
 * every path in them quoted for the shell.
 */
interface ClusterArgs {
  scenario: string;
  shards: number;
  out?: string;
  seed?: number;
  quick: boolean;
  // slurm
  command?: string;
  partition?: string;
  time?: string;
  'merge-time'?: string;
  'cpus-per-task': number;
  mem?: string;
  // k8s
  image: string;
  'volume-claim': string;
  parallelism?: number;
  checkout: string;
  installed?: boolean;
}

function common(y: Argv): Argv {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario JSON file (a sweep: batch-size, collapse, escape, evidence, gradient-noise, transient)' })
    .option('shards', { type: 'number', demandOption: true, describe: 'number of shards N (array tasks)' })
    .option('out', { type: 'string', describe: 'directory for the job files, shards/ and the merged results (default out/<scenario name>)' })
    .option('seed', { type: 'number', describe: "override the scenario's seed (written into every task)" })
    .option('quick', { type: 'boolean', default: false, describe: "apply the scenario's `quick` overrides" })
    .option('cpus-per-task', { type: 'number', default: 1, describe: 'cores per shard task (its --workers)' });
}

interface Prepared {
  loaded: LoadedScenario;
  outDir: string;
  longestShard: number;
  memoryBytes: number;
}

function prepare(args: ClusterArgs): Prepared {
  const problems: InputProblem[] = [];
  if (!(Number.isInteger(args.shards) && args.shards >= 1 && args.shards <= 100000)) problems.push({ path: '--shards', message: 'must be an integer in [1, 100000]', value: args.shards });
  const cpus = args['cpus-per-task'];
  if (!(Number.isInteger(cpus) && cpus >= 1 && cpus <= 256)) problems.push({ path: '--cpus-per-task', message: 'must be an integer in [1, 256]', value: cpus });
  if (args.seed !== undefined && !(Number.isInteger(args.seed) && args.seed >= 0 && args.seed <= 0xffffffff)) problems.push({ path: '--seed', message: 'must be an integer in [0, 4294967295]', value: args.seed });
  if (problems.length > 0) throw new InputError(problems, 'command line');
  const loaded = loadScenarioFile(args.scenario, { quick: args.quick, seed: args.seed });
  const plan = planScenario(loaded);
  if (!plan.shardable) throw new InputError([{ path: 'scenario', message: `${loaded.kind} scenarios cannot be sharded: ${plan.reason}`, value: args.scenario }], 'command line');
  const outDir = resolve(args.out ?? join('out', loaded.name));
  const costs = plan.cells.map((c) => c.cost);
  const load = new Float64Array(args.shards);
  const shardOf = assignShards(costs, args.shards);
  shardOf.forEach((k, i) => (load[k] += costs[i]));
  // a shard's cells share its cores, but one cell runs on one core
  const longestShard = Math.max(0, ...Array.from({ length: args.shards }, (_, k) => Math.max(load[k] / cpus, ...costs.filter((_c, i) => shardOf[i] === k))));
  return { loaded, outDir, longestShard, memoryBytes: plan.memoryBytes * cpus };
}

/** Requested wall time: COST_MODEL_BAND × the longest shard's estimate (the cost model is within that factor of measured CPU time), at least 10 minutes. */
function defaultTime(seconds: number): string {
  const s = Math.max(600, Math.ceil(COST_MODEL_BAND * seconds + 60));
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const hms = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  return d > 0 ? `${d}-${hms}` : hms;
}

/**
 * The merge job's own time limit: it reads the shard files and runs the analysis and the figures,
 * which take seconds to minutes whatever the sweep cost; 30 minutes leaves ample room (the tasks'
 * hours would make it wait in the queue for a slot it does not need).
 */
const DEFAULT_MERGE_TIME = '00:30:00';

/** Requested memory: 1.5 × the estimate, rounded up to 100 MiB. */
function defaultMemMiB(bytes: number): number {
  return Math.ceil((1.5 * bytes) / 2 ** 20 / 100) * 100;
}

export const slurmCommand: CommandModule<object, ClusterArgs> = {
  command: 'slurm <scenario>',
  describe: 'write a Slurm job array (one task per shard) and a merge job that waits for it (afterok), and print how to submit them',
  builder: (y) =>
    common(y)
      .option('partition', { type: 'string', describe: 'Slurm partition (or a comma-separated list)' })
      .option('time', { type: 'string', describe: 'time limit per task in a Slurm time syntax: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS (default: 3 × the cost model estimate of the longest shard, ≥ 10 min)' })
      .option('merge-time', { type: 'string', describe: `time limit of the merge job, same syntax (default ${DEFAULT_MERGE_TIME}: it analyses, it does not simulate)` })
      .option('mem', { type: 'string', describe: 'memory per task, e.g. 4G (default: 1.5 × the estimate)' })
      .option('command', {
        type: 'string',
        describe: `how the tasks start sgd-sde on the compute nodes, as shell words (default "${DEFAULT_SLURM_COMMAND}" from PATH); e.g. "node /shared/sgd-sde/bin/sgd-sde.js" to run a checkout on a shared filesystem`,
      }) as never,
  handler: (args) => {
    const early = slurmJobProblems({ partition: args.partition, time: args.time, mergeTime: args['merge-time'], mem: args.mem, command: args.command, scenario: resolve(args.scenario) });
    if (early.length > 0) throw new InputError(early, 'command line');
    const { loaded, outDir, longestShard, memoryBytes } = prepare(args);
    const late = slurmJobProblems({ scenario: resolve(args.scenario), outDir });
    if (late.length > 0) throw new InputError(late, 'command line');
    const job: SlurmJob = {
      name: loaded.name, scenario: resolve(args.scenario), seed: loaded.scenario.seed, quick: loaded.quick, shards: args.shards,
      shardDir: join(outDir, 'shards'), outDir, command: args.command ?? DEFAULT_SLURM_COMMAND,
    };
    const logDir = join(outDir, 'logs');
    const options = {
      partition: args.partition, time: args.time ?? defaultTime(longestShard), mergeTime: args['merge-time'] ?? DEFAULT_MERGE_TIME,
      cpusPerTask: args['cpus-per-task'], mem: args.mem ?? `${defaultMemMiB(memoryBytes)}M`, logDir,
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
    const checkout = `node ${shellQuote(join(packageRoot, 'bin', 'sgd-sde.js'))}`;
    process.stdout.write([
      `wrote ${arrayPath} (--array=0-${job.shards - 1}, --time=${options.time}, --mem=${options.mem})`,
      `wrote ${mergePath} (--time=${options.mergeTime})`,
      `wrote ${submitPath}`,
      args.command === undefined
        ? `the tasks run \`${DEFAULT_SLURM_COMMAND}\` from PATH on the compute nodes; to run this checkout from a shared filesystem instead, add: --command ${shellQuote(checkout)}`
        : `the tasks run: ${job.command}`,
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
  describe: `write a Kubernetes Indexed Job (one pod per shard) and a merge Job, a script that runs them in turn, and print what to copy onto the volume (Kubernetes ≥ ${MIN_KUBERNETES_VERSION})`,
  builder: (y) =>
    common(y)
      .option('image', { type: 'string', default: 'node:20', describe: 'container image: a stock Node (>= 20.19) image runs the checkout on the volume; with --installed, an image that has sgd-sde on PATH' })
      .option('volume-claim', { type: 'string', default: 'sgd-sde-data', describe: 'PersistentVolumeClaim mounted at /data: holds the checkout, the scenario and its data files; receives shards and results' })
      .option('checkout', { type: 'string', default: DEFAULT_CHECKOUT, describe: 'the built sgd-sde checkout inside the pods (copied onto the volume claim)' })
      .option('installed', { type: 'boolean', describe: 'the image has sgd-sde on PATH: run it instead of a checkout' })
      .option('parallelism', { type: 'number', describe: 'pods at once (default: all shards)' })
      .option('mem', { type: 'string', describe: 'memory per pod, Kubernetes quantity (default: 1.5 × the estimate)' }) as never,
  handler: (args) => {
    const { loaded, outDir, memoryBytes } = prepare(args);
    const parallelism = args.parallelism ?? args.shards;
    const scenario = resolve(args.scenario);
    const job = { name: loaded.name, scenario, dataFiles: dataFileFields(loaded.scenario), seed: loaded.scenario.seed, quick: loaded.quick, shards: args.shards };
    const options = {
      image: args.image, volumeClaim: args['volume-claim'], parallelism, cpus: args['cpus-per-task'],
      memory: args.mem ?? `${defaultMemMiB(memoryBytes)}Mi`, checkout: args.installed ? null : args.checkout,
    };
    const problems = k8sJobProblems(job, options);
    if (!(Number.isInteger(parallelism) && parallelism >= 1)) problems.push({ path: '--parallelism', message: 'must be a positive integer', value: parallelism });
    if (problems.length > 0) throw new InputError(problems, 'command line');
    const plan = k8sPlan(job, options);
    const shardsPath = join(outDir, `${job.name}.k8s-shards.json`);
    const mergePath = join(outDir, `${job.name}.k8s-merge.json`);
    const runPath = join(outDir, `${job.name}.k8s-run.sh`);
    writeFileAtomic(shardsPath, `${JSON.stringify(plan.shards, null, 2)}\n`);
    writeFileAtomic(mergePath, `${JSON.stringify(plan.merge, null, 2)}\n`);
    writeFileAtomic(runPath, k8sRunScript(plan, shardsPath, mergePath));
    chmodSync(runPath, 0o755);
    const claim = args['volume-claim'];
    process.stdout.write([
      `wrote ${shardsPath} (Indexed Job, ${job.shards} completions)`,
      `wrote ${mergePath}`,
      `wrote ${runPath} (applies the shard Job, waits until it completes or fails, then the merge Job)`,
      `needs Kubernetes >= ${MIN_KUBERNETES_VERSION} (backoffLimitPerIndex)`,
      `copy onto the volume claim "${claim}" (mounted at /data in the pods), e.g. with kubectl cp through a pod that mounts it:`,
      ...(options.checkout !== null ? [`  ${shellQuote(packageRoot)}  ->  ${shellQuote(options.checkout)}`] : []),
      ...plan.copies.map((c) => `  ${shellQuote(c.local)}  ->  ${shellQuote(c.pod)}`),
      ...(options.checkout !== null ? ["(the first is this built checkout, dist/ and node_modules/ included: build it for the image's platform, linux x64 glibc for node:20)"] : []),
      'then run:',
      `  ${shellQuote(runPath)}`,
      `merged results: ${plan.outDir} on the volume claim`,
      '',
    ].join('\n'));
  },
};
