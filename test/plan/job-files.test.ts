import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The job files of `sgd-sde slurm` and `sgd-sde k8s` have the shape the engines need: an sbatch
 * array over every shard with the task index and worker count from Slurm's environment, a merge
 * job chained with afterok; an Indexed Job with JOB_COMPLETION_INDEX. `run --plan` prints the cost.
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
    for (const d of ['--array=0-5', '--partition=short', '--time=01:30:00', '--cpus-per-task=4', '--mem=2G', `--output=${out}/logs/%x-%A_%a.out`]) expect(lines).toContain(`#SBATCH ${d}`);
    expect(array).toMatch(/ run \S+collapse-linreg\.json --seed 1 --quick \\\n {2}--shard "\$SLURM_ARRAY_TASK_ID\/6" --workers "\$\{SLURM_CPUS_PER_TASK:-1\}" \\\n {2}--out \S+\/shards\n/);
    const merge = readFileSync(join(out, 'collapse-linreg.merge.sbatch'), 'utf8');
    expect(merge).toContain('#SBATCH --cpus-per-task=1');
    expect(merge).toContain(` merge ${out}/shards/shard-*-of-6.json --out ${out} --force`);
    const submit = readFileSync(join(out, 'submit.sh'), 'utf8');
    expect(submit).toMatch(/array=\$\(sbatch --parsable \S+array\.sbatch\)/);
    expect(submit).toMatch(/sbatch --parsable --dependency=afterok:"\$array" \S+merge\.sbatch/);
    expect(statSync(join(out, 'submit.sh')).mode & 0o111).not.toBe(0);
    expect(r.stdout).toContain('sbatch --dependency=afterok:<array job id>');
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
    expect(container.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(container.command[2]).toContain('--shard "$JOB_COMPLETION_INDEX/5" --workers 2');
    expect(container.command[2]).toContain('--seed 1 --quick');
    expect(container.resources.requests.cpu).toBe('2');
    expect(container.volumeMounts[0].mountPath).toBe('/data');
    expect(pod.volumes[0].persistentVolumeClaim.claimName).toBe('sgd-sde-data');
    const merge = JSON.parse(readFileSync(join(out, 'collapse-linreg.k8s-merge.json'), 'utf8'));
    expect(merge.kind).toBe('Job');
    expect(merge.spec.completionMode).toBeUndefined();
    expect(merge.spec.template.spec.containers[0].command[2]).toContain('merge /data/collapse-linreg/shards/shard-*-of-5.json');
    expect(r.stdout).toMatch(/kubectl wait --for=condition=complete --timeout=-1s job\//);
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
