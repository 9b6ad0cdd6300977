import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../../src/run/load-scenario.js';
import { runScenario } from '../../src/run/runner.js';
import type { Progress } from '../../src/core/progress.js';
import { experimentKinds, experiments, type ExperimentKind } from '../../src/run/registry.js';

/**
 * Progress with an ETA for every kind. An ETA needs a task of at least two units
 * that ticks before it ends (one unit gives 0% until the run is over). Each kind runs a tiny scenario
 * on one worker with a recording Progress. Before: stationary ran one replica block per dynamics on
 * one worker (a single tick at the end), and the gradient-noise trajectory had no task at all.
 * The non-terminal line format (a line per finished cell once a run passes 10 s) is tested in
 * adversarial.test.ts with an injected clock.
 */
const tiny: Record<string, Record<string, unknown>> = {
  stationary: {
    experiment: 'stationary', name: 'p-stationary', seed: 1,
    model: { kind: 'quadratic', dim: 2, n: 50, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 1 } },
    optimizer: { lr: 0.1, batchSize: 5 }, run: { replicas: 16, steps: 200 },
  },
  'batch-size': {
    experiment: 'batch-size', name: 'p-batch-size', seed: 3,
    model: { kind: 'potential', n: 64, noise: { variance: 1 } },
    optimizer: { lr: 0.05 }, batchSizes: [2, 4, 8, 16, 32],
    run: { seeds: 2, sdeTime: 50, burnInTime: 10 }, fit: { bootstrap: 50 }, theory: { gridPoints: 51 },
  },
  collapse: {
    experiment: 'collapse', name: 'p-collapse', seed: 5,
    model: { kind: 'quadratic', dim: 2, n: 60, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 2 } },
    grid: { lr: [0.01, 0.02], batchSize: [2, 6] }, run: { replicas: 8, time: 10 },
  },
  evidence: {
    experiment: 'evidence', name: 'p-evidence', seed: 4, seeds: 2,
    data: { synthetic: { features: 20, trainPerClass: 30, testPerClass: 100 } },
    lambda: { min: 0.01, max: 100, count: 6 },
  },
  transient: {
    experiment: 'transient', name: 'p-transient', seed: 3,
    model: { dim: 2, spectrum: [0.5, 0.25], start: 4 }, horizon: 1, lrs: [0.1, 0.05, 0.025, 0.0125], paths: 500,
  },
  escape: {
    experiment: 'escape', name: 'p-escape', seed: 3, noise: { variance: 400 }, sampler: 'without-replacement',
    kramers: { lr: [0.01], n: [400], barrierOverT: [3, 3.5] }, run: { replicas: 20, horizon: 8 },
  },
  'gradient-noise': {
    experiment: 'gradient-noise', name: 'p-gradient-noise', seed: 3,
    model: { kind: 'linear-regression', n: 200, dim: 4, inputSpectrum: { powerLaw: { exponent: 1, scale: 1 } }, labelNoise: 0.5 },
    optimizer: { lr: 0.05, batchSize: 8, sampler: 'with-replacement' }, start: { scale: 1 },
    trajectory: { steps: 100, checkpoints: 3, pairs: 200, small: 2, big: 16 },
  },
  'batch-size-collapse': {
    experiment: 'batch-size-collapse', name: 'p-batch-size-collapse', seed: 1,
    // a committed quick network sweep over N (three points)
    sources: [fileURLToPath(new URL('../../plots/paper-fig6-n/results.json', import.meta.url))],
  },
};

function recorder() {
  const tasks: { label: string; total: number; ticks: number; ended: boolean }[] = [];
  const progress: Progress = {
    info() {},
    start(label, total) {
      const t = { label, total, ticks: 0, ended: false };
      tasks.push(t);
      return { tick() { if (!t.ended) t.ticks++; }, end() { t.ended = true; } };
    },
  };
  return { tasks, progress };
}

describe('item 12: a transient ladder of 3 ε (allowed by the schema) is refused up front, not a RangeError after the run', () => {
  it('lrs of 3 values and integrators.steps of 3 counts: exit-2 problems naming them', () => {
    expect(() => parseScenario({ ...tiny.transient, lrs: [0.1, 0.05, 0.025] })).toThrow(/lrs: needs at least 4 learning rates/);
    expect(() => parseScenario({ ...tiny.transient, integrators: { steps: [16, 32, 64] } })).toThrow(/integrators\.steps: needs at least 4 step counts/);
  });
});

describe('item 6: every kind reports progress that can carry an ETA', () => {
  it('the table covers every registered kind', () => {
    expect(Object.keys(tiny).sort()).toEqual([...experimentKinds].sort());
  });
  for (const [kind, raw] of Object.entries(tiny)) {
    it(`${kind}: a task of ≥ 2 units ticks before it ends`, async () => {
      const { tasks, progress } = recorder();
      const loaded = parseScenario(raw);
      const result = await runScenario(loaded, { workers: 1, progress });
      const useful = tasks.filter((t) => t.total >= 2 && t.ticks >= 2);
      expect(useful, JSON.stringify(tasks)).not.toEqual([]);
      // item 13: the expect-key patterns of the kind are not too narrow: every id a run makes matches
      const patterns = experiments[kind as ExperimentKind].predictionIds?.(loaded.scenario as never) ?? [];
      expect(patterns.length).toBeGreaterThan(0);
      expect(result.predictions.length).toBeGreaterThan(0);
      for (const p of result.predictions) expect(patterns.some((re) => re.test(p.id)), `${kind}: ${p.id}`).toBe(true);
    });

    it(`${kind}: a typo in expect fails validation with its JSON path (item 13)`, () => {
      expect(() => parseScenario({ ...raw, expect: { 'sgd.trace.vs.uo': 'disagree' } })).toThrow(new RegExp(`expect\\.sgd\\.trace\\.vs\\.uo: no ${kind} prediction has this id`));
    });
  }
});
