import { basename } from 'node:path';

/**
 * Job files for existing engines that run the shards of a sweep (we never schedule anything
 * ourselves): a Slurm job array plus a merge job that starts only when every array task ended
 * well (`--dependency=afterok:<array job id>`), and a Kubernetes Indexed Job plus a merge Job.
 * Pure functions from a description to text; the CLI writes the files.
 *
 * Every array task runs `sgd-sde run SCENARIO --seed S [--quick] --shard $INDEX/N --out SHARDS`;
 * the seed is written out explicitly so that every task (and a re-run of one) uses the same one.
 */
export interface JobDescription {
  /** the scenario's name (job names, file names) */
  name: string;
  /** absolute path of the scenario file as the tasks will see it */
  scenario: string;
  seed: number;
  quick: boolean;
  shards: number;
  /** directory of the shard files */
  shardDir: string;
  /** directory of the merged results */
  outDir: string;
  /** the command that runs sgd-sde (shell words, already quoted) */
  command: string;
}

export interface SlurmOptions {
  partition?: string;
  /** HH:MM:SS or D-HH:MM:SS */
  time: string;
  cpusPerTask: number;
  /** Slurm --mem value, e.g. 4G or 800M */
  mem: string;
  /** where Slurm writes each task's stdout/stderr (must exist before submission) */
  logDir: string;
}

/** Quote a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function runFlags(job: JobDescription): string {
  return `--seed ${job.seed}${job.quick ? ' --quick' : ''}`;
}

function slurmHeader(job: JobDescription, o: SlurmOptions, jobName: string, cpus: number): string[] {
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${jobName}`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    `#SBATCH --time=${o.time}`,
    `#SBATCH --cpus-per-task=${cpus}`,
    `#SBATCH --mem=${o.mem}`,
    `#SBATCH --ntasks=1`,
  ];
}

export function slurmArrayScript(job: JobDescription, o: SlurmOptions): string {
  return [
    ...slurmHeader(job, o, `sgd-sde-${job.name}`, o.cpusPerTask),
    `#SBATCH --array=0-${job.shards - 1}`,
    `#SBATCH --output=${o.logDir}/%x-%A_%a.out`,
    '# one task per shard; a failed or preempted task re-runs alone: sbatch --array=<its index> this file',
    'set -euo pipefail',
    `exec ${job.command} run ${shellQuote(job.scenario)} ${runFlags(job)} \\`,
    `  --shard "$SLURM_ARRAY_TASK_ID/${job.shards}" --workers "\${SLURM_CPUS_PER_TASK:-1}" \\`,
    `  --out ${shellQuote(job.shardDir)}`,
    '',
  ].join('\n');
}

export function slurmMergeScript(job: JobDescription, o: SlurmOptions): string {
  const files = `${shellQuote(job.shardDir)}/shard-*-of-${job.shards}.json`;
  return [
    ...slurmHeader(job, o, `sgd-sde-${job.name}-merge`, 1),
    `#SBATCH --output=${o.logDir}/%x-%j.out`,
    '# submitted with --dependency=afterok:<array job id>: runs once every shard finished',
    'set -euo pipefail',
    `exec ${job.command} merge ${files} --out ${shellQuote(job.outDir)} --force`,
    '',
  ].join('\n');
}

/** A wrapper that submits the array, then the merge job depending on it (sbatch --parsable). */
export function slurmSubmitScript(arrayScript: string, mergeScript: string): string {
  return [
    '#!/bin/sh',
    '# submit the shard array, then the merge job that waits for all of it to succeed',
    'set -eu',
    `array=$(sbatch --parsable ${shellQuote(arrayScript)})`,
    'array=${array%%;*}  # "jobid;cluster" on federated clusters',
    `merge=$(sbatch --parsable --dependency=afterok:"$array" ${shellQuote(mergeScript)})`,
    'echo "array job $array, merge job ${merge%%;*}"',
    '',
  ].join('\n');
}

export interface K8sOptions {
  image: string;
  /** PersistentVolumeClaim holding the scenario and receiving the shards and results, mounted at /data */
  volumeClaim: string;
  parallelism: number;
  cpus: number;
  /** Kubernetes memory quantity, e.g. 4Gi */
  memory: string;
}

/**
 * The Indexed Job (one pod per shard, JOB_COMPLETION_INDEX = K) and the merge Job, as Kubernetes
 * objects (JSON is valid YAML; `kubectl apply -f` takes either). Paths are inside the pod: the
 * claim is mounted at /data and the scenario is expected at /data/<its file name>.
 */
export function k8sManifests(job: JobDescription, o: K8sOptions): { shards: Record<string, unknown>; merge: Record<string, unknown> } {
  const jobName = `sgd-sde-${job.name}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 50).replace(/-+$/, '');
  const scenario = `/data/${basename(job.scenario)}`;
  const resources = { requests: { cpu: String(o.cpus), memory: o.memory }, limits: { memory: o.memory } };
  const volume = { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: o.volumeClaim } }] };
  const mount = { volumeMounts: [{ name: 'data', mountPath: '/data' }] };
  const pod = (command: string) => ({
    spec: {
      restartPolicy: 'Never',
      containers: [{ name: 'sgd-sde', image: o.image, command: ['sh', '-c', command], resources, ...mount }],
      ...volume,
    },
  });
  const shards = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${jobName}-shards`, labels: { app: 'sgd-sde', scenario: jobName } },
    spec: {
      completionMode: 'Indexed',
      completions: job.shards,
      parallelism: Math.min(o.parallelism, job.shards),
      backoffLimitPerIndex: 2,
      template: pod(`sgd-sde run ${scenario} ${runFlags(job)} --shard "$JOB_COMPLETION_INDEX/${job.shards}" --workers ${o.cpus} --out /data/${job.name}/shards`),
    },
  };
  const merge = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${jobName}-merge`, labels: { app: 'sgd-sde', scenario: jobName } },
    spec: {
      completions: 1,
      backoffLimit: 1,
      template: pod(`sgd-sde merge /data/${job.name}/shards/shard-*-of-${job.shards}.json --out /data/${job.name} --force`),
    },
  };
  return { shards, merge };
}
