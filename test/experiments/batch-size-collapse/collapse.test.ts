import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario, loadScenarioFile } from '../../../src/run/load-scenario.js';
import { runScenario } from '../../../src/run/runner.js';
import type { Result } from '../../../src/core/result.js';
import { InputError } from '../../../src/errors.js';
import { buildFigures } from '../../../src/plots/registry.js';
import { compileSpec } from '../../../src/plots/render.js';
import { collapseInput } from '../../../src/experiments/batch-size-collapse/source.js';
import { analyseBatchSizeCollapse, gridBandwidth } from '../../../src/experiments/batch-size-collapse/analysis.js';
import { syntheticSweep, type SyntheticOptions } from './synthetic.js';

/**
 * The batch-size-collapse kind on synthetic network sweeps built to collapse exactly in one
 * variable (synthetic.ts: three N, fixed seeds, 3 runs per cell, run noise 0.01). The verdicts are
 * the kind's own, at its tolerance of 4 (a Wilson–Hilferty normal score of the χ²): when g governs,
 * collapse:noise-scale passes and the step's χ² is rejected; the mirror world (an edge in the step)
 * fails collapse:noise-scale and lets the step collapse. At one N the two variables cannot be told
 * apart, and both rows are N/E.
 */
const TOL = 4;

function analyse(o: SyntheticOptions) {
  const input = collapseInput(['synthetic'], [[syntheticSweep(o)]], 0);
  return analyseBatchSizeCollapse(input.points, input.cells, gridBandwidth(input.cells)!, TOL);
}
const row = (a: { predictions: Result['predictions'] }, id: string) => a.predictions.find((p) => p.id === id)!;

describe('batch-size-collapse: which variable collapses synthetic sweeps', () => {
  for (const width of [1, 0.5]) {
    it(`g governs (edge width ${width} in ln g): the cells collapse in g within 4 s.e. and the step is rejected beyond 4`, () => {
      const a = analyse({ truth: 'noiseScale', width });
      const g = row(a, 'collapse:noise-scale'), s = row(a, 'collapse:step');
      expect(g.notEvaluable).toBeUndefined();
      expect(Math.abs(g.z)).toBeLessThanOrEqual(TOL);
      expect(g.pass).toBe(true);
      expect(s.notEvaluable).toBeUndefined();
      expect(s.z).toBeGreaterThan(TOL);
      expect(s.pass).toBe(true);
      expect(row(a, 'contrast:noise-scale-vs-step').z).toBeGreaterThan(TOL);
    });

    it(`twin, the mirror (an edge in the step, width ${width}): the g prediction fails beyond 4 s.e., and the step collapses`, () => {
      const a = analyse({ truth: 'step', width });
      const g = row(a, 'collapse:noise-scale'), s = row(a, 'collapse:step');
      expect(g.z).toBeGreaterThan(TOL);
      expect(g.pass).toBe(false);
      expect(g.notEvaluable).toBeUndefined();
      expect(Math.abs(s.z)).toBeLessThanOrEqual(TOL);
      expect(s.pass).toBe(false);
      expect(row(a, 'contrast:noise-scale-vs-step').z).toBeLessThan(-TOL);
    });
  }

  it('a second seed gives the same verdicts (not one lucky draw)', () => {
    const a = analyse({ truth: 'noiseScale', seed: 11 });
    expect(a.predictions.filter((p) => p.expect !== 'not-judged').map((p) => p.pass)).toEqual([true, true]);
    const b = analyse({ truth: 'step', seed: 11 });
    expect(b.predictions.filter((p) => p.expect !== 'not-judged').map((p) => p.pass)).toEqual([false, false]);
  });

  it('one N (ε and m varied instead): the variables differ by a shift only, so both rows are N/E, not PASS', () => {
    const a = analyse({ truth: 'noiseScale', n: [1000], lr: [0.05, 0.1, 0.2] });
    for (const id of ['collapse:noise-scale', 'collapse:step']) {
      const p = row(a, id);
      expect(p.pass).toBe(false);
      expect(p.notEvaluable).toMatch(/cannot tell/);
    }
  });

  it('the χ² counts the smoother: ν = cells − tr(hat) − (points − 1), and a wider kernel than the default fits the sharp edge worse', () => {
    const a = analyse({ truth: 'noiseScale', width: 0.5 });
    const v = (a.measured as { variables: { noiseScale: { dof: number; effectiveParameters: number; sensitivity: { bandwidth: number; reducedChiSquare: number }[] } } }).variables.noiseScale;
    const cells = (a.measured as { cells: unknown[] }).cells.length;
    expect(v.dof).toBeCloseTo(cells - v.effectiveParameters, 10);
    expect(v.effectiveParameters).toBeGreaterThan(3 - 1 + 2);
    expect(v.sensitivity[1].reducedChiSquare).toBeGreaterThan(v.sensitivity[0].reducedChiSquare);
  });
});

