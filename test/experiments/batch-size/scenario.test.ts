import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile, parseScenario } from '../../../src/run/load-scenario.js';
import { scenarioProblems } from '../../helpers/scenario-problems.js';
import { batchSizeSweep } from '../../../src/experiments/batch-size/sweep.js';
import type { BatchSizeScenario } from '../../../src/experiments/batch-size/schema.js';

const shipped = ['toy-batch-size', 'paper-batch-size-mnist', 'paper-batch-size-mnist-full'];
const path = (name: string) => fileURLToPath(new URL(`../../../scenarios/${name}.json`, import.meta.url));

const problems = scenarioProblems;

const toy = {
  experiment: 'batch-size',
  model: { kind: 'potential', n: 100, noise: { variance: 1 } },
  optimizer: { lr: 0.02 },
  batchSizes: [2, 4, 8],
  run: { sdeTime: 10 },
};

describe('batch-size scenarios', () => {
  it.each(shipped)('%s validates, with and without --quick, and has a description', (name) => {
    for (const quick of [false, true]) {
      const loaded = loadScenarioFile(path(name), { quick });
      expect(loaded.kind).toBe('batch-size');
      expect(String(loaded.scenario.description).length).toBeGreaterThan(100);
    }
  });

  it('reports every problem with its JSON path', () => {
    const found = problems({ ...toy, run: { sdeTime: 10, steps: 5 }, batchSizes: [2, 4, 800], model: { ...toy.model, loss: 'x^2 + w', test: { shift: [1] } } });
    const paths = found.map((p) => p.path);
    expect(paths).toContain('run');
    expect(paths).toContain('batchSizes[2]');
    expect(paths).toContain('model.loss');
    expect(found.some((p) => p.path.startsWith('model.test'))).toBe(true);
  });

  it('rejects toy-only fields on the network and N not divisible by the classes', () => {
    const found = problems({
      experiment: 'batch-size',
      model: { kind: 'mlp', hidden: 8, digits: [0, 1], trainPerClass: 10, testPerClass: 10 },
      optimizer: { lr: 0.1 },
      batchSizes: [2, 4, 8],
      run: { steps: 10, replicas: 4 },
      sweep: { n: [21] },
    });
    expect(found.map((p) => p.path)).toEqual(expect.arrayContaining(['run.replicas', 'sweep.n[0]']));
  });

  it('its sweep has fixed SDE time, σ² ∝ N under nScaling "gibbs", and noise-scale grids that move with ε', () => {
    const s = parseScenario({
      ...toy,
      optimizer: { lr: 0.02, momentum: 0.5 },
      batchSizes: { noiseScale: { min: 1, max: 8, count: 4 } },
      run: { sdeTime: 10, burnInTime: 2, seeds: 2 },
      sweep: { lr: [0.04], n: [400] },
    }).scenario as unknown as BatchSizeScenario;
    const sweep = batchSizeSweep(s);
    const [base, lr2, n4] = sweep.points;
    expect(base.steps).toBe(Math.ceil((10 * 0.5) / 0.02)); // steps = T (1−m)/ε
    expect(base.burnIn).toBe(Math.ceil((2 * 0.5) / 0.02));
    expect(lr2.steps).toBe(Math.ceil(base.steps / 2));
    expect(n4.sigma2).toBeCloseTo(4, 12);
    expect(lr2.batchSizes.at(-1)! / base.batchSizes.at(-1)!).toBeGreaterThan(1.5);
    expect(sweep.cells).toHaveLength(sweep.points.reduce((k, p) => k + p.batchSizes.length * 2, 0));
    // every cell has its own seed
    const seeds = new Set(sweep.cells.map((c) => (c.payload as { seed: number }).seed));
    expect(seeds.size).toBe(sweep.cells.length);
  });
});
