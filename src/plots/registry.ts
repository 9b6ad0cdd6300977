import type { ExperimentKind } from '../run/registry.js';
import type { Result } from '../core/result.js';
import type { Figure } from './figure.js';
import { stationaryFigures } from './stationary/index.js';
import { evidenceFigures } from './evidence.js';
import { batchSizeFigures } from './batch-size/index.js';
import { collapseFigures } from './collapse.js';
import { transientFigures } from './transient.js';
import { escapeFigures } from './escape.js';
import { gradientNoiseFigures } from './gradient-noise.js';

/**
 * One figure builder per experiment kind. The mapped type makes the compiler reject a kind
 * without a builder, as the experiment registry does for implementations. Builders read only
 * the Result (DESIGN.md: plots/ only read Results).
 */
export const figureBuilders: { [K in ExperimentKind]: (r: Result) => Figure[] } = {
  stationary: stationaryFigures,
  evidence: evidenceFigures,
  'batch-size': batchSizeFigures,
  collapse: collapseFigures,
  transient: transientFigures,
  escape: escapeFigures,
  'gradient-noise': gradientNoiseFigures,
};

/** The figures of a result; none for a kind this version cannot draw (e.g. a newer results file). */
export function buildFigures(result: Result): Figure[] {
  if (!Object.prototype.hasOwnProperty.call(figureBuilders, result.experiment)) return [];
  return figureBuilders[result.experiment as ExperimentKind](result);
}

export function hasFigureBuilder(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(figureBuilders, kind);
}
