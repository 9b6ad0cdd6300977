import type { Result } from '../../../core/result.js';
import { figureSpec, fmt, r6, type Figure } from '../../../figures/figure.js';
import { okabeIto } from '../../../figures/theme.js';
import { object, parseBlock } from '../../../figures/read.js';
import { batchSizeResultBlocks } from '../result-schema.js';

/**
 * Network sweeps: the best test accuracy over the B grid (mean ± s.e. over runs, the batch size that
 * reached it in the tooltip) against each swept value of ε, N and 1/(1−m), one panel per axis.
 * Smith & Le Fig 5's question: does the best accuracy fall at the largest ε? (The L2 axis has its
 * own figure, l2.ts.) No network sweep over these axes: no figure.
 */
const AXES = ['lr', 'n', 'momentum'] as const;
const TITLE = { lr: 'learning rate ε', n: 'training-set size N', momentum: '1/(1 − m)' } as const;
const nan = (v: number | null | undefined): number => (v === null || v === undefined ? Number.NaN : v);

export function bestAccuracyFigure(result: Result): Figure | undefined {
  const m = parseBlock(batchSizeResultBlocks.measured, object(result.measured, 'measured'), 'measured');
  const along = m.bestAlong;
  if (!along) return undefined;
  const panels = AXES.flatMap((axis) => {
    const a = along[axis];
    if (!a) return [];
    const x = (v: number) => (axis === 'momentum' ? 1 / (1 - v) : v);
    const rows = a.values.map((v, i) => {
      const b = a.best[i];
      const acc = nan(b?.accuracy), se = nan(b?.stdError);
      return { x: r6(x(v)), value: r6(acc), lo: r6(acc - se), hi: r6(acc + se), B: b?.batchSize ?? null, point: a.labels[i] };
    });
    const d = a.largestMinusOthers;
    const xEnc = { field: 'x', type: 'quantitative', title: TITLE[axis], scale: { type: 'log', nice: false, padding: 14 }, axis: { format: '~g', values: rows.map((r) => r.x) } };
    const y = { type: 'quantitative', title: 'best test accuracy over B', scale: { zero: false }, axis: { format: '~%' } };
    return [{
      title: { text: [`best accuracy against ${TITLE[axis]}`, d && d.value !== null ? `largest − best other: ${fmt(d.value)} ± ${fmt(nan(d.stdError))}` : ''], fontSize: 13, fontWeight: 'normal' },
      width: 240, height: 220,
      data: { values: rows },
      layer: [
        { mark: { type: 'rule', strokeWidth: 1.6, color: okabeIto.black }, encoding: { x: xEnc, y: { ...y, field: 'lo' }, y2: { field: 'hi' } } },
        { mark: { type: 'line', color: okabeIto.black, point: { filled: true, size: 60, color: okabeIto.black } }, encoding: { x: xEnc, y: { ...y, field: 'value' }, tooltip: [{ field: 'point' }, { field: 'B', title: 'best B' }, { field: 'value', title: 'accuracy' }] } },
      ],
    }];
  });
  if (panels.length === 0) return undefined;
  const spec = figureSpec('Best test accuracy over B against each swept factor', ['mean ± s.e. over runs of the best cell of each point (biased up by about one s.e.)'], {
    hconcat: panels,
    spacing: 24,
    resolve: { scale: { y: 'independent', x: 'independent' } },
  });
  return {
    id: 'batch-size-best-accuracy',
    title: 'Best test accuracy over the batch-size grid against ε, N and 1/(1−m)',
    caption: 'Each point is the highest mean test accuracy over the B grid of one setting. Smith & Le see it fall at their largest learning rates (Fig 5) and at the largest momentum.',
    spec,
  };
}
