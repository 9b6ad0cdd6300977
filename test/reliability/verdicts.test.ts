import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { smallSweep } from './mutate.js';

/**
 * The judging layer end to end through the CLI (docs/verdicts.md): tolerances beyond the bound are
 * refused and those within it give finite numbers; the exit code counts judged rows only;
 * `sgd-sde judge` re-analyses a results.json to the bytes of a fresh run, refuses a scenario edited
 * after the run, and rebuilds the cells of a results.json that predates them.
 */
async function runMain(argv: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const write = process.stderr.write.bind(process.stderr);
  const out = process.stdout.write.bind(process.stdout);
  let stderr = '';
  let stdout = '';
  process.stderr.write = ((c: string) => { stderr += c; return true; }) as typeof process.stderr.write;
  process.stdout.write = ((c: string) => { stdout += c; return true; }) as typeof process.stdout.write;
  try {
    return { code: await main(argv), stderr, stdout };
  } finally {
    process.stderr.write = write;
    process.stdout.write = out;
  }
}

const tmp = () => mkdtempSync(join(tmpdir(), 'sgd-sde-verdicts-'));
const stationary = {
  experiment: 'stationary', name: 'tiny', seed: 1,
  model: { kind: 'quadratic', dim: 2, n: 50, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 1 } },
  optimizer: { lr: 0.05, batchSize: 5 },
  dynamics: { sgd: true },
  run: { replicas: 24, steps: 400, burnIn: 40 },
};

function scenarioFile(dir: string, scenario: Record<string, unknown>, name = 's.json'): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(scenario));
  return file;
}

describe('tolerance: bounded where the tail probability stops being representable', () => {
  it('validate refuses 38, 100 and 1e308, naming the field and the bound', async () => {
    const dir = tmp();
    for (const tolerance of [38, 100, 1e308]) {
      const r = await runMain(['validate', scenarioFile(dir, { ...stationary, tolerance })]);
      expect(r.code, `tolerance ${tolerance}`).toBe(2);
      expect(r.stderr).toMatch(/tolerance: must be at most 37 standard errors/);
    }
  });

  it('twin: 37 is accepted and judged, with finite numbers only (no null in results.json)', async () => {
    const dir = tmp();
    const r = await runMain(['run', scenarioFile(dir, { ...stationary, tolerance: 37 }), '--out', join(dir, 'o'), '--no-plots', '--workers', '1']);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'o', 'results.json'), 'utf8');
    const result = JSON.parse(text);
    for (const p of result.predictions) {
      for (const k of ['predicted', 'measured', 'stdError', 'z', 'tolerance']) expect(Number.isFinite(p[k]), `${p.id}.${k}`).toBe(true);
      expect(p.tolerance).toBeGreaterThanOrEqual(37);
    }
    expect(JSON.stringify(result.predictions)).not.toMatch(/null/);
  });
});

describe('the exit code counts judged rows only', () => {
  it('a run whose rows are all N/E or PASS exits 0; the same run declaring a contrast that is not rejected exits 1', async () => {
    const dir = tmp();
    const ok = await runMain(['run', scenarioFile(dir, stationary), '--out', join(dir, 'a'), '--no-plots', '--workers', '1']);
    const table = ok.stdout;
    expect(table).toMatch(/N\/E /); // too short a run to resolve a 10% error: inconclusive rows, which do not fail it
    expect(table).not.toMatch(/^FAIL/m);
    expect(ok.code).toBe(0);
    // twin: declare the exact theory a contrast; the data do not reject it, and with twice the replicas the
    // fdr row resolves a 10% difference, so it is judged: FAIL, exit 1
    const bad = await runMain(['run', scenarioFile(dir, { ...stationary, run: { ...stationary.run, replicas: 48 }, expect: { 'sgd.fdr': 'disagree' } }, 'bad.json'), '--out', join(dir, 'b'), '--no-plots', '--workers', '1']);
    expect(bad.stdout).toMatch(/^FAIL +sgd\.fdr/m);
    expect(bad.code).toBe(1);
  });
});

