import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario, loadScenarioFile } from '../../src/run/load-scenario.js';
import { formatProblems, formatValue, InputError } from '../../src/errors.js';
import { resultProblems } from '../../src/io/results-file.js';
import { main } from '../../src/cli/main.js';
import { judgePredictions } from '../../src/run/prediction-guard.js';
import { named, relevantDifference } from '../../src/stats/alternatives.js';
import { comparePrediction } from '../../src/stats/compare.js';

/** Honest messages: exit 3 rather than NaN, messages that name the problem, the noise-scale flag. */
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

const base = {
  experiment: 'stationary', seed: 1,
  model: { kind: 'quadratic', dim: 2, n: 50, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 1 } },
  optimizer: { lr: 0.05, batchSize: 5 },
  dynamics: { sgd: true },
  run: { replicas: 8, steps: 200, burnIn: 20 },
};

describe('item 9: non-finite measurements end in exit 3, never in results.json', () => {
  it('lr 5e-324: refused before the run (exit 2) as an underflow of the predicted covariance, naming the learning rate; nothing written', async () => {
    // it used to run and end in exit 3, "non-finite measurements … nothing fluctuated": the symptom, not the cause
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-nan-'));
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify({ ...base, name: 'tiny-lr', optimizer: { lr: 5e-324, batchSize: 5 } }));
    const r = await runMain(['run', file, '--out', join(dir, 'o'), '--no-plots', '--workers', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/optimizer\.lr: a learning rate of 5e-324 underflows double precision: the predicted stationary covariance is (only \S+|0 in double precision)/);
    expect(existsSync(join(dir, 'o', 'results.json'))).toBe(false);
  });

  it('twin: an ordinary run still writes results.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-nan-'));
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify({ ...base, name: 'fine' }));
    const r = await runMain(['run', file, '--out', join(dir, 'o'), '--no-plots', '--workers', '1']);
    expect([0, 1]).toContain(r.code);
    expect(existsSync(join(dir, 'o', 'results.json'))).toBe(true);
  });
});

describe('item 13: messages', () => {
  it('1e999 is called an overflow, with its value shown as Infinity', () => {
    try {
      parseScenario(JSON.parse(JSON.stringify(base).replace('"lr":0.05', '"lr":1e999')));
      expect.unreachable();
    } catch (err) {
      expect((err as InputError).message).toMatch(/optimizer\.lr: must be a finite number; this one overflows a double .*\(got Infinity\)/);
    }
  });

  it('a CSV whose squares overflow is called an overflow, not collinear', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-ovf-'));
    writeFileSync(join(dir, 'd.csv'), 'x1,x2,y\n1e200,1,1\n2,1e-3,2\n3,5,1\n4,1,0\n');
    const s = { ...base, model: { kind: 'linear-regression', csv: 'd.csv' } };
    expect(() => parseScenario({ ...s, optimizer: { lr: 0.01, batchSize: 2 } }, { baseDir: dir })).toThrow(/model\.csv: d\.csv has values up to 1\.00e\+200 in magnitude: their squares .* overflow a double/);
    writeFileSync(join(dir, 'd.csv'), 'x1,x2,y\n1,1,1\n2,1e-3,2\n3,5,1\n4,1,0\n');
    expect(() => parseScenario({ ...s, optimizer: { lr: 0.01, batchSize: 2 } }, { baseDir: dir })).not.toThrow(); // twin: ordinary values pass
  });

  it('a spectrum [1e308, 1] is refused at validation (it gave a false "λ_min = 0.00" warning)', () => {
    expect(() => parseScenario({ ...base, model: { ...base.model, spectrum: [1e308, 1] } })).toThrow(/model\.spectrum\[0\]: must be at most 1e150 \(its square must stay finite\)/);
  });

  it('a file that is not JSON is located by line and column, its text never echoed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-shadow-'));
    const file = join(dir, 'shadow.json');
    writeFileSync(file, 'root:$6$secrethash:19000:0:99999:7:::\n');
    expect(() => loadScenarioFile(file)).toThrow(/<file>: not valid JSON: (not a JSON value|a syntax error at line 1, column 1)/);
    try { loadScenarioFile(file); } catch (err) { expect((err as Error).message).not.toMatch(/root|secret/); }
  });

  it('values are escaped and truncated', () => {
    expect(formatValue('a\u001b[31mb\u0085')).toBe('"a\\u001b[31mb\\u0085"');
    const huge = formatValue('x'.repeat(600_000));
    expect(huge.length).toBeLessThan(260);
    expect(huge).toMatch(/… \(600002 characters\)$/);
    expect(formatProblems([{ path: 'p', message: 'm', value: -Infinity }])).toMatch(/\(got -Infinity\)/);
  });

  it('schemaVersion 0 or −5 is refused by plot', () => {
    const r = { tool: { name: 'sgd-sde' }, experiment: 'x', name: 'n', seed: 1, scenario: {}, measured: {}, theory: {}, predictions: [] };
    for (const v of [0, -5]) expect(resultProblems({ ...r, schemaVersion: v }).map((p) => p.path)).toEqual(['schemaVersion']);
    expect(resultProblems({ ...r, schemaVersion: 1 })).toEqual([]);
  });
});

describe('item 16: noise-scale --json flags an approximate g', () => {
  it('epoch-shuffle: exact false with a note; without-replacement: exact true', async () => {
    const a = await runMain(['noise-scale', '--lr', '0.1', '--n', '100', '--batch', '10', '--sampler', 'epoch-shuffle', '--json']);
    expect(JSON.parse(a.stdout)).toMatchObject({ exact: false, note: expect.stringMatching(/approximate/) });
    const b = await runMain(['noise-scale', '--lr', '0.1', '--n', '100', '--batch', '10', '--json']);
    expect(JSON.parse(b.stdout)).toMatchObject({ exact: true });
    expect(JSON.parse(b.stdout).note).toBeUndefined();
  });
});

describe('item 10: no PASS where the comparison cannot tell', () => {
  it('109 ± 31 against 0.29 (lr at the stability bound) is not a PASS: it cannot tell 0.29 from a 10% difference, and says so', () => {
    const warnings: string[] = [];
    const p = comparePrediction({ id: 'sgd.trace.vs.ou', description: 'd', predicted: 0.29, measured: 109, stdError: 31, tolerance: 4, alternative: relevantDifference(0.29) });
    expect(p.verdict).toBe('N/E'); // |z| = 3.5 was a PASS before the alternative was asked for
    const [judged] = judgePredictions([p], {}, (m) => warnings.push(m));
    expect(judged.pass).toBe(false);
    expect(judged.notEvaluable).toMatch(/^inconclusive: .*needs s\.e\. ≤ 0\.003625/);
  });

  it('twin: a precise agreement, a normalised statistic and an exactly-zero prediction with a small error are judged by the same rule', () => {
    const ok = comparePrediction({ id: 'a', description: 'd', predicted: 0.29, measured: 0.291, stdError: 0.001, tolerance: 4, alternative: relevantDifference(0.29) });
    const chi = comparePrediction({ id: 'chi', description: 'd', predicted: 0, measured: 0.5, stdError: 1, tolerance: 4, alternative: named(9, 'a χ² 10% off in every cell') });
    const roundOff = comparePrediction({ id: 'entry', description: 'd', predicted: -1.981e-19, measured: 5.427e-4, stdError: 4.496e-4, tolerance: 4.3, alternative: named(5e-3, 'a 10% difference on the scale of the diagonal') });
    expect(judgePredictions([ok, chi, roundOff], {}, () => undefined).map((p) => p.verdict)).toEqual(['PASS', 'PASS', 'PASS']);
  });
});
