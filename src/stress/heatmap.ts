import type { TopLevelSpec } from 'vega-lite';
import { figureSpec } from '../figures/figure.js';
import type { ValidityMap } from './validity-map.js';

/**
 * A validity map as a Vega-Lite heatmap: one rect per grid cell coloured by the worst-direction
 * relative error (log scale), the number printed in it, and cells beyond the tolerance outlined.
 * The plots module has no heatmap builder, so the spec is built here on its shared envelope.
 */
export function validityHeatmap(map: ValidityMap): TopLevelSpec {
  const values = map.rows.flatMap((row) =>
    row.cells.map((cell) => ({
      x: String(cell.x),
      y: String(Number(row.yActual.toPrecision(3))),
      error: cell.worst === null ? null : Number.isFinite(cell.worst) ? Number(cell.worst.toPrecision(4)) : null,
      label: cell.worst === null ? 'unstable' : Number.isFinite(cell.worst) ? `${Number((100 * cell.worst).toPrecision(2))}%` : '∞',
      within: cell.within,
    })),
  );
  const r = `${Number((100 * map.relativeTolerance).toPrecision(3))}%`;
  return figureSpec(map.title, [map.problem, `worst-direction relative error of ${map.approximation.split(':')[0]}; outlined: beyond ${r}; blank: no stationary state`], {
    width: { step: 56 },
    height: { step: 32 },
    data: { values },
    encoding: {
      x: { field: 'x', type: 'ordinal', sort: null, title: 'ε λ_max', axis: { labelAngle: 0 } },
      y: { field: 'y', type: 'ordinal', sort: 'descending', title: map.yLabel },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: { field: 'error', type: 'quantitative', scale: { type: 'log', scheme: 'viridis' }, title: 'relative error' },
          stroke: { condition: { test: '!datum.within', value: '#D55E00' }, value: null },
          strokeWidth: { value: 2 },
        },
      },
      // dark text on the bright end of the colour scale, light text elsewhere
      { mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'label' }, color: { condition: { test: 'datum.error > 0.15', value: 'black' }, value: 'white' } } },
    ],
  });
}
