import { experimentEntries, type ExperimentKind } from '../run/registry.js';
import type { Result } from '../core/result.js';
import type { Figure } from '../core/figure.js';

/**
 * One figure builder per experiment kind, taken from the kinds' registry entries
 * (experiments/<kind>/entry.ts: `figures`), so a kind cannot exist without one. Builders read only
 * the Result: figures are drawn from Results alone.
 */
export const figureBuilders = Object.fromEntries(
  Object.entries(experimentEntries).map(([kind, entry]) => [kind, entry.figures]),
) as { readonly [K in ExperimentKind]: (r: Result) => Figure[] };

/**
 * The figures of a result; none for a kind this version cannot draw (e.g. a newer results file).
 * Drawn from the result as results.json holds it (a non-finite number as null, as `sgd-sde plot`
 * reads it back), so that a fresh run and a replot give the same figures, and a NaN (a point with
 * no B_opt) is never handed to a builder's schema as a number. The cells block is not needed.
 */
export function buildFigures(result: Result): Figure[] {
  if (!hasFigureBuilder(result.experiment)) return [];
  const { cells: _cells, ...rest } = result;
  void _cells;
  return figureBuilders[result.experiment as ExperimentKind](JSON.parse(JSON.stringify(rest)) as Result);
}

export function hasFigureBuilder(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(figureBuilders, kind);
}
