import type { InputProblem } from '../errors.js';
import { CONTROL_CHARACTERS, shellQuote } from './shell-quote.js';

/**
 * Slurm job files for the shards of a sweep (we never schedule anything ourselves): a job array,
 * one task per shard, and a merge job that starts only when every array task ended well
 * (`--dependency=afterok:<array job id>`), plus a wrapper that submits both. Pure functions from a
 * description to text; the CLI writes the files.
 *
 * Every array task runs `COMMAND run SCENARIO --seed S [--quick] --shard $TASK/N --out SHARDS`;
 * the seed is written out so that every task (and a re-run of one) uses the same one. COMMAND is
 * the user's (--command), `sgd-sde` from PATH by default: nothing ties the scripts to the machine
 * that wrote them. The merge job has its own, short time limit (--merge-time): it analyses the
 * cells, it does not compute them.
 *
 * Quoting (nothing the user names may become a command or a directive): paths in the shell lines
 * are single-quoted (shell-quote.ts); the one path in a directive, --output, is double-quoted for
 * sbatch's own parser (a `"` inside escaped as `\"`, a `%` as `%%`: Slurm's filename pattern);
 * control characters and newlines are refused in every free-text option (a newline in a #SBATCH
 * line ends the directives there and runs the rest as a command in every task), a backslash in the
 * output directory too (it switches Slurm's %-patterns off), and a partition name is limited to
 * Slurm's name characters.
 */
export interface SlurmJob {
  /** the scenario's name (job names, file names): letters, digits, `.`, `_`, `-` */
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
  /** the command that runs sgd-sde: shell words, as the user wrote them */
  command: string;
}

export interface SlurmOptions {
  partition?: string;
  /** time limit of each array task, in a Slurm time syntax */
  time: string;
  /** time limit of the merge job */
  mergeTime: string;
  cpusPerTask: number;
  /** Slurm --mem value, e.g. 4G or 800M */
  mem: string;
  /** where Slurm writes each task's stdout/stderr (must exist before submission) */
  logDir: string;
}

/** The command tasks run when --command is not given: sgd-sde from PATH on the compute nodes. */
export const DEFAULT_SLURM_COMMAND = 'sgd-sde';

/**
 * Slurm's time syntaxes (sbatch --time): minutes, minutes:seconds, hours:minutes:seconds,
 * days-hours, days-hours:minutes, days-hours:minutes:seconds, or UNLIMITED / INFINITE.
 */
const SLURM_TIME = /^(?:\d{1,9}(?::\d{1,2}){0,2}|\d{1,6}-\d{1,2}(?::\d{1,2}){0,2}|unlimited|infinite)$/i;
export const SLURM_TIME_RULE = 'a Slurm time: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 90, 1:00, 02:30:00, 1-12), or UNLIMITED';

export function isSlurmTime(text: string): boolean {
  if (!SLURM_TIME.test(text)) return false;
  if (/^(unlimited|infinite)$/i.test(text)) return true;
  // after the first field come minutes and seconds (< 60); after a day count, hours (< 24)
  const dash = text.indexOf('-');
  const fields = (dash >= 0 ? text.slice(dash + 1) : text).split(':').map(Number);
  if (dash >= 0 && fields[0] > 23) return false;
  return fields.slice(1).every((f) => f < 60);
}

/** Slurm --mem: a number with an optional unit. */
export const SLURM_MEM = /^\d{1,12}[KMGT]?$/;
/** Partition names (a comma-separated list is allowed): Slurm's name characters only. */
export const SLURM_PARTITION = /^[A-Za-z0-9_.-]{1,64}(,[A-Za-z0-9_.-]{1,64})*$/;

