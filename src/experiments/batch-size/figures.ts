import type { Result } from '../../core/result.js';
import type { Figure } from '../../figures/figure.js';
import { readBatchSize } from './figures/data.js';
import { curvesFigure } from './figures/curves.js';
import { optimumFigure } from './figures/optimum.js';
import { noiseScaleFigure } from './figures/noise-scale.js';
import { learningCurvesFigure } from './figures/learning-curves.js';
import { bestAccuracyFigure } from './figures/best-accuracy.js';
import { l2Figure } from './figures/l2.js';

/** Figures of a `batch-size` result: curves against B, B_opt against ε/N/(1−m), the collapse against g; network: the best accuracy per swept value, and the L2 sweep. */
export function batchSizeFigures(result: Result): Figure[] {
  const data = readBatchSize(result);
  return [curvesFigure(data), optimumFigure(data), noiseScaleFigure(data), learningCurvesFigure(result), bestAccuracyFigure(result), l2Figure(result)].filter((f): f is Figure => f !== undefined);
}
