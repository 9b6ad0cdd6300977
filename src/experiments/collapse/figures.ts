import type { Result } from '../../core/result.js';
import { figureSpec, fmt, r6, type Figure } from '../../figures/figure.js';
import { invalid, object, parseBlock } from '../../figures/read.js';
import { collapseResultBlocks } from './result-schema.js';
import { okabeIto } from '../../figures/theme.js';

/**
 * Figure of a `collapse` result (src/experiments/collapse/, docs/theory.md §3): N × excess loss of
 * every (ε, B, N, m) cell, ±1 s.e., on log-log axes, against g with the line g·tr(S)/4 (left) and
 * against ε/B with the best single curve k·ε/B (right). Colour: B; shape: ε. When tr S differs
 * between cells (least squares, whose S is measured per N), both panels show N × excess / tr S
 * and the line g/4.
 */
interface Cell { lr: number; batchSize: number; n: number; momentum: number; g: number; lrOverB: number; y: number; se: number; traceS: number }

const nan = (v: number | null): number => (v === null ? Number.NaN : v);

function readCells(result: Result): { cells: Cell[]; commonTrace: number | null; k: number | null; score: string } {
  const measured = parseBlock(collapseResultBlocks.measured, object(result.measured, 'measured'), 'measured');
  const cells = measured.cells.map((o) => ({
    lr: o.lr, batchSize: o.batchSize, n: o.n, momentum: o.momentum,
    g: nan(o.g), lrOverB: nan(o.lrOverB), y: nan(o.excess), se: nan(o.excessStdError),
    traceS: nan(o.traceS),
  }));
  if (cells.length === 0) invalid('measured.cells', 'holds no cells');
  const commonTrace = typeof measured.traceS === 'number' ? measured.traceS : null;
  const lrOverB = measured.contrasts.lrOverB;
  const k = lrOverB && typeof lrOverB.k === 'number' ? lrOverB.k : null;
  const c = measured.collapse;
  const score = `collapse χ² = ${fmt(nan(c.chiSquare))} on ${c.dof} dof (p = ${fmt(nan(c.pValue))}), max |z| = ${fmt(nan(c.maxAbsZ))}`;
  return { cells, commonTrace, k, score };
}

export function collapseFigures(result: Result): Figure[] {
  const { cells, commonTrace, k, score } = readCells(result);
  // divide by tr S only when it differs between cells, so the common case shows N × excess itself
  const scale = (c: Cell) => (commonTrace === null ? c.traceS : 1);
  const yTitle = commonTrace === null ? 'N × excess loss / tr S' : 'N × excess loss,  N·½E[(ω−ω*)ᵀH(ω−ω*)]';
  const rows = cells.map((c) => {
    const y = c.y / scale(c);
    const se = c.se / scale(c);
    return {
      g: r6(c.g), lrOverB: r6(c.lrOverB), y: r6(y), lo: r6(Math.max(y - se, 0.05 * y)), hi: r6(y + se),
      B: c.batchSize, lr: c.lr, N: c.n, m: c.momentum,
    };
  });
  const bs = [...new Set(cells.map((c) => c.batchSize))].sort((a, b) => a - b);
  const lrs = [...new Set(cells.map((c) => c.lr))].sort((a, b) => a - b);
  const span = (v: number[]) => [Math.min(...v) / 1.25, Math.max(...v) * 1.25];
  const [g0, g1] = span(cells.map((c) => c.g));
  const slope = commonTrace === null ? 0.25 : commonTrace / 4;
  const line = Array.from({ length: 2 }, (_, i) => { const g = i === 0 ? g0 : g1; return { x: r6(g), y: r6(slope * g) }; });
  const [u0, u1] = span(cells.map((c) => c.lrOverB));
  const fitLine = k !== null && commonTrace !== null ? [{ x: r6(u0), y: r6(k * u0) }, { x: r6(u1), y: r6(k * u1) }] : [];
  const y = { field: 'y', type: 'quantitative', title: yTitle, scale: { type: 'log', nice: false, padding: 8 }, axis: { format: '~g' } };
  const color = { field: 'B', type: 'ordinal', title: 'batch size B', sort: bs, scale: { scheme: 'viridis' }, legend: { orient: 'right' } };
  const shape = { field: 'lr', type: 'nominal', title: 'learning rate ε', sort: lrs, legend: { orient: 'right' } };
  const tooltip = [{ field: 'lr', title: 'ε' }, { field: 'B' }, { field: 'N' }, { field: 'm' }, { field: 'g' }, { field: 'y', title: 'value' }];
  const panel = (xField: 'g' | 'lrOverB', xTitle: string, lineRows: { x: number | null; y: number | null }[], lineLabel: string) => {
    const x = { field: xField, type: 'quantitative', title: xTitle, scale: { type: 'log', nice: false, padding: 8 }, axis: { format: '~g' } };
    return {
      width: 340,
      height: 300,
      layer: [
        ...(lineRows.length ? [{
          data: { values: lineRows.map((r) => ({ ...r, series: lineLabel })) },
          mark: { type: 'line', color: okabeIto.black, strokeDash: [7, 4], strokeWidth: 1.8 },
          encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' } },
        }] : []),
        { data: { values: rows }, mark: { type: 'rule', strokeWidth: 1.4 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
        { data: { values: rows }, mark: { type: 'point', filled: true, size: 60, opacity: 0.9 }, encoding: { x, y, color, shape, tooltip } },
      ],
    };
  };
  const spec = figureSpec('N × excess loss collapses against g, not against ε/B', score ? [score] : undefined, {
    hconcat: [
      panel('g', 'noise scale g = εN c(N,B)/(1−m)', line, commonTrace === null ? 'g/4' : 'g tr S / 4'),
      panel('lrOverB', 'ε / B', fitLine, 'best k·ε/B'),
    ],
    spacing: 24,
    resolve: { scale: { y: 'shared' } },
  });
  return [{
    id: 'collapse',
    title: 'N × excess loss against g and against ε/B',
    caption:
      `Each point is one (ε, B, N, m) cell at stationarity (±1 s.e. from replicas); colour: B, shape: ε. Left: against g, with the OU identity ${commonTrace === null ? 'g/4 (values divided by each cell’s tr S)' : `g·tr(S)/4 (tr S = ${fmt(commonTrace)})`} dashed — the cells should fall on it. ` +
      'Right: the same cells against ε/B, with the best single curve k·ε/B dashed: where N or m vary, no single curve fits.',
    spec,
  }];
}
