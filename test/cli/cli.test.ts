import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The public contract (README, "Commands"; docs/usage.md) through the compiled CLI (npm test builds first). */
const root = join(import.meta.dirname, '..', '..');
function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function scenarioFile(obj: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(obj));
  return file;
}
const valid = {
  experiment: 'stationary',
  model: { kind: 'quadratic', dim: 2, n: 20, spectrum: [1, 0.5] },
  optimizer: { lr: 0.05, batchSize: 4 },
  dynamics: { sgd: true, sde: false },
  run: { replicas: 16, steps: 500 },
};

describe('sgd-sde CLI', () => {
  it('run quickstart --quick: exit 0, the table, and results.json with the contract fields', () => {
    const out = mkdtempSync(join(tmpdir(), 'sgd-sde-out-'));
    const r = cli(['run', 'scenarios/quickstart.json', '--quick', '--out', out, '--no-plots']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sgd\.trace\.vs\.exact/);
    expect(r.stdout).toMatch(/predictions pass/);
    const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    for (const key of ['schemaVersion', 'scenario', 'seed', 'noiseScale', 'predictions', 'measured', 'theory']) expect(res).toHaveProperty(key);
    for (const key of ['g', 'gPaper', 'gApprox']) expect(typeof res.noiseScale[key]).toBe('number');
    for (const key of ['id', 'description', 'predicted', 'measured', 'stdError', 'tolerance', 'pass']) expect(res.predictions[0]).toHaveProperty(key);
    expect(res.measured.sgd.covariance).toHaveLength(2);
    expect(res.measured.sgd.covarianceStdError).toHaveLength(2);
    for (const key of ['ou', 'discrete', 'exact']) expect(res.theory[key].covariance).toHaveLength(2);
  });

  it('same seed, same bytes in results.json', () => {
    const a = mkdtempSync(join(tmpdir(), 'sgd-sde-a-'));
    const b = mkdtempSync(join(tmpdir(), 'sgd-sde-b-'));
    const file = scenarioFile(valid);
    expect(cli(['run', file, '--out', a, '--no-plots']).code).toBe(0);
    expect(cli(['run', file, '--out', b, '--no-plots']).code).toBe(0);
    expect(readFileSync(join(a, 'results.json'), 'utf8')).toBe(readFileSync(join(b, 'results.json'), 'utf8'));
  });

  it('an invalid scenario exits 2 and lists every problem by JSON path, writing nothing', () => {
    const out = mkdtempSync(join(tmpdir(), 'sgd-sde-bad-'));
    const bad = { ...valid, model: { ...valid.model, dim: 'two' }, optimizer: { lr: -0.1, batchSize: 500 }, colour: 'blue' };
    const r = cli(['run', scenarioFile(bad), '--out', out]);
    expect(r.code).toBe(2);
    for (const path of ['model.dim', 'optimizer.lr', 'optimizer.batchSize', 'colour']) expect(r.stderr).toContain(path);
    expect(r.stderr).toMatch(/unknown field/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(readdirSync(out)).toEqual([]);
  });

  it('B > N alone is reported with the allowed range', () => {
    const r = cli(['validate', scenarioFile({ ...valid, optimizer: { lr: 0.05, batchSize: 21 } })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/optimizer\.batchSize: must be ≤ N = 20/);
  });

  it('an unstable learning rate warns before running and exits 3 naming step, replica and bound; no NaN written', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sgd-sde-div-')), 'o');
    const r = cli(['run', scenarioFile({ ...valid, optimizer: { lr: 2.5, batchSize: 4 } }), '--out', out]);
    expect(r.stderr).toMatch(/warning: learning rate beyond the stability bound/);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/diverged at step \d+ in replica \d+/);
    expect(r.stderr).toMatch(/must be < 2/);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
  });

  it('noise-scale prints g, g_paper, g_approx and inverts a target g', () => {
    const r = cli(['noise-scale', '--lr', '0.1', '--n', '1000', '--batch', '10', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.gPaper).toBeCloseTo(0.1 * (100 - 1), 12);
    expect(o.gApprox).toBeCloseTo(10, 12);
    expect(o.g).toBeCloseTo((0.1 * 1000 * 990) / (10 * 999), 12);
    const inv = JSON.parse(cli(['noise-scale', '--lr', '0.1', '--n', '1000', '--g', String(o.gPaper), '--json']).stdout);
    expect(inv.batchForG).toBeCloseTo(10, 9);
    expect(cli(['noise-scale', '--lr', '-1', '--n', '10', '--batch', '2']).code).toBe(2);
  });

  it('list names the shipped scenarios; unknown commands exit 2', () => {
    const r = cli(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/quickstart\.json/);
    expect(cli(['frobnicate']).code).toBe(2);
  });
});
