import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away single-node Slurm cluster on localhost for the tests: its own munge key and munged
 * (own socket), a minimal slurm.conf, slurmctld and slurmd in the foreground, all state, spool,
 * logs and sockets under one temporary directory, and free TCP ports. Client commands (sbatch,
 * squeue, scontrol, sinfo) reach it through SLURM_CONF in `env`. Every daemon is started by this
 * module and stopped by its PID in stop(), never by name.
 *
 * What the configuration needed on a Debian 12 container (root, 2 cores, no systemd, cgroup v1):
 *  - munged refuses to run as root without --force; it runs in the foreground (-F) so its PID is
 *    the child's, with --socket/--key-file/--pid-file/--seed-file/--log-file under the temp dir
 *    (the socket's directory must not be writable by others: 0700), and slurm.conf points
 *    AuthInfo=socket=… at that socket so the system's munged (if any) is not needed;
 *  - SlurmUser=root and SlurmdUser=root (no slurm account needed);
 *  - ProctrackType=proctrack/linuxproc, TaskPlugin=task/none, JobAcctGatherType=jobacct_gather/none
 *    and AccountingStorageType=accounting_storage/none: nothing touches cgroups or a database;
 *  - SelectType=select/cons_tres with CR_CPU, so that tasks of the array share the node by CPU;
 *  - RealMemory on the node line (90% of the machine's): without it Slurm takes 1 MB and refuses any
 *    job with --mem ("Requested node configuration is not available");
 *  - NodeName=localhost with the real CPU count and `slurmd -N localhost`, because the machine's
 *    hostname ("vm") is not the node name;
 *  - ports picked free at start (SlurmctldPort, SlurmdPort), so a system Slurm or a parallel test
 *    does not collide.
 */
export interface SlurmCluster {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** the tail of every daemon log, for failure messages */
  logs(): string;
  stop(): Promise<void>;
}

const DAEMONS = ['munged', 'slurmctld', 'slurmd'] as const;

/** Why the cluster test cannot run here, or null when every binary is present. */
export function slurmMissing(): string | null {
  const missing = [...DAEMONS, 'sbatch', 'sinfo', 'squeue', 'scontrol'].filter((b) => spawnSync('sh', ['-c', `command -v ${b} || test -x /usr/sbin/${b}`]).status !== 0);
  if (missing.length > 0) return `Slurm/munge binaries not found: ${missing.join(', ')} (apt-get install slurm-wlm munge)`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'the single-node cluster runs its daemons as root; not root here';
  return null;
}

function which(b: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${b} || echo /usr/sbin/${b}`], { encoding: 'utf8' });
  return r.stdout.trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, timeoutMs: number, check: () => boolean, logs: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s\n${logs()}`);
}

export async function startSlurmCluster(): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-slurm-'));
  chmodSync(dir, 0o700);
  const munge = join(dir, 'munge');
  for (const d of [munge, join(dir, 'state'), join(dir, 'spool'), join(dir, 'log')]) mkdirSync(d, { recursive: true, mode: 0o700 });
  const key = join(munge, 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  const socket = join(munge, 'munge.socket');
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const cpus = availableParallelism();
  const conf = join(dir, 'slurm.conf');
  writeFileSync(conf, [
    'ClusterName=sgdsdetest',
    'SlurmctldHost=localhost',
    'SlurmUser=root',
    'SlurmdUser=root',
    `SlurmctldPort=${ctldPort}`,
    `SlurmdPort=${slurmdPort}`,
    'AuthType=auth/munge',
    `AuthInfo=socket=${socket}`,
    `StateSaveLocation=${join(dir, 'state')}`,
    `SlurmdSpoolDir=${join(dir, 'spool')}`,
    `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
    `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
    `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
    `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_CPU',
    'SchedulerType=sched/backfill',
    'MpiDefault=none',
    'ReturnToService=2',
    'MailProg=/bin/true',
    'SlurmctldTimeout=30',
    'SlurmdTimeout=30',
    'MinJobAge=600',
    `NodeName=localhost NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${Math.floor((0.9 * totalmem()) / 2 ** 20)} State=UNKNOWN`,
    'PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP',
    '',
  ].join('\n'));
  const env = { ...process.env, SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const logFiles = [join(munge, 'munged.log'), join(dir, 'log', 'slurmctld.log'), join(dir, 'log', 'slurmd.log'), join(dir, 'log', 'daemons.err')];
  const errors: string[] = [];
  const logs = () => logFiles.filter(existsSync).map((f) => `--- ${f} (last 30 lines)\n${readFileSync(f, 'utf8').split('\n').slice(-30).join('\n')}`).join('\n') + (errors.length ? `\n--- daemon stderr\n${errors.join('')}` : '');
  const start = (cmd: string, args: string[]) => {
    const child = spawn(which(cmd), args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d) => errors.push(`${cmd}: ${d}`));
    child.on('error', (err) => errors.push(`${cmd}: ${err.message}\n`));
    children.push(child);
    return child;
  };
  const stop = async () => {
    for (const child of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
    }
  };
  try {
    start('munged', ['-F', '--force', `--socket=${socket}`, `--key-file=${key}`, `--pid-file=${join(munge, 'munged.pid')}`, `--seed-file=${join(munge, 'munged.seed')}`, `--log-file=${join(munge, 'munged.log')}`]);
    await waitFor('munged socket', 120_000, () => existsSync(socket), logs);
    start('slurmctld', ['-D', '-i', '-f', conf]);
    start('slurmd', ['-D', '-N', 'localhost', '-f', conf]);
    await waitFor('node localhost idle in sinfo', 300_000, () => {
      const r = spawnSync('sinfo', ['-h', '-N', '-o', '%T'], { env, encoding: 'utf8' });
      return r.status === 0 && r.stdout.trim() === 'idle';
    }, logs);
  } catch (err) {
    await stop();
    throw err;
  }
  return { dir, env, logs, stop };
}

/** JobState of a job (scontrol keeps finished jobs for MinJobAge seconds); '' when unknown. */
export function jobState(env: NodeJS.ProcessEnv, id: string): string {
  const r = spawnSync('scontrol', ['show', 'job', '-o', id], { env, encoding: 'utf8' });
  const states = [...r.stdout.matchAll(/JobState=(\S+)/g)].map((m) => m[1]);
  if (states.length === 0) return '';
  // an array: every task's state; report the "least finished" one
  for (const s of ['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY']) if (states.includes(s)) return s;
  return states[0];
}
