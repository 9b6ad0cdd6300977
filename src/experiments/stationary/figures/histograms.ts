import { count, figureSpec, fmt, omega, r6, type Figure } from '../../../figures/figure.js';
import { linspace, normalDensity } from '../../../figures/gaussian.js';
import { dashScale, seriesScale } from '../../../figures/theme.js';
import type { StationaryData } from './data.js';

/**
 * Per-coordinate histograms of the stationary iterates (SGD, SDE) as density outlines, with the
 * Gaussian densities each theory predicts overlaid: N(0, Σ_jj) for coordinate j. Agreement means
 * the outline follows the curve of the right theory, in width as well as shape.
 */
const MAX_PANELS = 4;
const CURVE_POINTS = 101;

type Row = { layer: 'hist' | 'curve'; coordinate: string; series: string; x: number | null; density: number | null };

export function histogramFigure(data: StationaryData, caption: string, subtitle: string[]): Figure | undefined {
  const coords = [...new Set(data.measured.flatMap((m) => m.histograms.map((h) => h.coordinate)))]
    .filter((j) => Number.isInteger(j) && j >= 0 && j < data.dim)
    .sort((a, b) => a - b)
    .slice(0, MAX_PANELS);
  if (coords.length === 0) return undefined;

  const rows: Row[] = [];
  for (const j of coords) {
    const coordinate = omega(j);
    let lo = Infinity;
    let hi = -Infinity;
    for (const m of data.measured) {
      const h = m.histograms.find((x) => x.coordinate === j);
      if (!h || h.counts.length === 0) continue;
      // divide by all samples, not just those inside the bins, so mass outside the range is not
      // spread over the bins (the recorder histograms every sample it counts)
      const inBins = h.counts.reduce((s, c) => s + c, 0);
      const total = m.samples >= inBins ? m.samples : inBins;
      if (!(total > 0)) continue;
      lo = Math.min(lo, h.edges[0]);
      hi = Math.max(hi, h.edges[h.edges.length - 1]);
      // a step outline: (e_i, density_i) for each bin, then the last edge at the last height
      h.counts.forEach((c, i) => {
        rows.push({ layer: 'hist', coordinate, series: m.label, x: r6(h.edges[i]), density: r6(c / (total * (h.edges[i + 1] - h.edges[i]))) });
      });
      const last = h.counts.length - 1;
      rows.push({ layer: 'hist', coordinate, series: m.label, x: r6(h.edges[last + 1]), density: r6(h.counts[last] / (total * (h.edges[last + 1] - h.edges[last]))) });
    }
    if (!(hi > lo)) continue;
    for (const t of data.theories) {
      const variance = t.covariance[j][j];
      for (const x of linspace(lo, hi, CURVE_POINTS)) {
        rows.push({ layer: 'curve', coordinate, series: t.label, x: r6(x), density: r6(normalDensity(x, variance)) });
      }
    }
  }

  const series = [...data.measured.map((m) => m.label), ...data.theories.map((t) => t.label)];
  const legend = { title: null, orient: 'bottom', direction: 'horizontal', columns: 3, symbolType: 'stroke', symbolSize: 400, symbolStrokeWidth: 3, symbolOpacity: 1 };
  const color = { field: 'series', type: 'nominal', scale: seriesScale(series), legend };
  const strokeDash = {
    field: 'series',
    type: 'nominal',
    scale: dashScale(series),
    legend,
  };
  const x = { field: 'x', type: 'quantitative', title: 'offset from the minimum, ω − ω*', scale: { zero: false, nice: false } };
  const y = { field: 'density', type: 'quantitative', title: 'probability density', stack: null };
  const panels = coords.filter((j) => rows.some((r) => r.coordinate === omega(j)));

  const spec = figureSpec('Stationary distribution, coordinate by coordinate', subtitle, {
    data: { values: rows },
    facet: {
      field: 'coordinate',
      type: 'nominal',
      sort: panels.map(omega),
      header: { title: null, labelFontSize: 14 },
    },
    columns: Math.min(panels.length, 2),
    spec: {
      width: 300,
      height: 210,
      layer: [
        {
          transform: [{ filter: "datum.layer === 'hist'" }],
          mark: { type: 'area', interpolate: 'step-after', opacity: 0.1 },
          encoding: { x, y, color },
        },
        {
          transform: [{ filter: "datum.layer === 'hist'" }],
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.6 },
          encoding: { x, y, color, strokeDash },
        },
        {
          transform: [{ filter: "datum.layer === 'curve'" }],
          mark: { type: 'line', strokeWidth: 2.2 },
          encoding: { x, y, color, strokeDash },
        },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  });
  return { id: 'stationary-histograms', title: 'Stationary distribution per coordinate', caption, spec };
}

/** Subtitle lines shared by the stationary figures: the noise scale and how much was sampled. */
export function stationarySubtitle(data: StationaryData): string[] {
  const setting: string[] = [];
  if (data.g !== undefined) setting.push(`noise scale g = ε N c(N,B)/(1−m) = ${fmt(data.g)}`);
  if (data.exactIs) setting.push(`the ${data.exactIs} is exact for this model`);
  const sampled = data.measured
    .filter((m) => Number.isFinite(m.samples))
    .map((m) => `${m.label}: ${count(m.samples)} samples${Number.isFinite(m.replicas) ? ` from ${count(m.replicas)} replicas` : ''}`);
  return [setting.join('; '), sampled.join('; ')].filter((line) => line.length > 0);
}
