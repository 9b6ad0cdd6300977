import type { Result } from '../../core/result.js';
import type { Figure } from '../../figures/figure.js';
import { readStationary } from './figures/data.js';
import { ELLIPSE_RADIUS, ellipseFigure } from './figures/ellipses.js';
import { entriesFigure } from './figures/entries.js';
import { histogramFigure, stationarySubtitle } from './figures/histograms.js';

/** Figures of a `stationary` result: marginal histograms, 2-D ellipses, all covariance entries. */
export function stationaryFigures(result: Result): Figure[] {
  const data = readStationary(result);
  const subtitle = stationarySubtitle(data);
  const figures = [
    histogramFigure(
      data,
      'Density of each coordinate of the stationary iterates (outlines), with the Gaussian N(0, Σⱼⱼ) each theory predicts (lines). ' +
        'Where the curves differ, the outline should follow the theory that holds for that dynamics: OU for the SDE, the discrete (or exact) one for SGD.',
      subtitle,
    ),
    ellipseFigure(
      data,
      `Iterates of the first two coordinates (dots) with the ${ELLIPSE_RADIUS}-σ ellipses xᵀΣ⁻¹x = ${ELLIPSE_RADIUS ** 2} ` +
        '(86 % of a Gaussian) of the measured covariances (solid) and of each theory (dashed). Equal axes: size, shape and tilt are comparable.',
      subtitle,
    ),
    entriesFigure(
      data,
      'Each covariance entry made dimensionless with the OU theory: variances as ratios to the SDE prediction (left), covariances as correlations (right). ' +
        'A measurement agrees with a theory when its ±2 s.e. bar covers that theory’s tick.',
      subtitle,
    ),
  ];
  return figures.filter((f): f is Figure => f !== undefined);
}
