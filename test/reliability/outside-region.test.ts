import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

/**
 * Issue 15, item 10: a stationary prediction at ε λ_max at or over the stability bound (2 without
 * momentum) has no region: SGD has no stationary distribution, and a finite run's standard error
 * means nothing (before this, sgd.fdr passed at −2.7σ there). It must be marked not evaluable and
 * counted as failed (exit 1), in the table (N/E) and in results.json (notEvaluable).
 */
async function runMain(argv: string[]): Promise<{ code: number; stdout: string }> {
  const write = process.stderr.write.bind(process.stderr);
  const out = process.stdout.write.bind(process.stdout);
  let stdout = '';
  process.stderr.write = (() => true) as typeof process.stderr.write;
  process.stdout.write = ((c: string) => { stdout += c; return true; }) as typeof process.stdout.write;
  try {
    return { code: await main(argv), stdout };
  } finally {
    process.stderr.write = write;
    process.stdout.write = out;
  }
}

const scenario = (lr: number) => ({
  name: 'region', experiment: 'stationary', seed: 1,
  model: { kind: 'quadratic', dim: 2, n: 50, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 1 } },
  optimizer: { lr, batchSize: 5 }, dynamics: { sgd: true, sde: false },
  run: { replicas: 16, steps: 400, burnIn: lr >= 2 ? 0 : 'auto' },
});

async function run(lr: number) {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-region-'));
  writeFileSync(join(dir, 's.json'), JSON.stringify(scenario(lr)));
  const r = await runMain(['run', join(dir, 's.json'), '--no-plots', '--out', join(dir, 'out')]);
  const raw = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
  return { ...r, predictions: (Array.isArray(raw) ? raw[0] : raw).predictions as { id: string; pass: boolean; notEvaluable?: string }[] };
}

describe('item 10: predictions outside the theory region do not pass', () => {
  it('ε λ_max = 2 (at the bound): every SGD prediction not evaluable, failed, exit 1', async () => {
    const r = await run(2);
    expect(r.code).toBe(1);
    expect(r.predictions.length).toBeGreaterThan(0);
    for (const p of r.predictions) {
      expect(p.pass).toBe(false);
      expect(p.notEvaluable).toMatch(/outside the region: ε λ_max = 2\.000 ≥ 2/);
    }
    expect(r.stdout).toMatch(/N\/E\s+sgd\.fdr/);
    expect(r.stdout).toMatch(/not evaluable, counted as failed/);
  }, 60_000);

  it('twin: inside the region (ε λ_max = 0.1) nothing is marked', async () => {
    const r = await run(0.1);
    for (const p of r.predictions) expect(p.notEvaluable).toBeUndefined();
    expect(r.predictions.some((p) => p.pass)).toBe(true);
  }, 60_000);
});
