import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { SCATTER_CAP } from '../../src/experiments/stationary/figures/data.js';

/**
 * `plot` on a results.json whose stationary scatter has 2 million points used
 * to run for minutes (killed at 120 s). It now draws SCATTER_CAP evenly spaced points and says so.
 */
async function runMain(argv: string[]): Promise<{ code: number; stderr: string }> {
  const write = process.stderr.write.bind(process.stderr);
  const out = process.stdout.write.bind(process.stdout);
  let stderr = '';
  process.stderr.write = ((c: string) => { stderr += c; return true; }) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return { code: await main(argv), stderr };
  } finally {
    process.stderr.write = write;
    process.stdout.write = out;
  }
}

describe('item 12: plot with a 2 M-point scatter', () => {
  it('draws a deterministic subsample, says so, exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-bigscatter-'));
    writeFileSync(join(dir, 's.json'), JSON.stringify({
      name: 'big', experiment: 'stationary', seed: 1,
      model: { kind: 'quadratic', dim: 2, n: 50, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 1 } },
      optimizer: { lr: 0.05, batchSize: 5 }, dynamics: { sgd: true, sde: false }, run: { replicas: 8, steps: 200 },
    }));
    await runMain(['run', join(dir, 's.json'), '--no-plots', '--out', join(dir, 'out')]);
    const raw = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
    const r = Array.isArray(raw) ? raw[0] : raw;
    const pts = new Array(2_000_000);
    for (let i = 0; i < pts.length; i++) pts[i] = [Math.sin(i) * 0.01, Math.cos(1.3 * i) * 0.01];
    r.measured.sgd.scatter = pts;
    writeFileSync(join(dir, 'big.json'), JSON.stringify(raw));
    const p = await runMain(['plot', join(dir, 'big.json'), '--out', join(dir, 'plots')]);
    expect(p.code).toBe(0);
    expect(p.stderr).toContain(`measured.sgd.scatter has 2000000 points; the plot draws ${SCATTER_CAP} of them`);
    expect(readdirSync(join(dir, 'plots')).length).toBeGreaterThan(0);
  });
});
