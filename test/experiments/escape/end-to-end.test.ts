import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * End to end through the compiled CLI on a tiny escape scenario (Kramers series only, few replicas):
 * the kind is registered, its cells run on the worker pool through ctx.runCells, and results.json
 * is the same bytes for 1 and 2 workers. A smoke test of the wiring, not of the statistics (those are
 * the 13 predictions of scenarios/escape-kramers.json).
 */
const root = join(import.meta.dirname, '..', '..', '..');
const scenario = {
  name: 'escape-tiny',
  experiment: 'escape',
  seed: 3,
  noise: { variance: 400 },
  sampler: 'without-replacement',
  kramers: { lr: [0.01], n: [400], barrierOverT: [3, 3.5] },
  run: { replicas: 20, horizon: 8 },
};

function run(workers: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-escape-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), 'run', file, '--no-plots', '--workers', workers, '--out', out], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, stderr: r.stderr, results: r.status === 0 || r.status === 1 ? readFileSync(join(out, 'results.json'), 'utf8') : '' };
}

describe('escape end to end', () => {
  it('runs a tiny scenario (exit 0 or 1, never 2/3/70), with the same results.json for 1 and 2 workers', () => {
    const a = run('1');
    expect(a.stderr).not.toMatch(/internal error/);
    expect([0, 1]).toContain(a.code);
    const res = JSON.parse(a.results);
    expect(res.predictions.map((p: { id: string }) => p.id)).toContain('sgd.slope.vs.barrier');
    expect(run('2').results).toBe(a.results);
  });
});
