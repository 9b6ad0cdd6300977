import type { Prediction } from '../../core/result.js';
import { comparePrediction } from '../../stats/compare.js';
import type { BatchSizeSweep } from './sweep.js';
import { bestAlongAxis, type BestAlongAxis } from './best-accuracy.js';
import { gapTrend, l2Rows, type GapTrend, type L2Row } from './l2-gap.js';
import { batchSizePredictionId as ID } from './prediction-ids.js';

/**
 * What a network sweep reports beyond B_opt, as information (INFO rows, not judged): along each
 * swept axis the best accuracy per value (best-accuracy.ts), with a row for the largest ε against
 * the others (Smith & Le Fig 5: does the best accuracy fall at the largest ε?); across an L2 sweep
 * the small-vs-full-batch gap per λ and its trend against log10 λ (l2-gap.ts; the paper: the gap
 * closes with regularisation). Accuracies are 1 − each cell's mean test error over runs (a diverged
 * run at chance), standard errors over runs.
 */
export interface AccuracySummaries {
  measured: { bestAlong?: Partial<Record<'lr' | 'n' | 'momentum' | 'lambda', BestAlongAxis>>; l2?: { rows: L2Row[]; trend: GapTrend | null } };
  predictions: Prediction[];
}

interface PointCells { label: string; lr: number; n: number; momentum: number; lambda?: number; cells: { batchSize: number; mean: number; stdError: number }[] }

const AXIS_VALUE = {
  lr: (p: PointCells) => p.lr,
  n: (p: PointCells) => p.n,
  momentum: (p: PointCells) => p.momentum,
  lambda: (p: PointCells) => p.lambda ?? 0,
} as const;

export function accuracySummaries(sweep: Pick<BatchSizeSweep, 'axes'>, points: readonly PointCells[], tolerance: number): AccuracySummaries {
  const accuracyCells = (p: PointCells) => p.cells.map((c) => ({ batchSize: c.batchSize, accuracy: 1 - c.mean, stdError: c.stdError }));
  const measured: AccuracySummaries['measured'] = {};
  const predictions: Prediction[] = [];
  const bestAlong: NonNullable<AccuracySummaries['measured']['bestAlong']> = {};
  for (const axis of ['lr', 'n', 'momentum', 'lambda'] as const) {
    const idx = sweep.axes[axis];
    if (!idx) continue;
    bestAlong[axis] = bestAlongAxis(idx.map((o) => ({ label: points[o].label, value: AXIS_VALUE[axis](points[o]), cells: accuracyCells(points[o]) })));
  }
  if (Object.keys(bestAlong).length > 0) measured.bestAlong = bestAlong;

  const largest = bestAlong.lr?.largestMinusOthers;
  if (largest) {
    predictions.push(comparePrediction({
      id: ID.bestAccuracyLargest.id('lr'),
      description: `information: the best test accuracy over B at the largest ε = ${largest.largest} minus the highest best among the smaller ε (at ε = ${largest.bestOther}); the paper sees it fall at its largest ε (each best is biased up by about one s.e.)`,
      predicted: 0, measured: largest.value, stdError: largest.stdError, tolerance, expect: 'not-judged',
    }));
  }

  const lambdaAxis = sweep.axes.lambda;
  if (lambdaAxis) {
    const rows = l2Rows(lambdaAxis.map((o) => ({ label: points[o].label, lambda: points[o].lambda ?? 0, n: points[o].n, cells: accuracyCells(points[o]) })));
    const trend = gapTrend(rows);
    measured.l2 = { rows, trend };
    for (const r of rows) {
      if (r.gap === null || r.gapStdError === null) continue;
      predictions.push(comparePrediction({
        id: ID.l2Gap.id(`λ=${r.lambda}`),
        description: `information: at λ = ${r.lambda} the best small batch (B = ${r.smallBest!.batchSize}: ${r.smallBest!.accuracy.toFixed(4)}) minus the full batch (${r.fullBatch!.accuracy.toFixed(4)}); the paper says regularising closes this gap (best accuracy ${r.best!.accuracy.toFixed(4)} at B = ${r.best!.batchSize})`,
        predicted: 0, measured: r.gap, stdError: r.gapStdError, tolerance, expect: 'not-judged',
      }));
    }
    if (trend) {
      predictions.push(comparePrediction({
        id: ID.l2GapTrend.id(),
        description: `information: slope of the small-vs-full-batch gap against log10 λ over ${trend.rows} values of λ > 0 (weighted least squares; negative: the gap shrinks as λ grows; residual χ² = ${trend.chiSquare.toPrecision(3)} on ${trend.dof} dof)`,
        predicted: 0, measured: trend.slope, stdError: trend.stdError, tolerance, expect: 'not-judged',
      }));
    }
  }
  return { measured, predictions };
}