describe('sgd-sde judge', () => {
  it('re-judging a sweep gives the bytes of a fresh run, without running a cell', async () => {
    const dir = tmp();
    const file = scenarioFile(dir, smallSweep);
    const fresh = await runMain(['run', file, '--out', join(dir, 'o'), '--no-plots', '--workers', '1']);
    expect(fresh.code).toBeLessThan(2); // what the sweep's verdicts are does not matter here, only that judge repeats them
    const before = readFileSync(join(dir, 'o', 'results.json'), 'utf8');
    expect(JSON.parse(before).cells.count).toBe(20);
    const judged = await runMain(['judge', join(dir, 'o', 'results.json'), '--no-plots']);
    expect(judged.code).toBe(fresh.code);
    expect(judged.stdout).toMatch(/judged from the cells kept in results\.json/);
    expect(judged.stderr).not.toMatch(/batch-size cells: \d+\/20 done/); // nothing simulated
    expect(readFileSync(join(dir, 'o', 'results.json'), 'utf8')).toBe(before);
  });

  it('twin: a results.json whose scenario was edited after the run is refused (its cells belong to another scenario)', async () => {
    const dir = tmp();
    await runMain(['run', scenarioFile(dir, smallSweep), '--out', join(dir, 'o'), '--no-plots', '--workers', '1']);
    const path = join(dir, 'o', 'results.json');
    const result = JSON.parse(readFileSync(path, 'utf8'));
    result.scenario.tolerance = 5; // within the bound: the edit itself is what is refused
    writeFileSync(path, JSON.stringify(result));
    const r = await runMain(['judge', path, '--no-plots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scenario: was changed after the run/);
  });

  it('a network results.json from before cells were kept: cells rebuilt from the per-seed accuracies, the same verdicts as a fresh run, and the file says what was lost', async () => {
    const dir = tmp();
    const net = {
      experiment: 'batch-size', name: 'tiny-net', seed: 9,
      model: { kind: 'mlp', hidden: 8, digits: [0, 1, 7], trainPerClass: 8, testPerClass: 10 },
      optimizer: { lr: 0.05, momentum: 0.9 }, batchSizes: [2, 4, 8, 24], run: { seeds: 2, steps: 30 }, fit: { bootstrap: 30 },
    };
    expect((await runMain(['run', scenarioFile(dir, net), '--out', join(dir, 'o'), '--no-plots', '--workers', '1'])).code).toBeLessThan(2);
    const fresh = JSON.parse(readFileSync(join(dir, 'o', 'results.json'), 'utf8'));
    // an older file: no cells, schema version 1, verdicts as version 1 wrote them
    const old = structuredClone(fresh);
    delete old.cells;
    old.schemaVersion = 1;
    for (const p of old.predictions) { delete p.verdict; delete p.alternative; delete p.sided; }
    mkdirSync(join(dir, 'legacy'));
    writeFileSync(join(dir, 'legacy', 'results.json'), JSON.stringify(old));
    const r = await runMain(['judge', join(dir, 'legacy', 'results.json'), '--no-plots']);
    expect(r.code).toBeLessThan(2);
    expect(r.stdout).toMatch(/judged from cells rebuilt from the older results\.json/);
    const rebuilt = JSON.parse(readFileSync(join(dir, 'legacy', 'results.json'), 'utf8'));
    expect(rebuilt.predictions).toEqual(fresh.predictions);
    expect(rebuilt.measured.points.map((p: { cells: { seeds: unknown }[] }) => p.cells.map((c) => c.seeds))).toEqual(fresh.measured.points.map((p: { cells: { seeds: unknown }[] }) => p.cells.map((c) => c.seeds)));
    expect(rebuilt.cells.reconstructed).toMatch(/test accuracy is exact/);
    expect(rebuilt.warnings.join('\n')).toMatch(/cells rebuilt from a results\.json that predates stored cells/);
  });
});
