import { figureSpec, r6, type Figure } from '../../../figures/figure.js';
import { seriesScale } from '../../../figures/theme.js';
import type { StationaryData } from './data.js';

/**
 * Every covariance entry at once (the histograms show four coordinates, the ellipses two), made
 * dimensionless with the OU theory so that a wide spectrum does not squash the small entries:
 * - left, variances as ratios Σⱼⱼ / Σⱼⱼ(OU), on a zoomed axis (1 = the SDE prediction);
 * - right, covariances as correlations Σⱼₖ / √(Σⱼⱼ Σₖₖ)(OU).
 * Measurements carry ±2 standard-error bars; each theory is a short bar of its colour.
 */
const MAX_VARIANCES = 16;
const MAX_COVARIANCES = 21; // all pairs up to d = 7

type Row = { layer: 'measured' | 'theory'; entry: string; series: string; value: number | null; lo?: number | null; hi?: number | null };

const sub = (n: number) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);
function entryLabel(j: number, k: number, dim: number): string {
  return dim > 9 ? `Σ${sub(j + 1)},${sub(k + 1)}` : `Σ${sub(j + 1)}${sub(k + 1)}`;
}

function entryRows(data: StationaryData, pairs: [number, number][]): Row[] {
  const ou = data.theories[0].covariance;
  const rows: Row[] = [];
  for (const [j, k] of pairs) {
    const scale = Math.sqrt(ou[j][j] * ou[k][k]);
    if (!(scale > 0)) continue;
    const entry = entryLabel(j, k, data.dim);
    for (const m of data.measured) {
      const v = m.covariance[j][k] / scale;
      const se = m.covarianceStdError[j][k] / scale;
      rows.push({ layer: 'measured', entry, series: m.label, value: r6(v), lo: r6(v - 2 * se), hi: r6(v + 2 * se) });
    }
    for (const t of data.theories) rows.push({ layer: 'theory', entry, series: t.label, value: r6(t.covariance[j][k] / scale) });
  }
  return rows;
}

/** One panel: theory ticks across each entry, measurements dodged beside each other with error bars. */
function panel(rows: Row[], series: string[], measuredCount: number, yTitle: string, zero: boolean) {
  const entries = [...new Set(rows.map((r) => r.entry))];
  const width = Math.max(150, Math.min(640, 46 * entries.length * Math.max(1, measuredCount)));
  const x = { field: 'entry', type: 'nominal', sort: entries, title: null, axis: { labelAngle: 0, labelFontSize: 13 } };
  const xOffset = { field: 'series', type: 'nominal', sort: series, scale: { paddingInner: 0.15 } };
  const color = { field: 'series', type: 'nominal', scale: seriesScale(series), legend: { title: null, orient: 'right' } };
  const y = { type: 'quantitative', title: yTitle, scale: { zero, nice: false, padding: 12 } };
  return {
    data: { values: rows },
    width,
    height: 260,
    layer: [
      {
        transform: [{ filter: "datum.layer === 'theory'" }],
        mark: { type: 'tick', thickness: 2.5, size: Math.round((0.6 * width) / entries.length) },
        encoding: { x, y: { ...y, field: 'value' }, color },
      },
      {
        transform: [{ filter: "datum.layer === 'measured'" }],
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: { x, xOffset, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
      },
      {
        transform: [{ filter: "datum.layer === 'measured'" }],
        mark: { type: 'point', filled: true, size: 60, opacity: 1 },
        encoding: { x, xOffset, y: { ...y, field: 'value' }, color },
      },
    ],
  };
}

export function entriesFigure(data: StationaryData, caption: string, subtitle: string[]): Figure | undefined {
  if (data.measured.length === 0) return undefined;
  const diagonal: [number, number][] = [];
  const offDiagonal: [number, number][] = [];
  for (let j = 0; j < data.dim; j++) {
    diagonal.push([j, j]);
    for (let k = j + 1; k < data.dim; k++) offDiagonal.push([j, k]);
  }
  const variances = entryRows(data, diagonal.slice(0, MAX_VARIANCES));
  const covariances = entryRows(data, offDiagonal.slice(0, MAX_COVARIANCES));
  if (variances.length === 0) return undefined;
  const series = [...data.measured.map((m) => m.label), ...data.theories.map((t) => t.label)];
  const n = data.measured.length;
  const panels = [panel(variances, series, n, 'variance / OU variance,  Σⱼⱼ / Σⱼⱼ(OU)', false)];
  if (covariances.length > 0) panels.push(panel(covariances, series, n, 'OU-scaled correlation,  Σⱼₖ / √(ΣⱼⱼΣₖₖ)(OU)', true));
  const omitted = diagonal.length > MAX_VARIANCES || offDiagonal.length > MAX_COVARIANCES;

  const spec = figureSpec('Every covariance entry, relative to the OU prediction', [
    ...subtitle,
    `bars: measured ± 2 s.e.; ticks: theories${omitted ? `; first ${MAX_VARIANCES} variances and ${MAX_COVARIANCES} covariances of d = ${data.dim}` : ''}`,
  ], {
    hconcat: panels,
    spacing: 30,
    resolve: { scale: { y: 'independent' } },
  });
  return { id: 'stationary-entries', title: 'Covariance entries relative to the OU prediction', caption, spec };
}
