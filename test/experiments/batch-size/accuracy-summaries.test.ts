import { describe, it, expect } from 'vitest';
import { accuracySummaries } from '../../../src/experiments/batch-size/accuracy-summaries.js';
import { batchSizePredictionPatterns } from '../../../src/experiments/batch-size/prediction-ids.js';
import { batchSizeResultBlocks } from '../../../src/experiments/batch-size/result-schema.js';
import { l2Figure } from '../../../src/experiments/batch-size/figures/l2.js';
import { bestAccuracyFigure } from '../../../src/experiments/batch-size/figures/best-accuracy.js';
import { compileSpec } from '../../../src/plots/render.js';
import type { Result } from '../../../src/core/result.js';

/**
 * The information a network sweep adds beyond B_opt, on fixed cells: an L2 sweep's gap per λ and
 * its trend (INFO rows, ids `l2-gap:λ=…` and `l2-gap-trend`), an ε sweep's best accuracy at the
 * largest ε against the others (`best-accuracy-largest:lr`), the blocks they write (which the result
 * schema reads back) and the figures drawn from them.
 */
const cell = (batchSize: number, accuracy: number, stdError = 0.004) => ({ batchSize, mean: 1 - accuracy, stdError });

const l2Points = [0.1, 1, 10, 100].map((lambda, i) => ({
  label: i === 0 ? 'base' : `λ=${lambda}`, lr: 0.1, n: 1000, momentum: 0.9, lambda,
  cells: [cell(20, 0.91), cell(30, 0.912), cell(1000, 0.888 + 0.007 * i)],
}));
const lrPoints = [0.1, 0.2, 0.8].map((lr, i) => ({
  label: i === 0 ? 'base' : `ε=${lr}`, lr, n: 1000, momentum: 0.9,
  cells: [cell(30, [0.912, 0.91, 0.87][i]), cell(100, [0.9, 0.905, 0.86][i])],
}));

describe('network summaries beyond B_opt', () => {
  it('L2: a gap per λ as INFO (the base point named by its λ), and its trend: −0.007 per decade here', () => {
    const s = accuracySummaries({ axes: { lambda: [0, 1, 2, 3] } }, l2Points, 4);
    expect(s.predictions.map((p) => p.id)).toEqual(['l2-gap:λ=0.1', 'l2-gap:λ=1', 'l2-gap:λ=10', 'l2-gap:λ=100', 'l2-gap-trend']);
    expect(s.predictions.every((p) => p.expect === 'not-judged')).toBe(true);
    expect(s.predictions[0].measured).toBeCloseTo(0.912 - 0.888, 12);
    expect(s.predictions[0].stdError).toBeCloseTo(Math.hypot(0.004, 0.004), 12);
    expect(s.predictions[4].measured).toBeCloseTo(-0.007, 10);
    for (const p of s.predictions) expect(batchSizePredictionPatterns().some((re) => re.test(p.id)), p.id).toBe(true);
    expect(s.measured.l2!.rows[3]).toMatchObject({ lambda: 100, smallBest: { batchSize: 30 }, fullBatch: { batchSize: 1000 } });
    expect(s.measured.bestAlong!.lambda!.values).toEqual([0.1, 1, 10, 100]);
  });

  it('ε sweep: the best accuracy at the largest ε against the best other, 0.87 − 0.912 = −0.042 ± 0.0057', () => {
    const s = accuracySummaries({ axes: { lr: [0, 1, 2] } }, lrPoints, 4);
    expect(s.predictions.map((p) => p.id)).toEqual(['best-accuracy-largest:lr']);
    expect(s.predictions[0].measured).toBeCloseTo(-0.042, 12);
    expect(s.predictions[0].z).toBeLessThan(-4);
    expect(s.measured.l2).toBeUndefined();
  });

  it('twin: a point alone (no swept axis) adds nothing', () => {
    expect(accuracySummaries({ axes: {} }, [lrPoints[0]], 4)).toEqual({ measured: {}, predictions: [] });
  });

  it('the blocks read back through the result schema, and both figures compile without warnings', () => {
    const l2 = accuracySummaries({ axes: { lambda: [0, 1, 2, 3] } }, l2Points, 4);
    const lr = accuracySummaries({ axes: { lr: [0, 1, 2] } }, lrPoints, 4);
    const result = (points: typeof l2Points | typeof lrPoints, measured: object) => ({
      experiment: 'batch-size',
      measured: {
        objective: 'test error',
        points: points.map((p) => ({
          ...p, steps: 10000,
          cells: p.cells.map((c) => ({ ...c, g: 1, gPaper: 1, seeds: [1 - c.mean], testAccuracy: 1 - c.mean })),
          bOpt: { value: 30, lnStdError: 0.3, ci95: [20, 40], bestBatchSize: 30, interior: true, method: 'parabola' }, gOpt: 30,
        })),
        slopes: {},
        ...JSON.parse(JSON.stringify(measured)),
      },
    }) as unknown as Result;
    const a = result(l2Points, l2.measured);
    expect(batchSizeResultBlocks.measured.safeParse(a.measured).success).toBe(true);
    const f = l2Figure(a)!;
    expect(f.id).toBe('batch-size-l2');
    expect(compileSpec(f.spec).warnings).toEqual([]);
    const b = result(lrPoints, lr.measured);
    const g = bestAccuracyFigure(b)!;
    expect(g.id).toBe('batch-size-best-accuracy');
    expect(compileSpec(g.spec).warnings).toEqual([]);
    // twin: no L2 block, no L2 figure
    expect(l2Figure(b)).toBeUndefined();
  });
});