/** Every problem with the free-text parts of a Slurm job, each naming its option. */
export function slurmJobProblems(o: { partition?: string; time?: string; mergeTime?: string; mem?: string; command?: string; scenario?: string; outDir?: string }): InputProblem[] {
  const problems: InputProblem[] = [];
  if (o.partition !== undefined && !SLURM_PARTITION.test(o.partition)) problems.push({ path: '--partition', message: 'must be a Slurm partition name (letters, digits, "_", ".", "-"; several separated by commas)', value: o.partition });
  if (o.time !== undefined && !isSlurmTime(o.time)) problems.push({ path: '--time', message: `must be ${SLURM_TIME_RULE}`, value: o.time });
  if (o.mergeTime !== undefined && !isSlurmTime(o.mergeTime)) problems.push({ path: '--merge-time', message: `must be ${SLURM_TIME_RULE}`, value: o.mergeTime });
  if (o.mem !== undefined && !SLURM_MEM.test(o.mem)) problems.push({ path: '--mem', message: 'must be a Slurm memory size such as 800M or 4G', value: o.mem });
  if (o.command !== undefined && (o.command.trim() === '' || CONTROL_CHARACTERS.test(o.command))) problems.push({ path: '--command', message: 'must be a one-line command (no newline or control character), e.g. "node /shared/sgd-sde/bin/sgd-sde.js"', value: o.command });
  if (o.scenario !== undefined && CONTROL_CHARACTERS.test(o.scenario)) problems.push({ path: 'scenario', message: 'its path holds a newline or a control character, which cannot go into a job script: rename the file', value: o.scenario });
  if (o.outDir !== undefined && (CONTROL_CHARACTERS.test(o.outDir) || o.outDir.includes('\\'))) problems.push({ path: '--out', message: 'the path holds a newline, a control character or a backslash, which cannot go into a #SBATCH directive: choose another directory', value: o.outDir });
  return problems;
}

/** A filename pattern for a #SBATCH line: double-quoted for sbatch, `"` escaped, `%` doubled (a literal `%`). */
function quotedPattern(literal: string, pattern: string): string {
  return `"${literal.replace(/"/g, '\\"').replace(/%/g, '%%')}${pattern}"`;
}

function runFlags(job: SlurmJob): string {
  return `--seed ${job.seed}${job.quick ? ' --quick' : ''}`;
}

function header(o: SlurmOptions, jobName: string, cpus: number, time: string): string[] {
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${jobName}`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    `#SBATCH --time=${time}`,
    `#SBATCH --cpus-per-task=${cpus}`,
    `#SBATCH --mem=${o.mem}`,
    '#SBATCH --ntasks=1',
  ];
}

export function slurmArrayScript(job: SlurmJob, o: SlurmOptions): string {
  return [
    ...header(o, `sgd-sde-${job.name}`, o.cpusPerTask, o.time),
    `#SBATCH --array=0-${job.shards - 1}`,
    `#SBATCH --output=${quotedPattern(`${o.logDir}/`, '%x-%A_%a.out')}`,
    '# one task per shard; a failed or preempted task re-runs alone: sbatch --array=<its index> this file',
    'set -euo pipefail',
    `exec ${job.command} run ${shellQuote(job.scenario)} ${runFlags(job)} \\`,
    `  --shard "$SLURM_ARRAY_TASK_ID/${job.shards}" --workers "\${SLURM_CPUS_PER_TASK:-1}" \\`,
    `  --out ${shellQuote(job.shardDir)}`,
    '',
  ].join('\n');
}

export function slurmMergeScript(job: SlurmJob, o: SlurmOptions): string {
  return [
    ...header(o, `sgd-sde-${job.name}-merge`, 1, o.mergeTime),
    `#SBATCH --output=${quotedPattern(`${o.logDir}/`, '%x-%j.out')}`,
    '# submitted with --dependency=afterok:<array job id>: runs once every shard finished',
    'set -euo pipefail',
    `exec ${job.command} merge ${shellQuote(job.shardDir)}/shard-*-of-${job.shards}.json --out ${shellQuote(job.outDir)} --force`,
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
