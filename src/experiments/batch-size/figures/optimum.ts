import { figureSpec, fmt, r6, type Figure } from '../../../figures/figure.js';
import { okabeIto } from '../../../figures/theme.js';
import { axisValue, type Axis, type BatchSizeData, type Slope } from './data.js';

/**
 * B_opt against ε, N and 1/(1−m) on log-log axes, one panel per swept factor: the measured optima
 * with bootstrap 95 % intervals, the least-squares line whose slope the predictions test, and a
 * slope-1 line through the data (the paper's B_opt ∝ εN/(1−m)); on the toy also the Gibbs
 * theory's B_opt. Agreement: the fitted line runs parallel to the slope-1 line.
 */
const X_TITLE: Record<Axis, string> = { lr: 'learning rate ε', n: 'training-set size N', momentum: '1/(1 − m)' };
const SERIES = ['measured B_opt and its interval', 'least-squares fit', 'slope 1: B_opt ∝ εN/(1−m)', 'Gibbs theory B_opt'];
const COLORS = [okabeIto.black, okabeIto.blue, '#888888', okabeIto.purple];

interface Row { layer: 'measured' | 'fit' | 'reference' | 'theory'; series: string; x: number | null; B: number | null; lo?: number | null; hi?: number | null }

function panel(data: BatchSizeData, s: Slope) {
  const byLabel = new Map(data.points.map((p) => [p.label, p]));
  const points = s.labels.map((l) => byLabel.get(l)).filter((p) => p !== undefined);
  const rows: Row[] = [];
  for (const p of points) {
    const x = axisValue(s.axis, p);
    if (Number.isFinite(p.bOpt) && p.bOpt > 0) rows.push({ layer: 'measured', series: SERIES[0], x: r6(x), B: r6(p.bOpt), lo: r6(p.bOptCi[0]), hi: r6(p.bOptCi[1]) });
    if (p.theory && p.theory.bOpt > 0) rows.push({ layer: 'theory', series: SERIES[3], x: r6(x), B: r6(p.theory.bOpt) });
  }
  // the slope's own data (ln x, ln B_opt): the fit through their centroid, and slope 1 through it too
  const finite = s.x.map((x, i) => [x, s.lnBOpt[i]]).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (finite.length >= 2) {
    const mx = finite.reduce((a, [x]) => a + x, 0) / finite.length;
    const my = finite.reduce((a, [, y]) => a + y, 0) / finite.length;
    const ends = [Math.min(...finite.map(([x]) => x)), Math.max(...finite.map(([x]) => x))];
    for (const lx of ends) {
      if (Number.isFinite(s.slope)) rows.push({ layer: 'fit', series: SERIES[1], x: r6(Math.exp(lx)), B: r6(Math.exp(my + s.slope * (lx - mx))) });
      rows.push({ layer: 'reference', series: SERIES[2], x: r6(Math.exp(lx)), B: r6(Math.exp(my + (lx - mx))) });
    }
  }
  // ticks at the swept values: a sweep rarely spans a decade, where Vega's log ticks collide
  const ticks = [...new Set(points.map((p) => r6(axisValue(s.axis, p))))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const x = { field: 'x', type: 'quantitative', title: X_TITLE[s.axis], scale: { type: 'log', nice: false, padding: 16 }, axis: { format: '~g', values: ticks, labelOverlap: 'greedy' } };
  const y = { type: 'quantitative', title: 'optimal batch size B_opt', scale: { type: 'log', nice: false, padding: 16 }, axis: { format: '~g', labelOverlap: 'greedy' } };
  const color = { field: 'series', type: 'nominal', scale: { domain: SERIES, range: COLORS }, legend: { title: null, orient: 'bottom', columns: 2 } };
  const only = (layer: Row['layer']) => [{ filter: `datum.layer === '${layer}'` }];
  const expected = s.theorySlope !== undefined ? `Gibbs theory ${fmt(s.theorySlope)}` : 'paper 1';
  return {
    title: { text: [`B_opt against ${X_TITLE[s.axis]}`, `slope ${fmt(s.slope)} ± ${fmt(s.stdError)} (${expected})`], fontSize: 13, fontWeight: 'normal' },
    width: 260,
    height: 230,
    data: { values: rows },
    layer: [
      { transform: only('reference'), mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.8 }, encoding: { x, y: { ...y, field: 'B' }, color } },
      { transform: only('fit'), mark: { type: 'line', strokeWidth: 2.2 }, encoding: { x, y: { ...y, field: 'B' }, color } },
      { transform: only('theory'), mark: { type: 'point', shape: 'diamond', size: 90, filled: false, strokeWidth: 2 }, encoding: { x, y: { ...y, field: 'B' }, color } },
      { transform: only('measured'), mark: { type: 'rule', strokeWidth: 1.8 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
      { transform: only('measured'), mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y: { ...y, field: 'B' }, color } },
    ],
  };
}

export function optimumFigure(data: BatchSizeData): Figure | undefined {
  if (data.slopes.length === 0) return undefined;
  const spec = figureSpec('Optimum batch size against ε, N and 1/(1−m)', undefined, {
    hconcat: data.slopes.map((s) => panel(data, s)),
    spacing: 28,
    resolve: { scale: { y: 'independent', x: 'independent' } },
  });
  return {
    id: 'batch-size-optimum',
    title: 'Optimum batch size against ε, N and 1/(1−m), log-log',
    caption:
      'Dots: fitted B_opt with bootstrap 95 % intervals over seeds; solid line: least-squares fit in log-log, whose slope the predictions test; ' +
      'dashed: slope 1 through the same points, the paper’s B_opt ∝ εN/(1−m)' +
      (data.points.some((p) => p.theory) ? '; diamonds: the Gibbs theory’s exact B_opt.' : '.'),
    spec,
  };
}
