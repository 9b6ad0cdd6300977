import type { Alternative, Prediction } from '../../core/result.js';
import type { CollapseCellResult } from './cells.js';
import { comparePrediction } from '../../stats/compare.js';
import { chiSquareOfScores, type ChiSquareTest } from '../../stats/chi-square.js';
import { weightedProportional } from '../../stats/weighted-least-squares.js';
import { bonferroniThresholdFor } from '../../stats/normal.js';
import { tThresholdFor, tToNormalScore } from '../../stats/t-normal-score.js';
import { collapsePredictionId } from './prediction-ids.js';
import { chiSquareAlternative, chiSquareRelevantDifference, relevantDifference } from '../../stats/alternatives.js';

/**
 * From the cells of the collapse grid to the predictions (docs/theory.md §3):
 * - collapse.chi-square: every cell's N × excess loss against g·tr S/4 (no fitted parameter), as a
 *   chi-square on `cells` degrees of freedom, stated as its Wilson–Hilferty normal score;
 * - collapse.worst-cell: the spread, max |z| over cells, against a Bonferroni threshold;
 * - contrast.lr-over-b / contrast.lr: the best single curve k·(ε/B) or k·ε (k fitted), whose
 *   residual chi-square must reject it when N or m (or B) vary: expect 'disagree';
 * - exact.chi-square: the cells against the exact stationary theory of each cell (a check of the
 *   simulator; it also shows how far the O(ελ) corrections move the cells off the OU line).
 * Each cell's standard error comes from R replicas, so its z is Student t on R − 1 degrees of
 * freedom: the chi-squares sum the z's normal scores, and the worst cell's threshold is moved to
 * the t scale. Alternatives (stats/verdict.ts): every cell 10% off for the agreements; for a
 * contrast, the χ² it would reach if the collapse onto g·tr(S)/4 holds exactly.
 */
export interface CollapseAnalysis {
  predictions: Prediction[];
  summary: Record<string, unknown>;
  warnings: string[];
}

/** A chi-square statement as a Prediction: z = Wilson–Hilferty score, in units of 1. */
function chiPrediction(id: string, description: string, t: ChiSquareTest, tolerance: number, alternative: Alternative, expect: 'agree' | 'disagree' = 'agree'): Prediction {
  return comparePrediction({
    id,
    description: `${description}: χ² = ${t.chiSquare.toPrecision(4)} on ${t.dof} dof, p = ${t.pValue.toPrecision(3)} (measured = its Wilson–Hilferty normal score)`,
    predicted: 0,
    measured: t.z,
    stdError: 1,
    tolerance,
    expect,
    alternative,
  });
}

export function cellLabel(c: CollapseCellResult): string {
  return `ε = ${c.lr}, B = ${c.batchSize}, N = ${c.n}, m = ${c.momentum}`;
}

function distinct(values: number[]): number {
  return new Set(values).size;
}

const testJson = (t: ChiSquareTest) => ({ chiSquare: t.chiSquare, dof: t.dof, pValue: t.pValue, z: t.z, maxAbsZ: t.maxAbsZ });

/** A cell's z as a normal score (its standard error is estimated from `replicas` replicas). */
function scoreOf(cells: CollapseCellResult[]): (z: number, i: number) => number {
  return (z, i) => tToNormalScore(z, cells[i].replicas - 1);
}

/** Chi-square of the cells against a prediction per cell, z's as normal scores. */
function cellsTest(cells: CollapseCellResult[], predicted: number[], fitted = 0): ChiSquareTest {
  const score = scoreOf(cells);
  return chiSquareOfScores(cells.map((c, i) => score((c.excess - predicted[i]) / c.excessStdError, i)), fitted);
}

/** The collapse chi-square for a given prediction per cell (the twin tests pass a wrong one). */
export function collapseTest(cells: CollapseCellResult[], predicted: (c: CollapseCellResult) => number = (c) => c.predicted): ChiSquareTest {
  return cellsTest(cells, cells.map(predicted));
}

