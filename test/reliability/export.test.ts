import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '../../src/run/load-scenario.js';
import { runScenario } from '../../src/run/runner.js';
import { resultsToCsv } from '../../src/io/export-csv.js';
import { resultsJsonSchema } from '../../src/run/results-json-schema.js';
import { main } from '../../src/cli/main.js';

/** Results as tidy CSV, and a JSON Schema of results.json documenting every field. */
const tiny = {
  experiment: 'stationary', name: 'tiny', seed: 3,
  model: { kind: 'quadratic', dim: 2, n: 50, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 1 } },
  optimizer: { lr: 0.05, batchSize: 5 }, dynamics: { sgd: true, sde: false }, run: { replicas: 16, steps: 300, burnIn: 30 },
};

describe('export and the results schema', () => {
  it('export writes predictions.csv (a row per prediction) and values.csv (every number by path)', async () => {
    const result = await runScenario(parseScenario(tiny), { workers: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-export-'));
    const file = join(dir, 'results.json');
    writeFileSync(file, JSON.stringify(result));
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    let code: number;
    try {
      code = await main(['export', file, '--csv']);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const predictions = readFileSync(join(dir, 'csv', 'predictions.csv'), 'utf8').trim().split('\n');
    expect(predictions[0]).toBe('name,experiment,seed,id,verdict,predicted,measured,stdError,z,tolerance,expect,sided,alternative,alternativeMeans,pass,notEvaluable,description');
    expect(predictions).toHaveLength(result.predictions.length + 1);
    expect(predictions[1].startsWith(`tiny,stationary,3,${result.predictions[0].id},${result.predictions[0].verdict},${result.predictions[0].predicted},`)).toBe(true);
    const values = readFileSync(join(dir, 'csv', 'values.csv'), 'utf8');
    const mean = (result.measured as { sgd: { mean: number[] } }).sgd.mean;
    expect(values).toContain(`tiny,measured,sgd.mean[0],${mean[0]}\n`);
    expect(readdirSync(join(dir, 'csv')).length).toBeGreaterThanOrEqual(2);
  });

  it('CSV cells: NaN/Inf spelled for pandas, text quoted', () => {
    const r = { name: 'n', experiment: 'x', seed: 1, predictions: [{ id: 'a', description: 'has, comma "q"', verdict: 'N/E', predicted: NaN, measured: Infinity, stdError: -Infinity, z: 0, tolerance: 4, expect: 'agree', pass: false, notEvaluable: 'not evaluable: x' }], measured: { cells: [{ b: 1, lr: 0.1 }, { b: 2, lr: 0.2 }] }, theory: {} };
    const files = resultsToCsv([r as never]);
    expect(files[0].text.split('\n')[1]).toBe('n,x,1,a,N/E,NaN,Inf,-Inf,0,4,agree,,,,false,not evaluable: x,"has, comma ""q"""');
    expect(files.find((f) => f.name === 'n.measured.cells.csv')?.text).toBe('index,b,lr\n0,1,0.1\n1,2,0.2\n');
  });

  it('the results schema documents every field a result has', async () => {
    const result = await runScenario(parseScenario(tiny), { workers: 1 });
    const schema = resultsJsonSchema() as { $defs: { result: { required: string[]; properties: Record<string, unknown> }; prediction: { required: string[]; properties: Record<string, unknown> } } };
    expect(Object.keys(result).filter((k) => !(k in schema.$defs.result.properties))).toEqual([]);
    expect(schema.$defs.result.required.filter((k) => !(k in result))).toEqual([]);
    // every key a prediction has is documented, and every required one is there (optional ones, e.g. notEvaluable, may be absent)
    expect(Object.keys(result.predictions[0]).filter((k) => !(k in schema.$defs.prediction.properties))).toEqual([]);
    expect(schema.$defs.prediction.required.filter((k) => !(k in result.predictions[0]))).toEqual([]);
    expect(JSON.stringify(schema)).toMatch(/mean.*OFFSET from the minimum/);
  });
});
