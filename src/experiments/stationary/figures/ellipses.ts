import { figureSpec, omega, r6, type Figure } from '../../../figures/figure.js';
import { covarianceEllipse } from '../../../figures/gaussian.js';
import { dashScale, seriesScale } from '../../../figures/theme.js';
import type { StationaryData } from './data.js';

/**
 * The first two coordinates: a scatter of stationary iterates with the 2-σ covariance ellipses
 * (xᵀΣ⁻¹x = 4, about 86 % of a Gaussian's mass) of each measurement and each theory. Equal axes,
 * so the ellipses' shape and tilt read true; agreement means measured and predicted ellipses overlap.
 */
export const ELLIPSE_RADIUS = 2;

type Row = { layer: 'point' | 'ellipse'; series: string; x: number | null; y: number | null; order?: number };

const sub2 = (m: number[][]) => [[m[0][0], m[0][1]], [m[1][0], m[1][1]]];

export function ellipseFigure(data: StationaryData, caption: string, subtitle: string[]): Figure | undefined {
  if (data.dim < 2) return undefined;
  const rows: Row[] = [];
  for (const m of data.measured) {
    for (const [x, y] of m.scatter) rows.push({ layer: 'point', series: m.label, x: r6(x), y: r6(y) });
  }
  const ellipses = [
    ...data.measured.map((m) => ({ label: m.label, covariance: m.covariance })),
    ...data.theories,
  ];
  for (const e of ellipses) {
    covarianceEllipse(sub2(e.covariance), ELLIPSE_RADIUS).forEach(([x, y], order) => {
      rows.push({ layer: 'ellipse', series: e.label, x: r6(x), y: r6(y), order });
    });
  }
  // one symmetric domain for both axes: equal scales, so circles look like circles
  let extent = 0;
  for (const r of rows) extent = Math.max(extent, Math.abs(r.x ?? 0), Math.abs(r.y ?? 0));
  if (!(extent > 0)) return undefined;
  const domain = [r6(-1.05 * extent), r6(1.05 * extent)];

  const series = [...data.measured.map((m) => m.label), ...data.theories.map((t) => t.label)];
  const legend = { title: null, orient: 'right', symbolType: 'stroke', symbolSize: 400, symbolStrokeWidth: 3, symbolOpacity: 1 };
  const color = { field: 'series', type: 'nominal', scale: seriesScale(series), legend };
  const x = { field: 'x', type: 'quantitative', title: `${omega(0)} − ${omega(0)}*`, scale: { domain, nice: false } };
  const y = { field: 'y', type: 'quantitative', title: `${omega(1)} − ${omega(1)}*`, scale: { domain, nice: false } };

  const spec = figureSpec('Stationary covariance of (ω₁, ω₂): 2-σ ellipses', subtitle, {
    data: { values: rows },
    width: 380,
    height: 380,
    layer: [
      {
        transform: [{ filter: "datum.layer === 'point'" }],
        mark: { type: 'point', filled: true, size: 14, opacity: 0.35 },
        encoding: { x, y, color },
      },
      {
        transform: [{ filter: "datum.layer === 'ellipse'" }],
        mark: { type: 'line', strokeWidth: 2.4 },
        encoding: {
          x,
          y,
          color,
          order: { field: 'order', type: 'quantitative' },
          strokeDash: {
            field: 'series',
            type: 'nominal',
            scale: dashScale(series),
            legend,
          },
        },
      },
    ],
  });
  return { id: 'stationary-ellipses', title: 'Covariance ellipses of the first two coordinates', caption, spec };
}
