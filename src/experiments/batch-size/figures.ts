import type { Result } from '../../core/result.js';
import type { Figure } from '../../figures/figure.js';
import { readBatchSize } from './figures/data.js';
import { curvesFigure } from './figures/curves.js';
import { optimumFigure } from './figures/optimum.js';
import { noiseScaleFigure } from './figures/noise-scale.js';
import { learningCurvesFigure } from './figures/learning-curves.js';

/** Figures of a `batch-size` result: curves against B, B_opt against ε/N/(1−m), the collapse against g. */
export function batchSizeFigures(result: Result): Figure[] {
  const data = readBatchSize(result);
  return [curvesFigure(data), optimumFigure(data), noiseScaleFigure(data), learningCurvesFigure(result)].filter((f): f is Figure => f !== undefined);
}