describe('the cells a source gives', () => {
  it('accuracy 1 − the objective; runs that agree get the test-set floor √(a(1−a)/n_test)/√R, and full batches are left out', () => {
    const r = syntheticSweep({ truth: 'noiseScale', n: [1000] }) as unknown as { measured: { points: { cells: { mean: number; stdError: number; seeds: number[] }[] }[] } };
    const c = r.measured.points[0].cells[0];
    c.mean = 0.9; // every run at chance
    c.stdError = 0;
    c.seeds = [0.1, 0.1, 0.1];
    const input = collapseInput(['s'], [[r as unknown as Result]], 0);
    expect(input.cells[0].accuracy).toBeCloseTo(0.1, 12);
    expect(input.cells[0].stdError).toBeCloseTo(Math.sqrt((0.1 * 0.9) / 10000 / 3), 12); // MNIST's 10 000 test images
    expect(input.cells[0].spreadStdError).toBe(0);
    // elsewhere the larger of the spread and the floor
    for (const x of input.cells) expect(x.stdError).toBe(Math.max(x.spreadStdError, Math.sqrt((x.accuracy * (1 - x.accuracy)) / 10000 / 3)));
    expect(input.cells.filter((x) => x.stdError === x.spreadStdError).length).toBeGreaterThan(6);
    expect(input.cells.every((x) => x.batchSize < 1000)).toBe(true);
    expect(input.sources[0].fullBatchCells).toBe(1);
  });
});

