import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellQuote } from '../../src/plan/shell-quote.js';
import { jobState, slurmMissing, startSlurmCluster, type SlurmCluster } from './slurm-cluster.js';

/**
 * A real Slurm cluster (one node, localhost; see slurm-cluster.ts for what it needs): the job
 * array that `sgd-sde slurm` writes for a small toy batch-size sweep (the shipped toy landscape,
 * 5 batch sizes × 2 seeds; toy-batch-size --quick itself is 44 core-seconds, too long for the
 * suite on 2 cores) in 4 shards, and its merge job
 * (--dependency=afterok on the array), run through sbatch; the merged results.json must be
 * byte-identical to the unsharded run's. The scenario and the output directory lie under a path
 * with a space, quotes, `$(…)` and `#` (sbatch parses the quoted #SBATCH --output itself, bash the
 * quoted command lines), and the tasks start this checkout through --command. Skipped, saying why, where Slurm or munge is absent (CI
 * installs them in .ci/run, so it runs there). The daemons are stopped by PID in afterAll.
 */
const root = join(import.meta.dirname, '..', '..');
const missing = slurmMissing();
if (missing) console.warn(`skipping the Slurm cluster test: ${missing}`);

describe.skipIf(missing !== null)('Slurm job array of a sweep, on a single-node cluster', () => {
  let cluster: SlurmCluster | undefined;
  const started = Date.now();

  beforeAll(async () => {
    cluster = await startSlurmCluster();
  });

  afterAll(async () => {
    await cluster?.stop();
    console.info(`Slurm test wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it('4 array tasks + an afterok merge job give the bytes of the unsharded run', async () => {
    const c = cluster as SlurmCluster;
    const dir = join(mkdtempSync(join(tmpdir(), 'sgd-sde-slurm-run-')), `a space $(touch PWNED) 'q' #x`);
    mkdirSync(dir);
    const scenario = join(dir, 'toy sweep.json');
    writeFileSync(scenario, JSON.stringify({
      experiment: 'batch-size', name: 'toy-sweep', seed: 3,
      model: { kind: 'potential', n: 64, noise: { variance: 1 } },
      optimizer: { lr: 0.05 }, batchSizes: [2, 4, 8, 16, 32],
      run: { seeds: 2, sdeTime: 100, burnInTime: 10 }, fit: { bootstrap: 50 }, theory: { gridPoints: 201 },
    }));
    const cli = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), ...args], { cwd: root, encoding: 'utf8', env: c.env });

    const command = `${shellQuote(process.execPath)} ${shellQuote(join(root, 'bin', 'sgd-sde.js'))}`;
    const written = cli(['slurm', scenario, '--shards', '4', '--cpus-per-task', '1', '--mem', '500M', '--time', '10:00', '--merge-time', '5:00', '--command', command, '--out', join(dir, 'cluster')]);
    expect(written.status, written.stderr).toBe(0);
    const array = readFileSync(join(dir, 'cluster', 'toy-sweep.array.sbatch'), 'utf8');
    expect(array).toContain('#SBATCH --array=0-3');
    expect(array).toContain('--shard "$SLURM_ARRAY_TASK_ID/4" --workers "${SLURM_CPUS_PER_TASK:-1}"');

    const submit = spawnSync(join(dir, 'cluster', 'submit.sh'), [], { cwd: dir, encoding: 'utf8', env: c.env });
    expect(submit.status, `${submit.stderr}\n${c.logs()}`).toBe(0);
    const ids = /array job (\d+), merge job (\d+)/.exec(submit.stdout);
    expect(ids, submit.stdout).not.toBeNull();
    const [arrayId, mergeId] = [ids![1], ids![2]];
    expect(spawnSync('scontrol', ['show', 'job', mergeId], { env: c.env, encoding: 'utf8' }).stdout).toMatch(new RegExp(`Dependency=afterok:${arrayId}`));

    // meanwhile, the unsharded run on this machine
    const single = cli(['run', scenario, '--no-plots', '--workers', '1', '--out', join(dir, 'single')]);
    expect([0, 1], single.stderr).toContain(single.status);

    const deadline = Date.now() + 600_000; // a hang limit: the jobs finish in about a minute on an idle machine
    let state = jobState(c.env, mergeId);
    while (!['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY'].includes(state) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      state = jobState(c.env, mergeId);
      if (state === 'PENDING' && ['FAILED', 'CANCELLED', 'TIMEOUT'].includes(jobState(c.env, arrayId))) break; // afterok can never be met
    }
    const logDir = join(dir, 'cluster', 'logs');
    const taskLogs = existsSync(logDir) ? readdirSync(logDir).map((f) => `--- ${f}\n${readFileSync(join(logDir, f), 'utf8').slice(-2000)}`).join('\n') : '(no task logs)';
    // the merge exits 1 when a prediction fails (this tiny sweep is too short for the theory): Slurm
    // calls that FAILED; what matters here is that it ran after the whole array and merged
    const exit = /ExitCode=(\d+):/.exec(spawnSync('scontrol', ['show', 'job', '-o', mergeId], { env: c.env, encoding: 'utf8' }).stdout)?.[1];
    const why = `merge job ${mergeId} ended ${state || 'unknown'}, exit ${exit} (array ${arrayId}: ${jobState(c.env, arrayId)})\n${taskLogs}\n${c.logs()}`;
    expect(jobState(c.env, arrayId), why).toBe('COMPLETED');
    expect(state === 'COMPLETED' || (state === 'FAILED' && exit === '1'), why).toBe(true);
    expect(readdirSync(join(dir, 'cluster', 'shards')).sort()).toEqual([0, 1, 2, 3].map((k) => `shard-${k}-of-4.json`));
    expect(readdirSync(logDir).length).toBe(5); // Slurm wrote each task's log where the quoted --output said
    expect(existsSync(join(dir, 'PWNED')) || existsSync(join(dir, 'cluster', 'PWNED')) || existsSync('PWNED')).toBe(false);
    const merged = readFileSync(join(dir, 'cluster', 'results.json'));
    expect(merged.equals(readFileSync(join(dir, 'single', 'results.json')))).toBe(true);
  });
});
