import { figureSpec, fmt, r6, type Figure } from '../../../figures/figure.js';
import { categoryPalette } from '../../../figures/theme.js';
import type { BatchSizeData, Point } from './data.js';
import { metricAxis, metricTitle } from './curves.js';

/**
 * The same cells against the noise scale g = εN c(N,B)/(1−m) instead of B: if g governs the
 * dynamics, the curves of every (ε, N, m) fall on one another and share their optimum g_opt.
 */
function name(p: Point): string {
  return p.label === 'base' ? `base: ε = ${fmt(p.lr)}, N = ${fmt(p.n)}, m = ${fmt(p.momentum)}` : p.label.replace('=', ' = ');
}

type Row = { layer: 'cell' | 'gopt'; series: string; g: number | null; value?: number | null; lo?: number | null; hi?: number | null };

export function noiseScaleFigure(data: BatchSizeData): Figure | undefined {
  if (data.points.length < 2) return undefined; // nothing to collapse
  const rows: Row[] = [];
  const names = data.points.map(name);
  data.points.forEach((p, i) => {
    for (const c of p.cells) rows.push({ layer: 'cell', series: names[i], g: r6(c.g), value: r6(c.value), lo: r6(c.value - c.stdError), hi: r6(c.value + c.stdError) });
  });
  // the Gibbs optimum; the same for every point when σ² ∝ N (then one rule)
  const theoryG = [...new Set(data.points.map((p) => p.theory?.gOpt).filter((g): g is number => g !== undefined && Number.isFinite(g)).map((g) => r6(g)))];
  for (const g of theoryG) rows.push({ layer: 'gopt', series: 'Gibbs theory g_opt', g });
  const series = [...names, ...(theoryG.length ? ['Gibbs theory g_opt'] : [])];
  const range = series.map((s, i) => (s === 'Gibbs theory g_opt' ? '#000000' : categoryPalette[i % categoryPalette.length]));
  const gs = rows.map((r) => r.g).filter((g): g is number => g !== null && g > 0);
  const decades = Array.from({ length: Math.ceil(Math.log10(Math.max(...gs))) - Math.floor(Math.log10(Math.min(...gs))) + 1 }, (_, k) => r6(10 ** (Math.floor(Math.log10(Math.min(...gs))) + k)));
  const x = { field: 'g', type: 'quantitative', title: 'noise scale g = εN c(N,B)/(1−m)', scale: { type: 'log', nice: false, padding: 10 }, axis: { format: '~g', values: decades } };
  const y = { type: 'quantitative', title: metricTitle(data), scale: { zero: false }, axis: metricAxis(data) };
  const color = { field: 'series', type: 'nominal', scale: { domain: series, range }, legend: { title: null, orient: 'right', symbolType: 'stroke', symbolStrokeWidth: 3 } };
  const only = (layer: Row['layer']) => [{ filter: `datum.layer === '${layer}'` }];
  const spec = figureSpec(`${data.metric === 'loss' ? 'Test loss' : 'Test accuracy'} against the noise scale g`, ['every (ε, N, m) of the sweep; mean ± s.e. over seeds'], {
    width: 440,
    height: 280,
    data: { values: rows },
    layer: [
      { transform: only('gopt'), mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.8 }, encoding: { x, color } },
      { transform: only('cell'), mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
      { transform: only('cell'), mark: { type: 'line', point: { filled: true, size: 36 } }, encoding: { x, y: { ...y, field: 'value' }, color } },
    ],
  });
  return {
    id: 'batch-size-noise-scale',
    title: 'The sweep against the noise scale g',
    caption:
      'The cells of every setting plotted against g instead of B. If the noise scale governs SGD, the curves collapse onto one another and share their optimum g_opt' +
      (theoryG.length ? ' (dashed: the Gibbs theory’s g_opt).' : '.'),
    spec,
  };
}
