import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * End to end through the compiled CLI on a tiny gradient-noise scenario (small model, short trajectory, three frontier batch sizes):
 * the kind is registered, its cells run on the worker pool through ctx.runCells, and results.json
 * is the same bytes for 1 and 2 workers. A smoke test of the wiring, not of the statistics (those are
 * the predictions of scenarios/gradient-noise-linreg.json).
 */
const root = join(import.meta.dirname, '..', '..', '..');
const scenario = {
  name: 'gradient-noise-tiny',
  experiment: 'gradient-noise',
  seed: 3,
  model: { kind: 'linear-regression', n: 200, dim: 4, inputSpectrum: { powerLaw: { exponent: 1, scale: 1 } }, labelNoise: 0.5 },
  optimizer: { lr: 0.05, batchSize: 8, sampler: 'with-replacement' },
  start: { scale: 1 },
  trajectory: { steps: 100, checkpoints: 3, pairs: 500, small: 2, big: 16 },
  frontier: { batchSizes: [2, 16, 64], lr: 'optimal', targetExcess: 0.05, replicas: 4, maxSteps: 20000 },
};

function run(workers: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-gn-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), 'run', file, '--no-plots', '--workers', workers, '--out', out], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, stderr: r.stderr, results: r.status === 0 || r.status === 1 ? readFileSync(join(out, 'results.json'), 'utf8') : '' };
}

describe('gradient-noise end to end', () => {
  it('runs a tiny scenario (exit 0 or 1, never 2/3/70), with the same results.json for 1 and 2 workers', () => {
    const a = run('1');
    expect(a.stderr).not.toMatch(/internal error/);
    expect([0, 1]).toContain(a.code);
    const res = JSON.parse(a.results);
    expect(res.predictions.map((p: { id: string }) => p.id)).toContain('two-batch.vs.exact');
    expect(run('2').results).toBe(a.results);
  });
});