export function analyseCollapse(cells: CollapseCellResult[], tolerance: number): CollapseAnalysis {
  const predictions: Prediction[] = [];
  const warnings: string[] = [];
  const y = cells.map((c) => c.excess);
  const se = cells.map((c) => c.excessStdError);

  const collapse = collapseTest(cells);
  predictions.push(chiPrediction(collapsePredictionId.collapse.id(), `collapse: N × excess loss of all ${cells.length} cells against g·tr(S)/4`, collapse, tolerance, chiSquareRelevantDifference(collapse.dof, cells.map((c) => c.predicted), se)));
  const worst = cells[collapse.worst];
  predictions.push(comparePrediction({
    id: collapsePredictionId.worstCell.id(),
    description: `collapse spread: the cell furthest from g·tr(S)/4 (${cellLabel(worst)}), Bonferroni over ${cells.length} cells`,
    predicted: worst.predicted,
    measured: worst.excess,
    stdError: worst.excessStdError,
    // the Bonferroni threshold for a normal z, moved to the t scale of this cell's standard error
    tolerance: tThresholdFor(bonferroniThresholdFor(cells.length, tolerance), worst.replicas - 1),
    alternative: relevantDifference(worst.predicted),
  }));

  const contrasts: Record<string, unknown> = {};
  const vary = { lr: distinct(cells.map((c) => c.lr)), b: distinct(cells.map((c) => c.batchSize)), n: distinct(cells.map((c) => c.n)), m: distinct(cells.map((c) => c.momentum)) };
  const contrast = (key: string, id: string, label: string, x: number[]) => {
    const fit = weightedProportional(x, y, se);
    const residuals = cellsTest(cells, x.map((v) => fit.k * v), 1);
    contrasts[key] = { k: fit.k, kStdError: fit.stdError, ...testJson(residuals) };
    // if the collapse holds, the best k·x through the cells' g·tr(S)/4 leaves these shifts
    const onTheory = weightedProportional(x, cells.map((c) => c.predicted), se);
    const alternative = chiSquareAlternative(residuals.dof, cells.map((c, i) => (c.predicted - onTheory.k * x[i]) / se[i]), 'the χ² this curve leaves if the collapse onto g·tr(S)/4 holds');
    predictions.push(chiPrediction(id, `contrast: the best single curve N × excess = k·${label} (k = ${fit.k.toPrecision(4)} fitted) should be rejected`, residuals, tolerance, alternative, 'disagree'));
  };
  if (cells.length >= 3 && (vary.n > 1 || vary.m > 1)) contrast('lrOverB', collapsePredictionId.contrastLrOverB.id(), '(ε/B)', cells.map((c) => c.lr / c.batchSize));
  if (cells.length >= 3 && (vary.b > 1 || vary.n > 1 || vary.m > 1)) contrast('lr', collapsePredictionId.contrastLr.id(), 'ε', cells.map((c) => c.lr));

  // the exact theory per cell, and how far it sits from the OU line at this precision
  const exactCells = cells.filter((c) => c.exactExcess !== null);
  let exact: Record<string, unknown> | undefined;
  if (exactCells.length > 0) {
    const t = cellsTest(exactCells, exactCells.map((c) => c.exactExcess!));
    predictions.push(chiPrediction(collapsePredictionId.exact.id(), `simulator check: N × excess loss of ${exactCells.length} cells against each cell's exact stationary theory`, t, tolerance, chiSquareRelevantDifference(t.dof, exactCells.map((c) => c.exactExcess!), exactCells.map((c) => c.excessStdError))));
    let noncentrality = 0;
    let worstBias = 0;
    for (const c of exactCells) {
      const b = (c.exactExcess! - c.predicted) / c.excessStdError;
      noncentrality += b * b;
      worstBias = Math.max(worstBias, Math.abs(b));
    }
    // E[χ²] grows by the noncentrality; in Wilson–Hilferty units that is about λ/√(2k) σ
    const shift = noncentrality / Math.sqrt(2 * cells.length);
    exact = { ...testJson(t), cells: exactCells.length, ouBias: { noncentrality, expectedZShift: shift, worstCellBiasZ: worstBias } };
    if (shift > 1 || worstBias > 2) {
      warnings.push(`the grid leaves the OU region at this precision: the exact theory sits off the line g·tr(S)/4 by up to ${worstBias.toFixed(2)} s.e. in a cell (noncentrality ${noncentrality.toFixed(1)}, ≈ ${shift.toFixed(2)}σ on the collapse score); lower ε or the replicas to test the identity itself`);
    }
  }

  const traces = cells.map((c) => c.traceS);
  const common = Math.max(...traces) - Math.min(...traces) <= 1e-9 * Math.max(...traces.map(Math.abs));
  return {
    predictions,
    warnings,
    summary: {
      // maxAbsZ is in normal scores; maxAbsT is the raw (Student t) z of the same worst cell
      collapse: { ...testJson(collapse), worstCell: collapse.worst, maxAbsT: Math.abs(worst.excess - worst.predicted) / worst.excessStdError },
      contrasts,
      ...(exact ? { exact } : {}),
      traceS: common ? traces[0] : null,
      varies: vary,
    },
  };
}
