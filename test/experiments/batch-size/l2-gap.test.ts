import { describe, it, expect } from 'vitest';
import { gapTrend, l2Rows } from '../../../src/experiments/batch-size/l2-gap.js';
import { bestAlongAxis, bestCell } from '../../../src/experiments/batch-size/best-accuracy.js';

/**
 * The Fig 8 (λ) and Fig 5 (largest ε) summaries of a network batch-size sweep, on fixed numbers:
 * the best cell, the gap between the best small batch and the full batch with its standard error,
 * the trend of the gap against log10 λ, and the largest ε's best against the others'. The twins
 * are sweeps whose gap does not shrink, and whose best accuracy does not fall.
 */
const cell = (batchSize: number, accuracy: number, stdError = 0.004) => ({ batchSize, accuracy, stdError });

describe('best cell and best along an axis', () => {
  it('picks the highest accuracy among the admitted cells, and null when none is finite', () => {
    const cells = [cell(20, 0.91), cell(30, 0.915, 0.003), cell(1000, 0.88)];
    expect(bestCell(cells)).toEqual(cell(30, 0.915, 0.003));
    expect(bestCell(cells, (c) => c.batchSize >= 1000)).toEqual(cell(1000, 0.88));
    expect(bestCell([cell(5, Number.NaN)])).toBeNull();
  });

  it('the largest ε against the best other: a fall of 0.03 ± 0.0057 (5.3 s.e.)', () => {
    const along = bestAlongAxis([
      { label: 'ε=0.8', value: 0.8, cells: [cell(100, 0.88), cell(300, 0.87)] },
      { label: 'base', value: 0.1, cells: [cell(30, 0.91)] },
      { label: 'ε=0.4', value: 0.4, cells: [cell(60, 0.905)] },
    ]);
    expect(along.values).toEqual([0.1, 0.4, 0.8]);
    expect(along.largestMinusOthers).toMatchObject({ largest: 0.8, bestOther: 0.1 });
    expect(along.largestMinusOthers!.value).toBeCloseTo(-0.03, 12);
    expect(along.largestMinusOthers!.stdError).toBeCloseTo(Math.hypot(0.004, 0.004), 12);
    expect(-along.largestMinusOthers!.value / along.largestMinusOthers!.stdError).toBeGreaterThan(4);
  });

  it('twin: a best accuracy that holds at the largest ε gives a difference within 1 s.e.', () => {
    const along = bestAlongAxis([
      { label: 'base', value: 0.1, cells: [cell(30, 0.91)] },
      { label: 'ε=0.8', value: 0.8, cells: [cell(240, 0.909)] },
    ]);
    expect(Math.abs(along.largestMinusOthers!.value / along.largestMinusOthers!.stdError)).toBeLessThan(1);
  });
});

describe('L2: the small-vs-full-batch gap per λ and its trend', () => {
  const sweep = (gaps: number[]) => [0.1, 1, 10, 100].map((lambda, i) => ({
    label: `λ=${lambda}`, lambda, n: 1000,
    cells: [cell(20, 0.9), cell(30, 0.905), cell(1000, 0.905 - gaps[i])],
  }));

  it('per λ: best small batch, full batch and their gap with the combined standard error', () => {
    const rows = l2Rows(sweep([0.03, 0.02, 0.01, 0]));
    expect(rows.map((r) => r.lambda)).toEqual([0.1, 1, 10, 100]);
    expect(rows[0]).toMatchObject({ smallBest: cell(30, 0.905), fullBatch: cell(1000, 0.875) });
    expect(rows[0].gap).toBeCloseTo(0.03, 12);
    expect(rows[0].gapStdError).toBeCloseTo(Math.hypot(0.004, 0.004), 12);
    expect(rows[3].best).toEqual(cell(30, 0.905)); // the first of equals
  });

  it('a gap that closes by 0.015 per decade: slope −0.015 per decade, beyond 4 s.e. of 0', () => {
    const t = gapTrend(l2Rows(sweep([0.045, 0.03, 0.015, 0])))!;
    expect(t.slope).toBeCloseTo(-0.015, 10);
    expect(t.rows).toBe(4);
    expect(t.slope / t.stdError).toBeLessThan(-4);
  });

  it('twin: a gap that stays at 0.03: slope 0 within 1 s.e.', () => {
    const t = gapTrend(l2Rows(sweep([0.03, 0.03, 0.03, 0.03])))!;
    expect(t.slope).toBeCloseTo(0, 12);
    expect(Math.abs(t.slope / t.stdError)).toBeLessThan(1);
  });

  it('no trend without two λ > 0 that have both a small and a full batch', () => {
    expect(gapTrend(l2Rows([{ label: 'λ=0', lambda: 0, n: 1000, cells: [cell(20, 0.9), cell(1000, 0.88)] }, { label: 'λ=1', lambda: 1, n: 1000, cells: [cell(20, 0.9), cell(1000, 0.89)] }]))).toBeNull();
    expect(l2Rows([{ label: 'x', lambda: 1, n: 1000, cells: [cell(20, 0.9)] }])[0].gap).toBeNull();
  });
});
