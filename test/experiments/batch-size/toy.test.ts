import { describe, it, expect, beforeAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '../../../src/run/load-scenario.js';
import { batchSizeSweep, type BatchSizeSweep } from '../../../src/experiments/batch-size/sweep.js';
import { toyTheory, type ToyTheory } from '../../../src/experiments/batch-size/toy-theory.js';
import { analyseSweep, type Analysis } from '../../../src/experiments/batch-size/analysis.js';
import type { BatchSizeScenario } from '../../../src/experiments/batch-size/schema.js';
import { runCells } from '../../../src/workers/pool.js';
import { tasks, TASKS_MODULE } from '../../../src/run/tasks.js';
import { optimalBatchSize } from '../../../src/theory/gibbs.js';
import type { PotentialCellResult } from '../../../src/experiments/batch-size/cells.js';
import { parseScenario } from '../../../src/run/load-scenario.js';
import { olsSlope } from '../../../src/stats/loglog-slope.js';

/**
 * The toy's statistical checks, on the shipped scenario's quick settings (fixed seed 7; 6 outer
 * points: ε ∈ {0.01, 0.02, 0.04}, N ∈ {500, 1000, 2000}, m ∈ {0, 0.5}). Tolerances are the
 * scenario's: |z| ≤ 4 standard errors, the standard errors from a bootstrap over seeds. The twin
 * recomputes the same measurements against a theory with g doubled and must fail.
 */
const file = fileURLToPath(new URL('../../../scenarios/toy-batch-size.json', import.meta.url));
let s: BatchSizeScenario;
let sweep: BatchSizeSweep;
let results: PotentialCellResult[];
let theory: ToyTheory;
let analysis: Analysis;

beforeAll(async () => {
  s = loadScenarioFile(file, { quick: true }).scenario as unknown as BatchSizeScenario;
  sweep = batchSizeSweep(s);
  results = await runCells<PotentialCellResult>(sweep.cells, { workers: 2, registry: tasks, registryModule: TASKS_MODULE });
  if (s.model.kind !== 'potential') throw new Error('toy scenario must use the potential');
  theory = toyTheory(s.model, sweep.points, s.optimizer.sampler, s.theory.gridPoints, s.seed);
  analysis = analyseSweep(s, sweep, results, theory);
});

describe('toy optimum batch size (Gibbs theory vs SGD)', () => {
  it('the theory has an interior optimum and every swept point an interior measured optimum', () => {
    expect(theory.atEdge).toBe(false);
    const interior = analysis.predictions.filter((p) => p.id.startsWith('interior-optimum:'));
    expect(interior).toHaveLength(6);
    for (const p of interior) expect(p.pass, `${p.id}: z = ${p.z}`).toBe(true);
  });

  it('measured B_opt equals the Gibbs B_opt at every (ε, N, m) within 4 s.e.', () => {
    const bopt = analysis.predictions.filter((p) => p.id.startsWith('b-opt:'));
    expect(bopt).toHaveLength(6);
    for (const p of bopt) {
      expect(Math.abs(p.z), `${p.id}: ${p.measured} vs ${p.predicted} ± ${p.stdError}`).toBeLessThanOrEqual(4);
      expect(Math.abs(p.measured / p.predicted - 1)).toBeLessThan(0.25); // and close in absolute terms
    }
  });

  it('slopes of ln B_opt vs ln ε, ln N, ln 1/(1−m) agree with the theory (≈ 1) within 4 s.e.', () => {
    for (const axis of ['lr', 'n', 'momentum']) {
      const p = analysis.predictions.find((q) => q.id === `slope:${axis}`);
      expect(p, axis).toBeDefined();
      expect(p!.predicted).toBeGreaterThan(0.95); // the theory's own slope is close to the paper's 1
      expect(p!.pass, `${axis}: ${p!.measured} ± ${p!.stdError} vs ${p!.predicted}`).toBe(true);
      expect(p!.stdError).toBeLessThan(0.15); // the check has teeth
    }
  });

  it('twin: the same measurements reject a theory with g doubled', () => {
    const wrong: ToyTheory = {
      ...theory,
      points: theory.points.map((t, o) => {
        const p = sweep.points[o];
        return { ...t, gOpt: 2 * t.gOpt, bOpt: optimalBatchSize(2 * t.gOpt, p.lr, p.n, p.momentum, s.optimizer.sampler) };
      }),
    };
    const twin = analyseSweep(s, sweep, results, wrong);
    const bopt = twin.predictions.filter((p) => p.id.startsWith('b-opt:'));
    expect(bopt.every((p) => !p.pass)).toBe(true);
  });
});

describe('toy theory: how B_opt moves with N depends on how σ² scales with N', () => {
  const slopeN = (nScaling: 'gibbs' | 'noise') => {
    const sc = parseScenario({
      experiment: 'batch-size',
      model: { kind: 'potential', n: 1000, noise: { variance: 12.5 } },
      optimizer: { lr: 0.02 },
      batchSizes: [2, 4, 8],
      run: { sdeTime: 10 },
      sweep: { n: [500, 2000], nScaling },
      theory: { gridPoints: 301 },
    }).scenario as unknown as BatchSizeScenario;
    const p = batchSizeSweep(sc);
    if (sc.model.kind !== 'potential') throw new Error('unreachable');
    const t = toyTheory(sc.model, p.points, sc.optimizer.sampler, sc.theory.gridPoints, sc.seed);
    const idx = p.axes.n!;
    return olsSlope(idx.map((o) => Math.log(p.points[o].n)), idx.map((o) => Math.log(t.points[o].bOpt.exact))).slope;
  };
  it("σ² ∝ N ('gibbs'): g_opt is fixed, B_opt ∝ N (slope ≈ 1)", () => {
    expect(slopeN('gibbs')).toBeGreaterThan(0.98);
  });
  it("σ² fixed ('noise'): T = gσ²/(2N) fixes g_opt ∝ N, and B_opt hardly moves (slope ≈ 0)", () => {
    expect(Math.abs(slopeN('noise'))).toBeLessThan(0.02);
  });
});
