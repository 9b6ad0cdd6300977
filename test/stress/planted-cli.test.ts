import { describe, it, expect, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { parseScenario } from '../../src/run/load-scenario.js';

/**
 * The CLI has no way to plant a formula (by design), so this file swaps the shipped noise factor
 * itself for the paper's form doubled, c = 2/B (g = 2εN/B instead of ε(N/B − 1)), and checks the
 * command's side of the contract: exit 1, the counterexample printed and written with --out.
 */
vi.mock('../../src/dynamics/samplers.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/dynamics/samplers.js')>();
  return { ...original, noiseFactor: (_n: number, b: number) => 2 / b };
});

describe('sgd-sde stress with a wrong formula in the library', () => {
  it('exits 1 and writes a runnable counterexample scenario', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sgd-sde-stress-planted-'));
    let stdout = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => { stdout += String(c); return true; });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let code: number;
    try {
      code = await main(['stress', '--property', 'noise-factor', '--out', out]);
    } finally {
      spy.mockRestore();
      err.mockRestore();
    }
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL noise-factor/);
    expect(stdout).toMatch(/counterexample \(shrunk \d+ times\): \{"n":2,"b":1/);
    expect(readdirSync(out)).toContain('counterexample-noise-factor.json');
    const scenario = JSON.parse(readFileSync(join(out, 'counterexample-noise-factor.json'), 'utf8'));
    expect(parseScenario(scenario).kind).toBe('stationary');
    expect(stdout).toContain(join(out, 'counterexample-noise-factor.json'));
  }, 60_000);
});
