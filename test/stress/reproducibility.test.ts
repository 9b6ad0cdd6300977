import { describe, it, expect, vi, afterEach } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

/** `sgd-sde stress` through the CLI entry point, in process, capturing stdout. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { stdout += String(chunk); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { stderr += String(chunk); return true; });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('sgd-sde stress (CLI)', () => {
  const args = ['stress', '--property', 'noise-factor,ou,discrete-lyapunov,heavy-ball', '--runs', '4'];

  it('--seed reproduces a run exactly: same stdout bytes; another seed draws other cases', async () => {
    const a = await cli([...args, '--seed', '7']);
    const b = await cli([...args, '--seed', '7']);
    const c = await cli([...args, '--seed', '8']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/seed 7/);
    expect(c.stdout.replace(/seed 8/, 'seed 7')).not.toBe(a.stdout);
    const j1 = JSON.parse((await cli([...args, '--seed', '7', '--json'])).stdout);
    const j2 = JSON.parse((await cli([...args, '--seed', '7', '--json'])).stdout);
    const strip = (r: { properties: { seconds?: number }[] }) => ({ ...r, properties: r.properties.map(({ seconds: _s, ...p }) => p) });
    expect(strip(j1)).toEqual(strip(j2)); // timings aside
  });

  it('--out writes stress.json and the validity-map heatmaps; the report prints cases, failures and regions', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sgd-sde-stress-'));
    const r = await cli(['stress', '--property', 'ou', '--runs', '10', '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['stress.json', 'validity-ou-heavy-ball.vl.json', 'validity-ou-quadratic.vl.json']);
    expect(JSON.parse(readFileSync(join(out, 'stress.json'), 'utf8')).properties[0].cases).toBe(10);
    expect(r.stdout).toMatch(/cases: 10 tried, 0 failed/);
    expect(r.stdout).toMatch(/region: within 5% for ε λ_max ≤ 0\.1/);
  });

  it('bad arguments exit 2 and name the option', async () => {
    for (const [bad, path] of [[['--property', 'nonsense'], '--property'], [['--runs', '0'], '--runs'], [['--seed', '-3'], '--seed'], [['--time-budget', '0'], '--time-budget'], [['--config', '/no/such/file.json'], '<file>']] as const) {
      const r = await cli(['stress', ...bad]);
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.stderr).toContain(path);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  });
});
