import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsvDataset } from '../../src/data/csv.js';
import { InputError } from '../../src/errors.js';
import { parseScenario } from '../../src/run/load-scenario.js';
import { runScenario } from '../../src/run/runner.js';

function problems(text: string): string[] {
  try {
    parseCsvDataset(text, 'data.csv');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).problems.map((p) => p.message);
  }
  return [];
}

describe('CSV data sets (header x1..xd,y)', () => {
  it('parses features and labels, skipping blank lines and # comments', () => {
    const ds = parseCsvDataset('x1,x2,y\n1,2,3\n\n# note\n4,5.5,-6e-1\n', 'data.csv');
    expect(ds.n).toBe(2);
    expect(ds.d).toBe(2);
    expect(Array.from(ds.x)).toEqual([1, 2, 4, 5.5]);
    expect(Array.from(ds.y)).toEqual([3, -0.6]);
  });

  it('reports a wrong header, wrong row lengths and non-numbers with line numbers', () => {
    expect(problems('a,b,y\n1,2,3\n')[0]).toMatch(/expected x1,x2,y/);
    expect(problems('a,b,y\n1,2,3\n')[0]).not.toMatch(/a,b,y/); // the file's text is never echoed
    // a trailing comma in the header asks for x1,x2,y, not x3
    expect(problems('x1,x2,y,\n1,2,3\n')[0]).toMatch(/expected x1,x2,y .*ends with a comma/);
    // line numbers are the file's (blank and # lines counted), with the data row (as in label messages)
    const ps = problems('x1,x2,y\n1,2\n\n# c\n1,two,3\n1,2,\n1e999,1,1\n');
    expect(ps).toHaveLength(4);
    expect(ps[0]).toMatch(/line 2 \(data row 1\): expected 3 values, found 2/);
    expect(ps[1]).toMatch(/line 5 \(data row 2\), column x2: must be a finite number; the cell is not a number \(3 character\(s\)\)/);
    expect(ps[1]).not.toMatch(/two/);
    expect(ps[2]).toMatch(/line 6 \(data row 3\), column y: must be a finite number; the cell is empty/);
    expect(ps[3]).toMatch(/line 7 \(data row 4\), column x1: .*overflows a double/);
    expect(problems('x1,y\n')[0]).toMatch(/at least one data row/);
  });

  it('a least-squares scenario runs on a user CSV (paths relative to the scenario file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-csv-'));
    const rows = ['x1,x2,y'];
    for (let i = 0; i < 30; i++) rows.push(`${Math.sin(i)},${Math.cos(3 * i)},${(0.5 * Math.sin(i) - Math.cos(3 * i) + 0.3 * Math.sin(7 * i)).toFixed(6)}`);
    writeFileSync(join(dir, 'data.csv'), rows.join('\n'));
    const loaded = parseScenario(
      { experiment: 'stationary', model: { kind: 'linear-regression', csv: 'data.csv' }, optimizer: { lr: 0.05, batchSize: 5 }, dynamics: { sgd: true, sde: false }, run: { replicas: 64, steps: 4000 } },
      { baseDir: dir }, // 64 × 4000: enough samples to resolve a 10% error in the trace (the verdict rule's power)
    );
    const r = await runScenario(loaded);
    expect(r.predictions.find((p) => p.id === 'sgd.trace.vs.exact')?.verdict).toBe('PASS');
    expect(() => parseScenario({ experiment: 'stationary', model: { kind: 'linear-regression', csv: 'missing.csv' }, optimizer: { lr: 0.05, batchSize: 5 }, run: { steps: 10 } }, { baseDir: dir })).toThrow(/model\.csv: file not found/);
  });
});

describe('item 9: only decimal numbers are data; data beyond the stability bound is refused at validate', () => {
  it('hexadecimal, binary and octal literals are refused, naming the cell without echoing it', () => {
    for (const token of ['0x12345', '0b101', '0o17', '-0x1', '0X1F', '1_000', 'Infinity']) {
      const ps = problems(`x1,y\n1,2\n${token},3\n`);
      expect(ps, token).toHaveLength(1);
      expect(ps[0], token).toMatch(/line 3 \(data row 2\), column x1: must be a finite number; the cell is /);
      expect(ps[0], token).not.toContain(token);
    }
    expect(problems('x1,y\n0x10,1\n')[0]).toMatch(/a hexadecimal, binary or octal literal \(4 character\(s\)\): only decimal numbers are data/);
    // twin: decimal forms all read
    expect(Array.from(parseCsvDataset('x1,y\n+1.5,-2e3\n.5,7.\n1E-2,0010\n', 'd.csv').x)).toEqual([1.5, 0.5, 0.01]);
  });

  it('collapse on CSV data with ε λ_max ≥ 2(1+m) is refused by validate, naming λ_max of XᵀX/N; inside the bound it validates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-csv-bound-'));
    // x1 ∈ {0, 3, …, 18}, x2 ∈ {0, 2, …, 8}: λ_max(XᵀX/N) ≈ 126.6
    writeFileSync(join(dir, 'big.csv'), `x1,x2,y\n${Array.from({ length: 100 }, (_, i) => `${(i % 7) * 3},${(i % 5) * 2},${i % 3}`).join('\n')}\n`);
    const scenario = (lr: number, momentum = 0) => ({ experiment: 'collapse', seed: 1, model: { kind: 'linear-regression', csv: 'big.csv' }, grid: { lr: [lr], batchSize: [4], momentum: [momentum] }, run: { replicas: 8, time: 5 } });
    expect(() => parseScenario(scenario(0.5), { baseDir: dir })).toThrow(/grid\.lr\[0\]: ε λ_max = 63\.\d+ must be < 2\(1\+m\) = 2 \(stability; λ_max = 126\.\d is the largest eigenvalue of XᵀX\/N of big\.csv\)/);
    expect(() => parseScenario(scenario(0.04, 0.9), { baseDir: dir })).toThrow(/must be < 2\(1\+m\) = 3\.8/); // ε λ_max ≈ 5.06
    expect(() => parseScenario(scenario(0.02, 0.9), { baseDir: dir })).not.toThrow(); // ε λ_max ≈ 2.53 < 3.8
    expect(() => parseScenario(scenario(0.01), { baseDir: dir })).not.toThrow(); // twin: ε λ_max ≈ 1.27 < 2
  });
});
