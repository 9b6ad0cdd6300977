import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile, parseScenario } from '../../../src/run/load-scenario.js';
import { scenarioProblems } from '../../helpers/scenario-problems.js';
import { batchGridNotes, batchSizeSweep } from '../../../src/experiments/batch-size/sweep.js';
import type { BatchSizeScenario } from '../../../src/experiments/batch-size/schema.js';

/**
 * No silent caps: a batch-size grid that cannot run as asked at some point of the sweep
 * (B above that point's N, a noise scale beyond what B = 1 gives) is refused before any work with
 * the point and the values; grid entries that round to one integer B are run once and named in the
 * warnings. Every shipped batch-size scenario passes these checks with and without --quick.
 */
const problems = scenarioProblems;

const network = {
  experiment: 'batch-size',
  model: { kind: 'mlp', hidden: 16, digits: [0, 1], trainPerClass: 100, testPerClass: 50 },
  optimizer: { lr: 0.1, momentum: 0.9 },
  run: { seeds: 2, steps: 10 },
};

describe('batch-size grids run as asked or are refused', () => {
  it('refuses a B above the N of a swept training set, naming the point and the batch sizes', () => {
    const found = problems({ ...network, batchSizes: [10, 100, 150], sweep: { n: [100, 400] } });
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe('batchSizes');
    expect(found[0].message).toContain('sweep.n[0] (N = 100)');
    expect(found[0].message).toContain('B = 150');
  });

  it('twin: the same sweep with every B ≤ the smallest N validates', () => {
    expect(problems({ ...network, batchSizes: [10, 50, 100], sweep: { n: [100, 400] } })).toEqual([]);
  });

  it('a noise-scale grid scales with N, so the N sweep that a fixed list cannot express validates', () => {
    expect(problems({ ...network, batchSizes: { noiseScale: { min: 1, max: 50, count: 4 } }, sweep: { n: [100, 400] } })).toEqual([]);
  });

  it('refuses a noise scale that would need B < 1, with the g that B = 1 gives', () => {
    const found = problems({ ...network, batchSizes: { noiseScale: { min: 10, max: 2000, count: 3 } } });
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe('batchSizes.noiseScale');
    expect(found[0].message).toContain("g(B = 1) = 200"); // ε N (N − B)/(B (N − 1)) / (1 − m) at B = 1, N = 200: 0.1 · 200 / 0.1
  });

  it('names grid entries that round to one batch size instead of merging them silently', () => {
    const raw = { ...network, batchSizes: { noiseScale: { min: 100, max: 150, count: 4 } } };
    expect(problems(raw)).toEqual([]);
    const s = parseScenario(raw).scenario as unknown as BatchSizeScenario;
    const notes = batchGridNotes(s, batchSizeSweep(s));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/4 batch-size grid entries round to [123] distinct/);
    // twin: a grid without merged entries has no note
    const wide = parseScenario({ ...network, batchSizes: { noiseScale: { min: 1, max: 150, count: 4 } } }).scenario as unknown as BatchSizeScenario;
    expect(batchGridNotes(wide, batchSizeSweep(wide))).toEqual([]);
  });

  const dir = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
  const shipped = readdirSync(dir).filter((f) => f.endsWith('.json') && (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { experiment?: unknown }).experiment === 'batch-size');
  it.each(shipped)('shipped %s validates with and without --quick', (file) => {
    for (const quick of [false, true]) expect(loadScenarioFile(dir + file, { quick, allowLong: true }).kind).toBe('batch-size');
  });
});
