import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { syntheticStationaryResult } from './fixtures.js';

/** `sgd-sde plot <results.json>`: redraws from a saved file; anything else is exit 2 with the reason. */
describe('sgd-sde plot', () => {
  let dir: string;
  let stderr: string;
  let stdout: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sgd-sde-plot-'));
    stderr = '';
    stdout = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => { stderr += String(s); return true; });
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => { stdout += String(s); return true; });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('redraws figures and report.html into --out', async () => {
    const file = write('results.json', syntheticStationaryResult());
    const out = join(dir, 'redrawn');
    expect(await main(['plot', file, '--out', out])).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'report.html',
      'stationary-ellipses.png', 'stationary-ellipses.svg', 'stationary-ellipses.vl.json',
      'stationary-entries.png', 'stationary-entries.svg', 'stationary-entries.vl.json',
      'stationary-histograms.png', 'stationary-histograms.svg', 'stationary-histograms.vl.json',
    ]);
    expect(stdout).toContain('wrote 10 files');
  });

  it('writes beside the results file by default', async () => {
    const file = write('results.json', syntheticStationaryResult());
    expect(await main(['plot', file])).toBe(0);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
  });

  it('rejects a file that is not JSON (exit 2)', async () => {
    expect(await main(['plot', write('results.json', '{"truncated": ')])).toBe(2);
    expect(stderr).toMatch(/not valid JSON/);
  });

  it('rejects JSON that is not a results file, naming every missing field (exit 2)', async () => {
    expect(await main(['plot', write('scenario.json', { experiment: 'stationary', seed: 1 })])).toBe(2);
    expect(stderr).toContain('tool.name');
    expect(stderr).toContain('predictions');
    expect(stderr).toContain('measured');
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });

  it('rejects a missing file (exit 2)', async () => {
    expect(await main(['plot', join(dir, 'nope.json')])).toBe(2);
    expect(stderr).toMatch(/cannot be read/);
  });

  it('rejects a stationary result with a malformed block, naming its JSON path (exit 2)', async () => {
    const r = syntheticStationaryResult();
    (r.measured.sgd as Record<string, unknown>).covarianceStdError = 'oops';
    expect(await main(['plot', write('results.json', r)])).toBe(2);
    expect(stderr).toContain('measured.sgd.covarianceStdError');
  });

  it('still writes a report (without figures) for a kind it cannot draw', async () => {
    const file = write('results.json', { ...syntheticStationaryResult(), experiment: 'from-the-future' });
    expect(await main(['plot', file])).toBe(0);
    expect(stderr).toContain('no figures for experiment kind "from-the-future"');
    expect(readdirSync(dir).sort()).toEqual(['report.html', 'results.json']);
  });
});
