import type { Result } from '../../core/result.js';
import { figureSpec, fmt, r6, type Figure } from '../../figures/figure.js';
import { object, parseBlock } from '../../figures/read.js';
import { escapeResultBlocks } from './result-schema.js';
import { okabeIto } from '../../figures/theme.js';

/**
 * Figures of an `escape` result (src/experiments/escape/, docs/theory.md §8):
 * - ln τ against 1/T: SGD and SDE cells of the Kramers series (±2 s.e. of ln τ̂), with the exact
 *   mean first-passage time, Kramers and Kramers with its finite-barrier correction as lines;
 * - the validity map: τ_SGD / τ_exact against ε V″(x*), one line per ΔV/T (1 = the SDE holds).
 */
const SERIES = ['SGD', 'SDE', 'exact first passage', 'Kramers', 'Kramers × (1 + cT)'];
const COLORS = [okabeIto.vermillion, okabeIto.blue, okabeIto.black, okabeIto.green, okabeIto.purple];

function arrheniusFigure(result: Result): Figure {
  const measured = parseBlock(escapeResultBlocks.measured, object(result.measured, 'measured'), 'measured');
  const theory = parseBlock(escapeResultBlocks.theory, object(result.theory, 'theory'), 'theory');
  const points = measured.cells.filter((c) => c.group === 'kramers').map((c) => {
    const y = nan(c.logTau);
    const se = nan(c.logStdError);
    return { x: r6(1 / nan(c.temperature)), y: r6(y), lo: r6(y - 2 * se), hi: r6(y + 2 * se), series: c.dynamics === 'sgd' ? 'SGD' : 'SDE', lr: c.lr, n: c.n, batchSize: c.batchSize };
  });
  const lines: Record<string, unknown>[] = [];
  theory.curve.forEach((o) => {
    const x = r6(nan(o.inverseTemperature));
    lines.push({ x, y: r6(nan(o.exact)), series: 'exact first passage' });
    lines.push({ x, y: r6(nan(o.kramers)), series: 'Kramers' });
    lines.push({ x, y: r6(nan(o.kramersCorrected)), series: 'Kramers × (1 + cT)' });
  });
  const slope = (k: 'sgdSlope' | 'sdeSlope') => {
    const s = measured[k];
    return s ? `${fmt(nan(s.slope))} ± ${fmt(nan(s.slopeStdError))}` : '—';
  };
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: SERIES, range: COLORS }, legend: { orient: 'top' } };
  const x = { field: 'x', type: 'quantitative', title: '1 / T', scale: { zero: false } };
  const y = { field: 'y', type: 'quantitative', title: 'ln τ (mean escape time, SDE time units)', scale: { zero: false } };
  const spec = figureSpec('Escape from the sharp minimum: ln τ against 1/T', [
    `slope ΔV = ${fmt(nan(theory.landscape.barrier))}; fitted: SGD ${slope('sgdSlope')}, SDE ${slope('sdeSlope')}`,
    'points ±2 s.e. (censored exponential MLE); lines: exact first-passage time (black), Kramers (green), Kramers × (1 + cT) (purple)',
  ], {
    width: 460,
    height: 340,
    layer: [
      { data: { values: lines }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color } },
      { data: { values: points }, mark: { type: 'rule' }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
      { data: { values: points }, mark: { type: 'point', filled: true, size: 40 }, encoding: { x, y, color, shape: { field: 'series', type: 'nominal', legend: null }, tooltip: [{ field: 'lr', title: 'ε' }, { field: 'n', title: 'N' }, { field: 'batchSize', title: 'B' }] } },
    ],
  });
  return { id: 'escape-arrhenius', title: 'ln τ against 1/T', caption: 'Mean escape time out of the sharp minimum against inverse temperature T = gσ²/(2N). The slope is the barrier ΔV; SGD (small ε) and its SDE should sit on the exact first-passage line, which lies above plain Kramers at moderate barriers.', spec };
}

function validityFigure(result: Result): Figure | null {
  const measured = parseBlock(escapeResultBlocks.measured, object(result.measured, 'measured'), 'measured');
  if (!measured.validityMap) return null;
  const rows = measured.validityMap.map((o) => {
    return { x: r6(nan(o.lrTimesCurvature)), y: r6(nan(o.ratio)), r: `ΔV/T ≈ ${nan(o.barrierOverT).toFixed(1)}`, agrees: o.agrees ? 'within tolerance' : 'departs' };
  });
  const spec = figureSpec('Where discrete SGD leaves the SDE', 'τ_SGD / τ_exact against ε V″(x*); 1 = the SDE (Kramers) picture holds', {
    width: 460,
    height: 300,
    layer: [
      { data: { values: [{ y: 1 }] }, mark: { type: 'rule', color: '#777777', strokeDash: [4, 3] }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values: rows },
        mark: { type: 'line', point: { filled: true, size: 40 } },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'ε V″(x*)', scale: { type: 'log' } },
          y: { field: 'y', type: 'quantitative', title: 'τ_SGD / τ_exact', scale: { type: 'log' } },
          color: { field: 'r', type: 'nominal', title: null, legend: { orient: 'top' } },
        },
      },
    ],
  });
  return { id: 'escape-validity', title: 'Validity map', caption: 'Ratio of the SGD escape time to the exact SDE time as the learning rate grows: at large ε V″ discrete SGD escapes faster than its SDE.', spec };
}

const nan = (v: number | null): number => (v === null ? Number.NaN : v);

export function escapeFigures(result: Result): Figure[] {
  const out = [arrheniusFigure(result)];
  const v = validityFigure(result);
  if (v) out.push(v);
  return out;
}
