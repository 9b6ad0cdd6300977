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
      { experiment: 'stationary', model: { kind: 'linear-regression', csv: 'data.csv' }, optimizer: { lr: 0.05, batchSize: 5 }, dynamics: { sgd: true, sde: false }, run: { replicas: 32, steps: 2000 } },
      { baseDir: dir },
    );
    const r = await runScenario(loaded);
    expect(r.predictions.find((p) => p.id === 'sgd.trace.vs.exact')?.pass).toBe(true);
    expect(() => parseScenario({ experiment: 'stationary', model: { kind: 'linear-regression', csv: 'missing.csv' }, optimizer: { lr: 0.05, batchSize: 5 }, run: { steps: 10 } }, { baseDir: dir })).toThrow(/model\.csv: file not found/);
  });
});
