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

  it('tidy tables: a histogram gives a row per bin with its count, a scatter a row per replica', async () => {
    const result = await runScenario(parseScenario(tiny), { workers: 1 });
    const files = resultsToCsv([result]);
    const sgd = (result.measured as { sgd: { histograms: { coordinate: number; edges: number[]; counts: number[] }[]; scatter: number[][] } }).sgd;
    const hist = files.find((f) => f.name === 'tiny.measured.sgd.histograms.csv')!.text.trim().split('\n');
    expect(hist[0]).toBe('index,coordinate,bin,lower,upper,count');
    const bins = sgd.histograms.reduce((t, h) => t + h.counts.length, 0);
    expect(hist).toHaveLength(1 + bins);
    const h1 = sgd.histograms[1];
    expect(hist[1 + sgd.histograms[0].counts.length + 2]).toBe(`1,${h1.coordinate},2,${h1.edges[2]},${h1.edges[3]},${h1.counts[2]}`);
    // the counts in the table add up to the histograms'
    const total = hist.slice(1).map((l) => Number(l.split(',')[5])).reduce((a, b) => a + b, 0);
    expect(total).toBe(sgd.histograms.flatMap((h) => h.counts).reduce((a, b) => a + b, 0));
    const scatter = files.find((f) => f.name === 'tiny.measured.sgd.scatter.csv')!.text.trim().split('\n');
    expect(scatter[0]).toBe('index,x0,x1');
    expect(scatter).toHaveLength(1 + sgd.scatter.length);
    expect(scatter[3]).toBe(`2,${sgd.scatter[2][0]},${sgd.scatter[2][1]}`);
  });

  it('tidy tables: nested arrays make one long table whose rows carry the enclosing fields (learning curves with a batchSize column)', () => {
    const r = {
      name: 'n', experiment: 'batch-size', seed: 1, predictions: [], theory: {},
      measured: { points: [0.1, 0.2].map((lr) => ({ lr, cells: [10, 100].map((batchSize) => ({ batchSize, testLoss: lr * batchSize, curve: [0, 50, 100].map((step) => ({ step, testLoss: lr * batchSize + step })) })) })) },
    };
    const files = resultsToCsv([r as never]);
    // one table per kind of array, not one per point or per cell
    expect(files.map((f) => f.name).sort()).toEqual(['n.measured.points.cells.csv', 'n.measured.points.cells.curve.csv', 'n.measured.points.csv', 'predictions.csv', 'values.csv']);
    const curves = files.find((f) => f.name === 'n.measured.points.cells.curve.csv')!.text.trim().split('\n');
    // the cell's own testLoss is left out of its curve's rows (it is in points.cells.csv, joined on point and cell)
    expect(curves[0]).toBe('point,lr,cell,batchSize,index,step,testLoss');
    expect(curves).toHaveLength(1 + 2 * 2 * 3);
    expect(curves[1 + 3 * 3 + 2]).toBe('1,0.2,1,100,2,100,120');
    const cells = files.find((f) => f.name === 'n.measured.points.cells.csv')!.text.trim().split('\n');
    expect(cells).toEqual(['point,lr,index,batchSize,testLoss', '0,0.1,0,10,1', '0,0.1,1,100,10', '1,0.2,0,10,2', '1,0.2,1,100,20']);
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
