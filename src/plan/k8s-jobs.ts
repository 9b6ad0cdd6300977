import { dirname, isAbsolute, relative, resolve, sep, posix } from 'node:path';
import type { InputProblem } from '../errors.js';
import { CONTROL_CHARACTERS, shellQuote } from './shell-quote.js';

/**
 * Kubernetes objects for the shards of a sweep: an Indexed Job (one pod per shard) and a merge Job,
 * plus a script that applies the first, waits until it completes or fails, then applies and waits
 * for the second (Kubernetes has no dependency between Jobs; `kubectl wait --for=condition=complete`
 * alone waits forever when a Job fails). Pure functions; the CLI writes the files.
 *
 * What runs: a stock Node image (default node:20) with the built sgd-sde checkout on the volume
 * claim, mounted at /data in every pod (`node /data/sgd-sde/bin/sgd-sde.js …`; --checkout names
 * another place), or an image that has sgd-sde on PATH (--installed). Layout of the volume:
 *
 *   /data/sgd-sde/                 the built checkout (dist/ and node_modules/ included)
 *   /data/<name>/input/…           the scenario file and every data file it reads, at the same
 *                                  places relative to each other as on this machine
 *   /data/<name>/shards/           the shard files;   /data/<name>/   the merged results
 *
 * Commands are exec-form argument arrays: no shell in any pod, so a file name such as
 * `a b$(touch X).json` arrives as one literal argument. Kubernetes itself expands `$(VAR)` in
 * command and args, so every `$` of a path is written `$$` (its escape); the shard index comes in
 * as `$(SHARD_INDEX)`, an environment variable set from the pod's completion-index annotation.
 * The merge pod names the shard directory and `--of N` (merge takes a directory's
 * shard-K-of-N.json files: no glob, hence no shell, needed).
 *
 * Needs Kubernetes ≥ 1.29: backoffLimitPerIndex (each shard retried on its own) is beta and on by
 * default from 1.29, GA from 1.33; 1.28 has it only behind the JobBackoffLimitPerIndex feature
 * gate, and older servers refuse or drop the field.
 */
export const MIN_KUBERNETES_VERSION = '1.29';
export const DATA_MOUNT = '/data';
export const DEFAULT_CHECKOUT = '/data/sgd-sde';

export interface K8sJob {
  /** the scenario's name: letters, digits, `.`, `_`, `-` */
  name: string;
  /** the scenario file on this machine (absolute) */
  scenario: string;
  /** the data files the scenario reads: JSON path and the path as written in the scenario */
  dataFiles: { at: string; file: string }[];
  seed: number;
  quick: boolean;
  shards: number;
}

export interface K8sOptions {
  image: string;
  /** PersistentVolumeClaim mounted at /data in every pod */
  volumeClaim: string;
  parallelism: number;
  cpus: number;
  /** Kubernetes memory quantity, e.g. 4Gi */
  memory: string;
  /** the built checkout inside the pods, or null when the image has sgd-sde on PATH */
  checkout: string | null;
}

/** A file to copy onto the volume before the Job runs. */
export interface VolumeCopy {
  local: string;
  pod: string;
}

export interface K8sPlan {
  shards: Record<string, unknown>;
  merge: Record<string, unknown>;
  /** the Jobs' names */
  shardsJob: string;
  mergeJob: string;
  /** what to copy onto the volume (scenario and data files) */
  copies: VolumeCopy[];
  /** the results' directory inside the pods */
  outDir: string;
}

const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,254}$/;
const QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

/** Every problem with the options and the files of a Kubernetes job, each naming its option or field. */
export function k8sJobProblems(job: K8sJob, o: Omit<K8sOptions, 'parallelism' | 'cpus'>): InputProblem[] {
  const problems: InputProblem[] = [];
  if (!IMAGE.test(o.image)) problems.push({ path: '--image', message: 'must be a container image reference such as node:20 or registry.example/sgd-sde:1 (no spaces or control characters)', value: o.image });
  if (!DNS_SUBDOMAIN.test(o.volumeClaim)) problems.push({ path: '--volume-claim', message: 'must be the name of a PersistentVolumeClaim (lower-case letters, digits, "-" and ".")', value: o.volumeClaim });
  if (!QUANTITY.test(o.memory)) problems.push({ path: '--mem', message: 'must be a Kubernetes memory quantity such as 800Mi or 4Gi', value: o.memory });
  if (o.checkout !== null && (!posix.isAbsolute(o.checkout) || CONTROL_CHARACTERS.test(o.checkout))) problems.push({ path: '--checkout', message: 'must be the absolute path of the built checkout inside the pods (e.g. /data/sgd-sde), without control characters', value: o.checkout });
  if (CONTROL_CHARACTERS.test(job.scenario)) problems.push({ path: 'scenario', message: 'its path holds a newline or a control character: rename the file', value: job.scenario });
  for (const { at, file } of job.dataFiles) {
    if (isAbsolute(file)) problems.push({ path: at, message: `is an absolute path (${file}), which the pods cannot see: they see only the volume claim; write it relative to the scenario file so that it can be copied beside it`, value: file });
    else if (CONTROL_CHARACTERS.test(file)) problems.push({ path: at, message: 'holds a newline or a control character: rename the file', value: file });
  }
  return problems;
}

