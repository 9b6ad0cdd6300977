import { figureSpec, fmt, r6, type Figure } from '../../../figures/figure.js';
import { categoryPalette } from '../../../figures/theme.js';
import { spacedLogTicks } from '../../../figures/log-ticks.js';
import { axisValue, type Axis, type BatchSizeData, type Point } from './data.js';

/**
 * The objective (test loss on the toy, test accuracy on the network) against B on a log axis,
 * mean ± s.e. over seeds, one panel per swept factor (ε, N or m) with a curve per value; dashed
 * verticals mark each fitted B_opt, dashed curves the Gibbs theory (toy). The optimum should move
 * right in proportion to ε, N and 1/(1−m).
 */
const PANEL_WIDTH = 300;
const SYMBOL: Record<Axis, string> = { lr: 'ε', n: 'N', momentum: 'm' };
const PANEL_TITLE: Record<Axis, string> = { lr: 'varying the learning rate ε', n: 'varying the training-set size N', momentum: 'varying the momentum m' };

export function metricTitle(data: BatchSizeData): string {
  return data.metric === 'loss' ? 'test loss (stationary time average)' : 'test accuracy';
}

export function metricAxis(data: BatchSizeData): Record<string, unknown> {
  return data.metric === 'accuracy' ? { format: '~%' } : {};
}

/** A point's name in a legend: its value on the axis being varied, or every setting for the base alone. */
export function pointName(p: Point, axis?: Axis): string {
  if (!axis) return `ε = ${fmt(p.lr)}, N = ${fmt(p.n)}, m = ${fmt(p.momentum)}`;
  const v = axis === 'lr' ? p.lr : axis === 'n' ? p.n : p.momentum;
  return `${SYMBOL[axis]} = ${fmt(v)}`;
}

interface Row { layer: 'cell' | 'theory' | 'bopt'; series: string; B: number | null; value?: number | null; lo?: number | null; hi?: number | null }

function panel(data: BatchSizeData, points: Point[], axis: Axis | undefined, title: string) {
  const rows: Row[] = [];
  const names = points.map((p) => pointName(p, axis));
  points.forEach((p, i) => {
    const series = names[i];
    for (const c of p.cells) {
      rows.push({ layer: 'cell', series, B: r6(c.batchSize), value: r6(c.value), lo: r6(c.value - c.stdError), hi: r6(c.value + c.stdError) });
    }
    for (const c of p.theory?.curve ?? []) rows.push({ layer: 'theory', series, B: r6(c.batchSize), value: r6(c.value) });
    if (Number.isFinite(p.bOpt)) rows.push({ layer: 'bopt', series, B: r6(p.bOpt) });
  });
  // ticks at the batch sizes actually run (Vega's log ticks crowd a short range), as many as have room
  const grid = spacedLogTicks(points.flatMap((p) => p.cells.map((c) => r6(c.batchSize) ?? Number.NaN)), PANEL_WIDTH, { paddingPx: 10 });
  const x = { field: 'B', type: 'quantitative', title: 'batch size B', scale: { type: 'log', nice: false, padding: 10 }, axis: { format: '~g', values: grid, labelOverlap: 'greedy', grid: false } };
  const y = { type: 'quantitative', title: metricTitle(data), scale: { zero: false }, axis: metricAxis(data) };
  const color = {
    field: 'series',
    type: 'nominal',
    scale: { domain: names, range: names.map((_, i) => categoryPalette[i % categoryPalette.length]) },
    legend: { title: null, orient: 'bottom', direction: 'horizontal', columns: 2, symbolType: 'stroke', symbolStrokeWidth: 3 },
  };
  const only = (layer: Row['layer']) => [{ filter: `datum.layer === '${layer}'` }];
  return {
    title: { text: title, fontSize: 13, fontWeight: 'normal' },
    width: PANEL_WIDTH,
    height: 230,
    data: { values: rows },
    layer: [
      { transform: only('cell'), mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
      { transform: only('cell'), mark: { type: 'line', point: { filled: true, size: 36 } }, encoding: { x, y: { ...y, field: 'value' }, color } },
      ...(rows.some((r) => r.layer === 'theory')
        ? [{ transform: only('theory'), mark: { type: 'line', strokeDash: [6, 3], strokeWidth: 1.8 }, encoding: { x, y: { ...y, field: 'value' }, color } }]
        : []),
      { transform: only('bopt'), mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1.8 }, encoding: { x, color } },
    ],
  };
}

export function curvesFigure(data: BatchSizeData): Figure {
  const byLabel = new Map(data.points.map((p) => [p.label, p]));
  const panels = data.slopes.map((s) => {
    const points = s.labels.map((l) => byLabel.get(l)).filter((p): p is Point => p !== undefined);
    points.sort((a, b) => axisValue(s.axis, a) - axisValue(s.axis, b));
    return panel(data, points, s.axis, PANEL_TITLE[s.axis]);
  });
  if (panels.length === 0) panels.push(panel(data, data.points, undefined, 'the base point'));
  const toy = data.points.some((p) => p.theory);
  const spec = figureSpec(`${data.metric === 'loss' ? 'Test loss' : 'Test accuracy'} against the batch size`, [
    `points: mean ± s.e. over seeds; dotted verticals: fitted B_opt${toy ? '; dashed curves: Gibbs theory' : ''}`,
  ], {
    hconcat: panels,
    spacing: 24,
    resolve: { scale: { color: 'independent', y: 'independent' }, legend: { color: 'independent' } },
  });
  return {
    id: 'batch-size-curves',
    title: `${data.metric === 'loss' ? 'Test loss' : 'Test accuracy'} against the batch size B`,
    caption:
      `Each curve is one setting of (ε, N, m); the ${data.metric === 'loss' ? 'minimum' : 'maximum'} is the optimum batch size B_opt (dotted vertical, fitted by a parabola in ln B). ` +
      'The theory says B_opt grows in proportion to ε, to N and to 1/(1−m): a fixed noise scale g is optimal.',
    spec,
  };
}
