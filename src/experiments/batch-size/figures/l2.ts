import type { Result } from '../../../core/result.js';
import { spacedLogTicks } from '../../../figures/log-ticks.js';
import { figureSpec, fmt, r6, type Figure } from '../../../figures/figure.js';
import { categoryPalette, okabeIto } from '../../../figures/theme.js';
import { object, parseBlock } from '../../../figures/read.js';
import { batchSizeResultBlocks } from '../result-schema.js';

/** the width of the accuracy-against-B panel, in pixels (its ticks are spaced for it) */
const CURVES_WIDTH = 260;

/**
 * Smith & Le Fig 8 across λ (a network sweep with sweep.lambda): test accuracy against B, one curve
 * per λ (left); the gap between the best small batch and the full batch against λ, with the zero
 * line the paper's "the gap closes" would reach and the weighted trend in log10 λ (middle); the
 * best accuracy over B against λ (right). Mean ± s.e. over runs. No L2 sweep: no figure.
 */
const nan = (v: number | null | undefined): number => (v === null || v === undefined ? Number.NaN : v);

export function l2Figure(result: Result): Figure | undefined {
  const m = parseBlock(batchSizeResultBlocks.measured, object(result.measured, 'measured'), 'measured');
  const l2 = m.l2;
  if (!l2 || l2.rows.length === 0) return undefined;
  const names = l2.rows.map((r) => `λ = ${fmt(r.lambda)}`);
  const byLabel = new Map(m.points.map((p) => [p.label, p]));
  const curveRows = l2.rows.flatMap((r, i) => (byLabel.get(r.label)?.cells ?? []).map((c) => {
    const a = 1 - nan(c.mean);
    const se = nan(c.stdError);
    return { series: names[i], B: r6(c.batchSize), value: r6(a), lo: r6(a - se), hi: r6(a + se) };
  }));
  const positive = l2.rows.filter((r) => r.lambda > 0);
  const gapRows = positive.map((r) => {
    const g = nan(r.gap), se = nan(r.gapStdError);
    return { lambda: r6(r.lambda), value: r6(g), lo: r6(g - se), hi: r6(g + se) };
  });
  const bestRows = positive.map((r) => {
    const a = nan(r.best?.accuracy), se = nan(r.best?.stdError);
    return { lambda: r6(r.lambda), value: r6(a), lo: r6(a - se), hi: r6(a + se), B: r.best?.batchSize ?? null };
  });
  const t = l2.trend;
  const ends = positive.length ? [Math.min(...positive.map((r) => r.lambda)), Math.max(...positive.map((r) => r.lambda))] : [];
  const trendRows = t && t.slope !== null && t.intercept !== null ? ends.map((l) => ({ lambda: r6(l), value: r6((t.intercept as number) + (t.slope as number) * Math.log10(l)) })) : [];

  const color = { field: 'series', type: 'nominal', scale: { domain: names, range: names.map((_, i) => categoryPalette[i % categoryPalette.length]) }, legend: { title: null, orient: 'bottom', columns: 2, symbolType: 'stroke', symbolStrokeWidth: 3 } };
  const grid = spacedLogTicks(curveRows.map((r) => r.B ?? Number.NaN), CURVES_WIDTH, { paddingPx: 10 });
  const xB = { field: 'B', type: 'quantitative', title: 'batch size B', scale: { type: 'log', nice: false, padding: 10 }, axis: { format: '~g', values: grid, labelOverlap: 'greedy' } };
  const yAcc = { type: 'quantitative', title: 'test accuracy', scale: { zero: false }, axis: { format: '~%' } };
  const xL = { field: 'lambda', type: 'quantitative', title: 'L2 coefficient λ (summed)', scale: { type: 'log', nice: false, padding: 14 }, axis: { format: '~g', values: positive.map((r) => r6(r.lambda)) } };
  const errorAndPoint = (rows: unknown[], y: Record<string, unknown>, colour: string) => [
    { data: { values: rows }, mark: { type: 'rule', strokeWidth: 1.6, color: colour }, encoding: { x: xL, y: { ...y, field: 'lo' }, y2: { field: 'hi' } } },
    { data: { values: rows }, mark: { type: 'point', filled: true, size: 60, color: colour }, encoding: { x: xL, y: { ...y, field: 'value' } } },
  ];
  const yGap = { type: 'quantitative', title: 'best small batch − full batch', scale: { zero: true }, axis: { format: '~%' } };
  const spec = figureSpec('L2 regularisation: does some λ close the small-vs-full-batch gap?', [
    `mean ± s.e. over runs${t && t.slope !== null ? `; gap trend ${fmt(t.slope)} ± ${fmt(nan(t.stdError))} per decade of λ` : ''}`,
  ], {
    hconcat: [
      {
        title: { text: 'test accuracy against B, per λ', fontSize: 13, fontWeight: 'normal' }, width: CURVES_WIDTH, height: 220,
        data: { values: curveRows },
        layer: [
          { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x: xB, y: { ...yAcc, field: 'lo' }, y2: { field: 'hi' }, color } },
          { mark: { type: 'line', point: { filled: true, size: 36 } }, encoding: { x: xB, y: { ...yAcc, field: 'value' }, color } },
        ],
      },
      {
        title: { text: 'gap: best small batch − full batch', fontSize: 13, fontWeight: 'normal' }, width: 220, height: 220,
        layer: [
          { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#888888' }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
          ...(trendRows.length ? [{ data: { values: trendRows }, mark: { type: 'line', color: okabeIto.blue, strokeWidth: 1.8 }, encoding: { x: xL, y: { ...yGap, field: 'value' } } }] : []),
          ...errorAndPoint(gapRows, yGap, okabeIto.black),
        ],
      },
      {
        title: { text: 'best accuracy over B', fontSize: 13, fontWeight: 'normal' }, width: 220, height: 220,
        layer: errorAndPoint(bestRows, yAcc, okabeIto.vermillion),
      },
    ],
    spacing: 24,
    resolve: { scale: { y: 'independent', x: 'independent' } },
  });
  return {
    id: 'batch-size-l2',
    title: 'Test accuracy, small-vs-full-batch gap and best accuracy against the L2 strength λ (Smith & Le Fig 8)',
    caption: 'Left: each λ’s accuracy against B. Middle: the best small batch (B < N) minus the full batch, with the weighted trend in log10 λ (blue) and zero (dashed), where the paper says regularisation brings it. Right: the best accuracy over B. Each best is biased up by about one standard error.',
    spec,
  };
}