/** The Job name: a DNS-1123 label of at most 63 characters, with room for -shards / -merge. */
export function k8sJobName(name: string): string {
  return `sgd-sde-${name}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 50).replace(/-+$/, '');
}

/** Kubernetes expands $(VAR) in command and args; `$$` is a literal `$`. */
function literal(arg: string): string {
  return arg.replace(/\$/g, '$$$$');
}

/** The deepest directory that holds every path. */
function commonDirectory(paths: string[]): string {
  let common = paths[0];
  for (const p of paths.slice(1)) {
    for (;;) {
      const rel = relative(common, p);
      if (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) break;
      common = dirname(common);
    }
  }
  return common;
}

/** Pod path of a local file under the input root (posix separators). */
function podPath(root: string, base: string, local: string): string {
  return posix.join(root, ...relative(base, local).split(sep));
}

export function k8sPlan(job: K8sJob, o: K8sOptions): K8sPlan {
  const jobName = k8sJobName(job.name);
  const root = posix.join(DATA_MOUNT, job.name);
  const inputRoot = posix.join(root, 'input');
  const shardDir = posix.join(root, 'shards');
  const scenarioDir = dirname(job.scenario);
  const dataLocal = job.dataFiles.map((f) => resolve(scenarioDir, f.file));
  const base = commonDirectory([scenarioDir, ...dataLocal.map((f) => dirname(f))]);
  const podScenario = podPath(inputRoot, base, job.scenario);
  const copies: VolumeCopy[] = [job.scenario, ...dataLocal].map((local) => ({ local, pod: podPath(inputRoot, base, local) }));
  const exe = o.checkout === null ? ['sgd-sde'] : ['node', posix.join(o.checkout, 'bin', 'sgd-sde.js')];
  const resources = { requests: { cpu: String(o.cpus), memory: o.memory }, limits: { memory: o.memory } };
  const pod = (args: string[], env: Record<string, unknown>[]) => ({
    spec: {
      restartPolicy: 'Never',
      containers: [{
        name: 'sgd-sde',
        image: o.image,
        command: exe.map(literal),
        args,
        ...(env.length > 0 ? { env } : {}),
        resources,
        volumeMounts: [{ name: 'data', mountPath: DATA_MOUNT }],
      }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: o.volumeClaim } }],
    },
  });
  const labels = { app: 'sgd-sde', scenario: jobName };
  const shardIndex = { name: 'SHARD_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } };
  const shards = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${jobName}-shards`, labels },
    spec: {
      completionMode: 'Indexed',
      completions: job.shards,
      parallelism: Math.min(o.parallelism, job.shards),
      backoffLimitPerIndex: 2,
      template: pod([
        'run', literal(podScenario), '--seed', String(job.seed), ...(job.quick ? ['--quick'] : []),
        '--shard', `$(SHARD_INDEX)/${job.shards}`, '--workers', String(o.cpus), '--out', literal(shardDir),
      ], [shardIndex]),
    },
  };
  const merge = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${jobName}-merge`, labels },
    spec: {
      completions: 1,
      backoffLimit: 1,
      template: pod(['merge', literal(shardDir), '--of', String(job.shards), '--out', literal(root), '--force'], []),
    },
  };
  return { shards, merge, shardsJob: `${jobName}-shards`, mergeJob: `${jobName}-merge`, copies, outDir: root };
}

/**
 * A POSIX sh script: apply the shard Job, wait until it is Complete (go on) or Failed (stop with
 * exit 1 and say how to look), then the same for the merge Job. Polls the Job's conditions every
 * 10 s, so a failed Job ends the wait instead of hanging it.
 */
export function k8sRunScript(plan: K8sPlan, shardsFile: string, mergeFile: string): string {
  return [
    '#!/bin/sh',
    `# run the shards, then the merge, of one sweep on Kubernetes (needs Kubernetes >= ${MIN_KUBERNETES_VERSION}: backoffLimitPerIndex)`,
    '# copy the checkout, the scenario and its data files onto the volume claim first (printed by `sgd-sde k8s`)',
    'set -eu',
    'wait_job() {',
    '  while :; do',
    '    conditions=$(kubectl get job "$1" -o \'jsonpath={range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}\')',
    '    case " $conditions " in',
    '      *" Failed "*) echo "job $1 failed: kubectl describe job $1; kubectl logs -l job-name=$1" >&2; return 1 ;;',
    '      *" Complete "*) return 0 ;;',
    '    esac',
    '    sleep 10',
    '  done',
    '}',
    `kubectl apply -f ${shellQuote(shardsFile)}`,
    `wait_job ${shellQuote(plan.shardsJob)}`,
    `kubectl apply -f ${shellQuote(mergeFile)}`,
    `wait_job ${shellQuote(plan.mergeJob)}`,
    `echo "merged results in ${plan.outDir} on the volume claim"`,
    '',
  ].join('\n');
}
