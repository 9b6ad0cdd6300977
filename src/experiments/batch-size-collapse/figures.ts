import type { Result } from '../../core/result.js';
import { figureSpec, fmt, r6, type Figure } from '../../figures/figure.js';
import { object, parseBlock } from '../../figures/read.js';
import { okabeIto } from '../../figures/theme.js';
import { batchSizeCollapseResultBlocks } from './result-schema.js';

/**
 * The figure of a batch-size-collapse result: every cell's accuracy above chance divided by its
 * point's fitted scale, ±1 s.e., against g (left) and against the step ε/(B(1−m)) (right) on log
 * axes, with each variable's common curve. Colour: the training-set size N, the factor that tells
 * the two variables apart: if g governs, the N's fall on one curve on the left and spread apart on
 * the right, and the reverse for a trainability edge in the step.
 */
type Variable = 'noiseScale' | 'step';

const nan = (v: number | null): number => (v === null ? Number.NaN : v);

export function batchSizeCollapseFigures(result: Result): Figure[] {
  const m = parseBlock(batchSizeCollapseResultBlocks.measured, object(result.measured, 'measured'), 'measured');
  const ns = [...new Set(m.points.map((p) => p.n))].sort((a, b) => a - b);
  const rows = m.cells.map((c) => {
    const p = m.points[c.point];
    const row = (v: Variable) => {
      const s = nan(p.scale[v]);
      const y = (nan(c.accuracy) - c.chance) / s;
      const se = nan(c.stdError) / s;
      return { y: r6(y), lo: r6(y - se), hi: r6(y + se) };
    };
    return {
      g: r6(nan(c.g)), step: r6(nan(c.step)), N: p.n, B: c.batchSize, lr: p.lr, m: p.momentum,
      source: m.sources[c.source]?.name ?? String(c.source), point: p.label,
      noiseScale: row('noiseScale'), stepRow: row('step'),
    };
  });
  const color = { field: 'N', type: 'ordinal', title: 'training-set size N', sort: ns, scale: { scheme: 'viridis' }, legend: { orient: 'right' } };
  const tooltip = [{ field: 'source' }, { field: 'point' }, { field: 'N' }, { field: 'B' }, { field: 'lr', title: 'ε' }, { field: 'm' }, { field: 'y', title: 'normalised accuracy' }];
  const panel = (v: Variable, xField: 'g' | 'step', xTitle: string) => {
    const fit = m.variables[v];
    const x = { field: xField, type: 'quantitative', title: xTitle, scale: { type: 'log', nice: false, padding: 8 }, axis: { format: '~g' } };
    const y = { field: 'y', type: 'quantitative', title: '(accuracy − chance) / scale of its point', scale: { zero: false } };
    const values = rows.map((r) => ({ ...r, ...(v === 'noiseScale' ? r.noiseScale : r.stepRow) }));
    const curve = fit.curve.map((c) => ({ [xField]: r6(nan(c.x)), y: r6(nan(c.f)) }));
    return {
      title: { text: `against ${xTitle}: χ²/ν = ${fmt(nan(fit.reducedChiSquare))} (ν = ${fmt(nan(fit.dof))}, score ${fmt(nan(fit.z))})`, fontSize: 13, fontWeight: 'normal' },
      width: 340,
      height: 280,
      layer: [
        { data: { values: curve }, mark: { type: 'line', color: okabeIto.black, strokeWidth: 1.8 }, encoding: { x, y } },
        { data: { values }, mark: { type: 'rule', strokeWidth: 1.2, opacity: 0.7 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
        { data: { values }, mark: { type: 'point', filled: true, size: 40, opacity: 0.85 }, encoding: { x, y, color, tooltip } },
      ],
    };
  };
  const c = m.contrast;
  const spec = figureSpec('Which variable collapses the test accuracy: g or the step?', [
    `${m.cells.length} cells of ${m.points.length} points; kernel bandwidth h = ${fmt(nan(m.bandwidth))} in ln x; contrast ${fmt(nan(c.z))} s.e. (positive: g fits better)`,
  ], {
    hconcat: [panel('noiseScale', 'g', 'noise scale g = ε(N/B − 1)/(1−m)'), panel('step', 'step', 'step ε/(B(1−m))')],
    spacing: 24,
    resolve: { scale: { y: 'shared' } },
  });
  return [{
    id: 'batch-size-collapse',
    title: 'Test accuracy against the noise scale g and against the step ε/(B(1−m))',
    caption:
      'Each point is one (ε, N, m, B) cell of the pooled batch-size sweeps (±1 s.e. over runs), its accuracy above chance divided by its point’s fitted plateau; black: the common curve (local-linear in ln x). ' +
      'Colour is N, the only factor that separates the two variables: if g governs, the N’s fall on one curve on the left and not on the right.',
    spec,
  }];
}
