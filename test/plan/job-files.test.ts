import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSlurmTime } from '../../src/plan/slurm-scripts.js';

/**
 * The job files of `sgd-sde slurm` and `sgd-sde k8s` have the shape the engines need: an sbatch
 * array over every shard with the task index and worker count from Slurm's environment, a merge
 * job chained with afterok and its own short time limit, tasks that start `sgd-sde` from PATH unless
 * --command says otherwise (nothing of the submitting machine); an Indexed Job whose pods take the
 * shard index from their completion-index annotation, with exec-form commands (no shell) that run
 * the checkout on the volume with a stock Node image. `run --plan` prints the cost.
 */
const root = join(import.meta.dirname, '..', '..');
const cli = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), ...args], { cwd: root, encoding: 'utf8' });
const scenario = join(root, 'scenarios', 'collapse-linreg.json');

describe('job files', () => {
  it('slurm: an array of N tasks, a merge job, a submit wrapper that chains them with afterok', () => {
    const out = mkdtempSync(join(tmpdir(), 'sgd-sde-slurm-files-'));
    const r = cli(['slurm', scenario, '--quick', '--shards', '6', '--partition', 'short', '--time', '01:30:00', '--cpus-per-task', '4', '--mem', '2G', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const array = readFileSync(join(out, 'collapse-linreg.array.sbatch'), 'utf8');
    const lines = array.split('\n');
    expect(lines[0]).toBe('#!/bin/bash');
    for (const d of ['--array=0-5', '--partition=short', '--time=01:30:00', '--cpus-per-task=4', '--mem=2G', `--output="${out}/logs/%x-%A_%a.out"`]) expect(lines).toContain(`#SBATCH ${d}`);
    expect(array).toMatch(/\nexec sgd-sde run \S+collapse-linreg\.json --seed 1 --quick \\\n {2}--shard "\$SLURM_ARRAY_TASK_ID\/6" --workers "\$\{SLURM_CPUS_PER_TASK:-1\}" \\\n {2}--out \S+\/shards\n/);
    const merge = readFileSync(join(out, 'collapse-linreg.merge.sbatch'), 'utf8');
    expect(merge).toContain('#SBATCH --cpus-per-task=1');
    expect(merge).toContain('#SBATCH --time=00:30:00'); // its own short limit, not the tasks' 01:30:00
    expect(merge).toContain(`exec sgd-sde merge ${out}/shards/shard-*-of-6.json --out ${out} --force`);
    // nothing of this machine: no node binary, no checkout path (unless --command asks for one)
    for (const text of [array, merge]) {
      expect(text).not.toContain(process.execPath);
      expect(text).not.toContain(join(root, 'bin'));
    }
    expect(r.stdout).toMatch(/the tasks run `sgd-sde` from PATH on the compute nodes; to run this checkout from a shared filesystem instead, add: --command /);
    const submit = readFileSync(join(out, 'submit.sh'), 'utf8');
    expect(submit).toMatch(/array=\$\(sbatch --parsable \S+array\.sbatch\)/);
    expect(submit).toMatch(/sbatch --parsable --dependency=afterok:"\$array" \S+merge\.sbatch/);
    expect(statSync(join(out, 'submit.sh')).mode & 0o111).not.toBe(0);
    expect(r.stdout).toContain('sbatch --dependency=afterok:<array job id>');
  });

  it('slurm: every Slurm time syntax is taken, malformed ones are refused; --command runs what it says', () => {
    for (const time of ['1:00', '90', '0', '01:30:00', '100:00:00', '1-12', '1-12:30', '2-00:00:00', 'UNLIMITED', 'infinite']) expect(isSlurmTime(time), time).toBe(true);
    for (const time of ['1:60', '25:99:00', '1-24', 'abc', '1:00:00:00', '-1', '', '1-', '1:0a', '1:00\n#SBATCH --mem=1']) expect(isSlurmTime(time), time).toBe(false);
    const out = mkdtempSync(join(tmpdir(), 'sgd-sde-slurm-files-'));
    const command = `${process.execPath} ${join(root, 'bin', 'sgd-sde.js')}`;
    const r = cli(['slurm', scenario, '--shards', '2', '--time', '1:00', '--merge-time', '5:00', '--command', command, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const array = readFileSync(join(out, 'collapse-linreg.array.sbatch'), 'utf8');
    expect(array).toContain('#SBATCH --time=1:00\n');
    expect(array).toContain(`exec ${command} run `);
    expect(readFileSync(join(out, 'collapse-linreg.merge.sbatch'), 'utf8')).toContain('#SBATCH --time=5:00\n');
    const bad = cli(['slurm', scenario, '--shards', '2', '--time', '1:60', '--merge-time', '1-24', '--out', out]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--time: must be a Slurm time: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS/);
    expect(bad.stderr).toMatch(/--merge-time: must be a Slurm time/);
  });

  it('slurm: time and memory default to the cost model; a stationary scenario is refused (exit 2)', () => {
    const out = mkdtempSync(join(tmpdir(), 'sgd-sde-slurm-files-'));
    const r = cli(['slurm', scenario, '--shards', '3', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const array = readFileSync(join(out, 'collapse-linreg.array.sbatch'), 'utf8');
    expect(array).toMatch(/#SBATCH --time=00:10:00\n/); // at least 10 minutes for a small sweep
    expect(array).toMatch(/#SBATCH --mem=\d+00M\n/);
    const bad = cli(['slurm', join(root, 'scenarios', 'quickstart.json'), '--shards', '3', '--out', out]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/stationary scenarios cannot be sharded/);
  });

  it('k8s: an Indexed Job with JOB_COMPLETION_INDEX, completions and parallelism, and a merge Job', () => {
    const out = mkdtempSync(join(tmpdir(), 'sgd-sde-k8s-files-'));
    const r = cli(['k8s', scenario, '--quick', '--shards', '5', '--parallelism', '2', '--cpus-per-task', '2', '--image', 'registry.example/sgd-sde:1', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const job = JSON.parse(readFileSync(join(out, 'collapse-linreg.k8s-shards.json'), 'utf8'));
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.kind).toBe('Job');
    expect(job.metadata.name).toMatch(/^[a-z0-9-]+$/);
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.completions).toBe(5);
    expect(job.spec.parallelism).toBe(2);
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    const container = pod.containers[0];
    expect(container.image).toBe('registry.example/sgd-sde:1');
    // exec form: the checkout on the volume under a stock Node, no shell
    expect(container.command).toEqual(['node', '/data/sgd-sde/bin/sgd-sde.js']);
    expect(container.args).toEqual(['run', '/data/collapse-linreg/input/collapse-linreg.json', '--seed', '1', '--quick', '--shard', '$(SHARD_INDEX)/5', '--workers', '2', '--out', '/data/collapse-linreg/shards']);
    expect(container.env).toEqual([{ name: 'SHARD_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }]);
    expect(container.resources.requests.cpu).toBe('2');
    expect(container.volumeMounts[0].mountPath).toBe('/data');
    expect(pod.volumes[0].persistentVolumeClaim.claimName).toBe('sgd-sde-data');
    const merge = JSON.parse(readFileSync(join(out, 'collapse-linreg.k8s-merge.json'), 'utf8'));
    expect(merge.kind).toBe('Job');
    expect(merge.spec.completionMode).toBeUndefined();
    expect(merge.spec.template.spec.containers[0].args).toEqual(['merge', '/data/collapse-linreg/shards', '--of', '5', '--out', '/data/collapse-linreg', '--force']);
    expect(r.stdout).toContain('needs Kubernetes >= 1.29 (backoffLimitPerIndex)');
    expect(r.stdout).toMatch(new RegExp(`\\n  ${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  ->  /data/sgd-sde\\n`));
    expect(r.stdout).toContain(`${scenario}  ->  /data/collapse-linreg/input/collapse-linreg.json`);
    expect(readFileSync(join(out, 'collapse-linreg.k8s-run.sh'), 'utf8')).toContain('wait_job sgd-sde-collapse-linreg-shards');
  });

  it('run --plan prints cells, core-hours and memory and runs nothing', () => {
    const out = mkdtempSync(join(tmpdir(), 'sgd-sde-plan-'));
    const r = cli(['run', scenario, '--plan', '--out', join(out, 'x')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/cells: +36\n/);
    expect(r.stdout).toMatch(/core-hours: +\S+ \(/);
    expect(r.stdout).toMatch(/memory: +\d/);
    expect(r.stdout).toMatch(/4 shards: +longest shard/);
    expect(spawnSync('ls', [join(out, 'x')]).status).not.toBe(0); // nothing written
  });
});
