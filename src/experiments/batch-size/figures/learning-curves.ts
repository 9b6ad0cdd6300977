import type { Result } from '../../../core/result.js';
import { figureSpec, fmt, r6, type Figure } from '../../../figures/figure.js';
import { categoryPalette } from '../../../figures/theme.js';
import { object, parseBlock } from '../../../figures/read.js';
import { batchSizeResultBlocks } from '../result-schema.js';

/**
 * Smith & Le Fig 3: test accuracy and test cross-entropy against training steps for a small batch
 * (B = 30) and the full batch (B = N), mean over seeds (accuracy ± s.e.), at the base point of a
 * network sweep whose cells recorded learning curves (model.curveEvery). The paper's point: both
 * reach similar training loss, but the full batch generalises worse and its test cross-entropy
 * rises as it overfits. Without curves in the result there is no figure.
 */
interface CurveRow { series: string; step: number; accuracy: number | null; lo: number | null; hi: number | null; loss: number | null }

/** Batch sizes drawn: the paper's 30 and the full batch if the sweep has them, else its smallest and largest. */
function chooseBatches(available: number[], n: number): number[] {
  const wanted = [30, n].filter((b) => available.includes(b));
  if (wanted.length === 2) return wanted;
  return [...new Set([available[0], available[available.length - 1]])];
}

export function learningCurvesFigure(result: Result): Figure | undefined {
  const measured = parseBlock(batchSizeResultBlocks.measured, object(result.measured, 'measured'), 'measured');
  if (measured.points.length === 0) return undefined;
  const base = measured.points[0];
  const withCurves = base.cells.filter((c) => c.curve !== undefined && c.curve.length > 0);
  if (withCurves.length === 0) return undefined;
  const n = base.n;
  const chosen = chooseBatches(withCurves.map((c) => c.batchSize), n);
  const rows: CurveRow[] = [];
  const names: string[] = [];
  for (const b of chosen) {
    const cell = withCurves.find((c) => c.batchSize === b)!;
    const series = b === n ? `B = ${fmt(b)} (full batch)` : `B = ${fmt(b)}`;
    names.push(series);
    for (const p of cell.curve ?? []) {
      const acc = p.testAccuracy ?? Number.NaN;
      const se = p.testAccuracyStdError ?? 0;
      rows.push({
        series, step: p.step,
        accuracy: r6(acc), lo: r6(acc - se), hi: r6(acc + se),
        loss: r6(p.testLoss ?? Number.NaN),
      });
    }
  }
  const x = { field: 'step', type: 'quantitative', title: 'training steps' };
  const color = {
    field: 'series', type: 'nominal',
    scale: { domain: names, range: names.map((_, i) => categoryPalette[i % categoryPalette.length]) },
    legend: { title: null, orient: 'bottom', direction: 'horizontal', symbolType: 'stroke', symbolStrokeWidth: 3 },
  };
  const panel = (title: string, field: 'accuracy' | 'loss', yTitle: string, band: boolean) => ({
    title: { text: title, fontSize: 13, fontWeight: 'normal' },
    width: 300, height: 230,
    data: { values: rows },
    layer: [
      ...(band ? [{ mark: { type: 'area', opacity: 0.25 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: yTitle, scale: { zero: false }, axis: { format: '~%' } }, y2: { field: 'hi' }, color } }] : []),
      { mark: { type: 'line', strokeWidth: 1.8 }, encoding: { x, y: { field, type: 'quantitative', title: yTitle, scale: { zero: false }, ...(field === 'accuracy' ? { axis: { format: '~%' } } : {}) }, color } },
    ],
  });
  const lr = base.lr, m = base.momentum;
  const spec = figureSpec('Learning curves: small batch against full batch', [
    `ε = ${fmt(lr)}, m = ${fmt(m)}, N = ${fmt(n)}; mean over seeds (accuracy band ± s.e.)`,
  ], {
    hconcat: [panel('test accuracy', 'accuracy', 'test accuracy', true), panel('test cross-entropy', 'loss', 'test cross-entropy (nats)', false)],
    spacing: 24,
    resolve: { scale: { y: 'independent' } },
  });
  return {
    id: 'batch-size-learning-curves',
    title: 'Test accuracy and test cross-entropy during training (Smith & Le Fig 3)',
    caption: 'The small batch should end with the higher test accuracy; the full batch should overfit, its test cross-entropy rising late in training.',
    spec,
  };
}
