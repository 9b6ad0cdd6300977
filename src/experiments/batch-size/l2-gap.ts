import { weightedLine } from '../../stats/weighted-line.js';
import { bestCell, type AccuracyCell, type BestCell } from './best-accuracy.js';

/**
 * Smith & Le Fig 8 across the L2 strength λ (a batch-size sweep with sweep.lambda): per λ the best
 * accuracy over the B grid, the best small batch (B < N), the full batch (B = N) and the gap
 * between them, with standard errors over runs; and the trend of the gap against log10 λ (weighted
 * least squares). The paper reports that regularising the model closed the generalisation gap
 * between small and large batches: the gap should shrink towards 0 as λ grows. The best small
 * batch is the better of the small cells, biased upwards by up to about one standard error.
 */
export interface L2Row {
  label: string;
  lambda: number;
  n: number;
  best: BestCell | null;
  smallBest: BestCell | null;
  fullBatch: BestCell | null;
  /** smallBest − fullBatch, and its standard error (null without both) */
  gap: number | null;
  gapStdError: number | null;
}

export interface GapTrend {
  /** d gap / d log10 λ over the rows with λ > 0 and a gap, and its standard error */
  slope: number;
  stdError: number;
  intercept: number;
  chiSquare: number;
  dof: number;
  rows: number;
}

export function l2Rows(points: readonly { label: string; lambda: number; n: number; cells: readonly AccuracyCell[] }[]): L2Row[] {
  return [...points].sort((a, b) => a.lambda - b.lambda).map((p) => {
    const smallBest = bestCell(p.cells, (c) => c.batchSize < p.n);
    const fullBatch = bestCell(p.cells, (c) => c.batchSize >= p.n);
    const both = smallBest !== null && fullBatch !== null;
    return {
      label: p.label, lambda: p.lambda, n: p.n,
      best: bestCell(p.cells), smallBest, fullBatch,
      gap: both ? smallBest.accuracy - fullBatch.accuracy : null,
      gapStdError: both ? Math.hypot(smallBest.stdError, fullBatch.stdError) : null,
    };
  });
}

/** The weighted line of the gap against log10 λ (null with fewer than 2 usable rows). */
export function gapTrend(rows: readonly L2Row[]): GapTrend | null {
  const usable = rows.filter((r) => r.lambda > 0 && r.gap !== null && r.gapStdError !== null && r.gapStdError > 0);
  if (usable.length < 2) return null;
  const fit = weightedLine(usable.map((r) => Math.log10(r.lambda)), usable.map((r) => r.gap as number), usable.map((r) => r.gapStdError as number));
  return { slope: fit.slope, stdError: fit.slopeStdError, intercept: fit.intercept, chiSquare: fit.residuals.chiSquare, dof: fit.residuals.dof, rows: usable.length };
}
