import { describe, it, expect } from 'vitest';
import { parseScenario } from '../../../src/run/load-scenario.js';
import { batchSizeSweep, type BatchSizeSweep } from '../../../src/experiments/batch-size/sweep.js';
import { analyseSweep, type Analysis } from '../../../src/experiments/batch-size/analysis.js';
import type { BatchSizeScenario } from '../../../src/experiments/batch-size/schema.js';
import type { MlpCellResult } from '../../../src/dynamics/train-mlp.js';
import type { Prediction } from '../../../src/core/result.js';

/**
 * The network's B_opt analysis on cells whose test accuracies are written down (no training):
 * the fit keeps to the trained neighbourhood of the best cell, its interval is never narrower than
 * the grid, the trainability edge follows fit.trainableAccuracy, and an N sweep is judged against
 * both readings of the optimum (g governs: slope 1; an edge in ε/(B(1−m)) governs: slope 0).
 */
function scenario(extra: Record<string, unknown>): BatchSizeScenario {
  return parseScenario({
    experiment: 'batch-size',
    model: { kind: 'mlp', hidden: 16, digits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], trainPerClass: 100, testPerClass: 50, dataSeed: 0 },
    optimizer: { lr: 0.1, momentum: 0.9 },
    run: { seeds: 4, steps: 100 },
    fit: { window: 2, bootstrap: 200 },
    ...extra,
  }).scenario as unknown as BatchSizeScenario;
}

/** Cells with test accuracy accuracy(point, B) and a small fixed spread over seeds (±0.002). */
function cells(sweep: BatchSizeSweep, accuracy: (point: number, b: number) => number): MlpCellResult[] {
  return sweep.cells.map((_, i) => {
    const acc = accuracy(sweep.cellPoint[i], sweep.points[sweep.cellPoint[i]].batchSizes[sweep.cellBatch[i]]) + (sweep.cellSeed[i] % 2 ? 0.002 : -0.002);
    return { testAccuracy: acc, testLoss: 1 - acc, trainAccuracy: acc, trainLoss: 1 - acc, diverged: false };
  });
}

type Point = { bOpt: { value: number; interval: [number, number]; gridFloor: number; bestBatchSize: number | null }; trainabilityEdge: { batchSize: number | null; threshold: number } };
const points = (a: Analysis) => (a.measured as { points: Point[] }).points;
const byId = (a: Analysis, id: string): Prediction => a.predictions.find((p) => p.id === id)!;

describe('network B_opt: the trained neighbourhood of the best cell', () => {
  // the cells of paper-fig4-batch-size --quick that once gave B_opt = 177 out of a best cell at B = 30
  const fig4 = [3, 10, 30, 100, 1000];
  const means: Record<number, number> = { 3: 0.107, 10: 0.638, 30: 0.9025, 100: 0.8965, 1000: 0.89 };
  const analyse = (trainableAccuracy?: number) => {
    const s = scenario({ batchSizes: fig4, ...(trainableAccuracy !== undefined ? { fit: { window: 2, bootstrap: 200, trainableAccuracy } } : {}) });
    const sweep = batchSizeSweep(s);
    return analyseSweep(s, sweep, cells(sweep, (_, b) => means[b]));
  };

  it('B_opt lies between the best cell\'s grid neighbours, its interval covers ±the grid floor, and the edge is the smallest trained B', () => {
    const [p] = points(analyse());
    expect(p.bOpt.bestBatchSize).toBe(30);
    expect(p.bOpt.value).toBeGreaterThanOrEqual(10);
    expect(p.bOpt.value).toBeLessThanOrEqual(100);
    expect(p.bOpt.gridFloor).toBeCloseTo(Math.log(10) / 2, 12); // half of ln(100/10)
    expect(p.bOpt.interval[0]).toBeLessThanOrEqual(p.bOpt.value * Math.exp(-p.bOpt.gridFloor) * (1 + 1e-12));
    expect(p.bOpt.interval[1]).toBeGreaterThanOrEqual(p.bOpt.value * Math.exp(p.bOpt.gridFloor) * (1 - 1e-12));
    expect(p.trainabilityEdge).toEqual({ batchSize: 10, threshold: 0.5 });
  });

  it('twin: a threshold stated above B = 10\'s accuracy moves the edge to B = 30 and keeps the fit off B = 10', () => {
    const [p] = points(analyse(0.7));
    expect(p.trainabilityEdge).toEqual({ batchSize: 30, threshold: 0.7 });
    expect(p.bOpt.value).toBeGreaterThanOrEqual(30);
    expect(p.bOpt.value).toBeLessThanOrEqual(100);
  });

  it('no cell trained: no B_opt, the interior optimum is N/E and says why', () => {
    const s = scenario({ batchSizes: fig4 });
    const sweep = batchSizeSweep(s);
    const a = analyseSweep(s, sweep, cells(sweep, () => 0.2));
    expect(points(a)[0].bOpt.bestBatchSize).toBeNull();
    expect(byId(a, 'interior-optimum:base')).toMatchObject({ verdict: 'N/E', notEvaluable: expect.stringMatching(/no cell trains/) });
  });
});

describe('network N sweep: slope of ln B_opt against ln N judged against 1 (g governs) and 0 (an edge governs)', () => {
  // a fine log grid of B, the same at every N (B ≤ the smallest N), and N over a factor 16
  const batchSizes = Array.from({ length: 27 }, (_, k) => Math.round(2 * 1.2 ** k)).filter((b, k, all) => all.indexOf(b) === k);
  const s = scenario({ batchSizes, sweep: { n: [250, 4000] }, model: { kind: 'mlp', hidden: 16, digits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], trainPerClass: 100, dataSeed: 0, data: 'full' }, tolerance: 2 });
  const sweep = batchSizeSweep(s);
  /** a peak of test accuracy at lnB = ln bOpt(N), falling by 0.05 per (ln B)²; nothing trains below B = 3 */
  const peaked = (bOpt: (n: number) => number) => cells(sweep, (o, b) => (b < 3 ? 0.1 : 0.9 - 0.05 * Math.log(b / bOpt(sweep.points[o].n)) ** 2));

  it('B_opt ∝ N (g governs): slope:n passes and its contrast slope-edge:n is rejected', () => {
    const a = analyseSweep(s, sweep, peaked((n) => n / 40));
    expect(byId(a, 'slope:n')).toMatchObject({ verdict: 'PASS', predicted: 1, alternative: { value: 0 } });
    expect(byId(a, 'slope-edge:n')).toMatchObject({ verdict: 'PASS', expect: 'disagree', predicted: 0, alternative: { value: 1 } });
  });

  it('twin: B_opt fixed (an edge governs): slope:n fails and its contrast is not rejected (FAIL)', () => {
    const a = analyseSweep(s, sweep, peaked(() => 12));
    expect(byId(a, 'slope:n').verdict).toBe('FAIL');
    expect(byId(a, 'slope-edge:n').verdict).toBe('FAIL');
  });

  it('a coarse grid cannot tell 1 from 0: both rows are N/E inconclusive, not PASS', () => {
    const coarse = scenario({ batchSizes: [2, 20, 200], sweep: { n: [500] }, tolerance: 4 });
    const cs = batchSizeSweep(coarse);
    const a = analyseSweep(coarse, cs, cells(cs, (o, b) => 0.9 - 0.05 * Math.log(b / (cs.points[o].n / 40)) ** 2));
    for (const id of ['slope:n', 'slope-edge:n']) expect(byId(a, id)).toMatchObject({ verdict: 'N/E', notEvaluable: expect.stringMatching(/^inconclusive: /) });
  });
});