describe('batch-size-collapse scenarios: sources read, validated and pooled by the runner', () => {
  let dir: string;
  const write = (name: string, value: unknown) => {
    writeFileSync(join(dir, name), JSON.stringify(value));
    return name;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bs-collapse-'));
    // two sources: the N = 250 and 1000 points in one file, N = 4000 in another
    write('a.json', syntheticSweep({ truth: 'noiseScale', n: [250, 1000] }));
    write('b.json', syntheticSweep({ truth: 'noiseScale', n: [4000], seed: 8 }));
  });
  const scenario = (extra: Record<string, unknown> = {}) => ({ experiment: 'batch-size-collapse', name: 'c', sources: ['a.json', 'b.json'], ...extra });
  const run = async (extra: Record<string, unknown> = {}) => runScenario(parseScenario(scenario(extra), { baseDir: dir }), { workers: 1 });

  it('pools the files, says what each gave, and reaches the verdicts of the synthetic world', async () => {
    const r = await run();
    const m = r.measured as { sources: { points: number; fullBatchCells: number }[]; points: { n: number }[] };
    expect(m.sources.map((s) => s.points)).toEqual([2, 1]);
    expect(m.sources.map((s) => s.fullBatchCells)).toEqual([2, 1]);
    expect(m.points.map((p) => p.n)).toEqual([250, 1000, 4000]);
    expect(r.predictions.map((p) => [p.id, p.verdict])).toEqual([['collapse:noise-scale', 'PASS'], ['collapse:step', 'PASS'], ['contrast:noise-scale-vs-step', 'INFO']]);
  });

  it('reads a source written before predictions had a verdict (schema version 1) as judge reads it, with the same pooled cells', async () => {
    const old = JSON.parse(JSON.stringify(syntheticSweep({ truth: 'noiseScale', n: [4000], seed: 8 })));
    // as version 1 wrote a prediction: pass, but no verdict and no alternative
    old.schemaVersion = 1;
    old.predictions = [{ id: 'slope:n', description: 'slope', predicted: 1, measured: 1.1, stdError: 0.3, tolerance: 4, z: 0.33, expect: 'agree', pass: true }];
    write('b-v1.json', old);
    const fromOld = await run({ sources: ['a.json', 'b-v1.json'] });
    const fromNew = await run();
    expect((fromOld.measured as { cells: unknown[] }).cells).toEqual((fromNew.measured as { cells: unknown[] }).cells);
    expect(fromOld.predictions.map((p) => p.verdict)).toEqual(fromNew.predictions.map((p) => p.verdict));
  });

  it('twin: a version-2 source without verdicts is refused, naming the field', async () => {
    const bad = JSON.parse(JSON.stringify(syntheticSweep({ truth: 'noiseScale', n: [4000], seed: 8 })));
    bad.predictions = [{ id: 'slope:n', description: 'slope', predicted: 1, measured: 1.1, stdError: 0.3, tolerance: 4, z: 0.33, expect: 'agree', pass: true }];
    write('b-bad.json', bad);
    expect(() => parseScenario(scenario({ sources: ['a.json', 'b-bad.json'] }), { baseDir: dir })).toThrow(/verdict/);
  });

  it('is a pure function of its sources: the same bytes twice; the figure compiles without warnings', async () => {
    const a = await run();
    const b = await run();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const figures = buildFigures(a);
    expect(figures.map((f) => f.id)).toEqual(['batch-size-collapse']);
    expect(compileSpec(figures[0].spec).warnings).toEqual([]);
  });

  it('uses only the points at the scenario λ', async () => {
    const other = syntheticSweep({ truth: 'noiseScale', n: [500] }) as unknown as { measured: { points: { lambda?: number }[] } };
    other.measured.points[0].lambda = 10;
    write('l.json', other);
    const r = await run({ sources: ['a.json', 'b.json', 'l.json'] });
    const m = r.measured as { sources: { points: number; otherLambda: number }[] };
    expect(m.sources[2]).toMatchObject({ points: 0, otherLambda: 1 });
    expect(r.warnings.join('\n')).toMatch(/l\.json gives no point at λ = 0/);
  });

  it('pools sources at other ε, m and steps (a sweep at fixed SDE time): each cell gets its own point\'s g and step, and the warning names the SDE times', async () => {
    // ε = 0.03, m = 0.5 and 33 334 steps, as a run of SDE time 2000 = steps·ε/(1−m)
    write('t.json', syntheticSweep({ truth: 'noiseScale', n: [2000], lr: [0.03], momentum: 0.5, steps: 33334, seed: 9 }));
    const r = await run({ sources: ['a.json', 'b.json', 't.json'] });
    const m = r.measured as { points: { lr: number; momentum: number; steps: number }[]; cells: { point: number; batchSize: number; g: number; step: number }[] };
    expect(m.points.map((p) => [p.lr, p.momentum, p.steps])).toEqual([[0.1, 0.9, 10000], [0.1, 0.9, 10000], [0.1, 0.9, 10000], [0.03, 0.5, 33334]]);
    const cell = m.cells.find((c) => c.point === 3 && c.batchSize === 8)!;
    expect(cell.g).toBeCloseTo((0.03 * (2000 / 8 - 1)) / 0.5, 12);
    expect(cell.step).toBeCloseTo(0.03 / (8 * 0.5), 12);
    expect(r.warnings.join('\n')).toMatch(/different SDE times ε·steps\/\(1−m\) \(1\.00e\+4, 2\.00e\+3\)/);
    // the pooled cells at one SDE time give no such warning
    expect((await run()).warnings.join('\n')).not.toMatch(/different SDE times/);
  });

  const refused = (extra: Record<string, unknown>): InputError => {
    try {
      parseScenario(scenario(extra), { baseDir: dir });
    } catch (err) {
      if (err instanceof InputError) return err;
      throw err;
    }
    throw new Error('not refused');
  };

  it('refuses, naming the field: a missing file, a FIFO-like non-file, a result of another kind, a malformed result, a repeated file', () => {
    expect(refused({ sources: ['a.json', 'missing.json'] }).message).toMatch(/sources\[1\]: results file .*missing\.json cannot be read/);
    expect(refused({ sources: ['.'] }).message).toMatch(/sources\[0\]: results file .* is a directory/);
    const stationary = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    write('s.json', { ...stationary, experiment: 'stationary' });
    expect(refused({ sources: ['s.json'] }).message).toMatch(/sources\[0\]: results file s\.json: must hold batch-size results, not "stationary"/);
    const broken = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    broken.measured.points[0].cells[1].seeds = 'many';
    write('broken.json', broken);
    expect(refused({ sources: ['broken.json'] }).message).toMatch(/sources\[0\]: results file broken\.json, measured\.points\[0\]\.cells\[1\]\.seeds/);
    writeFileSync(join(dir, 'text.json'), '{"experiment": "batch-size", ');
    expect(refused({ sources: ['text.json'] }).message).toMatch(/sources\[0\]: results file text\.json is not valid JSON/);
    expect(refused({ sources: ['a.json', './a.json'] }).message).toMatch(/sources\[1\]: names the same file as sources\[0\]/);
  });

  it('refuses a toy-potential result (no accuracy) with exit-2 InputError naming the source', async () => {
    const toy = syntheticSweep({ truth: 'noiseScale' }) as unknown as { scenario: { model: { kind: string } } };
    toy.scenario.model.kind = 'potential';
    write('toy.json', toy);
    await expect(run({ sources: ['toy.json', 'b.json'] })).rejects.toThrow(/sources\[0\]: toy\.json is a batch-size result of model\.kind "potential"/);
  });

  it('refuses sources with fewer than two points', async () => {
    await expect(run({ sources: ['b.json'] })).rejects.toThrow(/sources: the sources give 1 point\(s\)/);
  });
});

describe('the shipped scenario reads the committed network results', () => {
  it('paper-network-collapse validates (every source is a batch-size network result)', () => {
    const loaded = loadScenarioFile(join(__dirname, '../../../scenarios/paper-network-collapse.json'));
    expect(loaded.kind).toBe('batch-size-collapse');
  });
});
