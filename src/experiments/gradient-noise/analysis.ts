import type { Prediction } from '../../core/result.js';
import { comparePrediction } from '../../stats/compare.js';
import { chiSquareOfScores, chiSquareNormalScore } from '../../stats/chi-square.js';
import { weightedLine } from '../../stats/weighted-line.js';
import type { GradientNoiseScenario } from './schema.js';
import type { TrajectoryPoint } from './trajectory.js';
import type { gradientDescentPath } from './path-theory.js';
import { gradientNoisePredictionId } from './prediction-ids.js';
import { chiSquareAlternative, chiSquareRelevantDifference, relevantDifference } from '../../stats/alternatives.js';

export interface FrontierFit {
  sMin: number;
  sMinStdError: number;
  eMin: number;
  eMinStdError: number;
  bCrit: number;
  bCritStdError: number;
  residualChiSquare: number;
  dof: number;
}

/** A frontier point: steps S at batch size B with its standard error. */
export interface FrontierPoint {
  batchSize: number;
  steps: number;
  stepsStdError: number;
}

export function fitFrontier(cells: readonly FrontierPoint[]): FrontierFit {
  const ok = cells.filter((c) => Number.isFinite(c.steps) && c.stepsStdError > 0);
  const fit = weightedLine(ok.map((c) => 1 / c.batchSize), ok.map((c) => c.steps), ok.map((c) => c.stepsStdError));
  const s = fit.intercept;
  const e = fit.slope;
  const b = e / s;
  const rel2 = (fit.slopeStdError / e) ** 2 + (fit.interceptStdError / s) ** 2 - (2 * fit.covariance) / (e * s);
  return {
    sMin: s, sMinStdError: fit.interceptStdError, eMin: e, eMinStdError: fit.slopeStdError,
    bCrit: b, bCritStdError: Math.abs(b) * Math.sqrt(Math.max(rel2, 0)),
    residualChiSquare: fit.residuals.chiSquare, dof: fit.residuals.dof,
  };
}

/**
 * The two-batch estimate of B_simple against the exact value at the checkpoints that have one, and
 * its twin without the bias correction (expected to disagree). Alternatives (docs/verdicts.md):
 * every checkpoint 10% off for the estimate; for the twin, the χ² its known bias gives: without
 * the correction the estimate tends to tr S/(|G|² + c_big tr S), c_big the big batch's noise factor.
 */
export function twoBatchPredictions(exact: readonly TrajectoryPoint[], t: GradientNoiseScenario['trajectory'], tolerance: number, cBig: number): Prediction[] {
  const z = exact.map((p) => (p.estimate.bSimple - p.exact!.bSimple) / p.estimate.bSimpleStdError);
  const zNaive = exact.map((p) => (p.uncorrected.bSimple - p.exact!.bSimple) / p.uncorrected.bSimpleStdError);
  const test = chiSquareOfScores(z);
  const twin = chiSquareOfScores(zNaive);
  const biased = exact.map((p) => (p.exact!.traceS / (p.exact!.gradientNormSq + cBig * p.exact!.traceS) - p.exact!.bSimple) / p.uncorrected.bSimpleStdError);
  return [
    comparePrediction({
      id: gradientNoisePredictionId.twoBatch.id(), description: `two-batch estimate of B_simple (B_small = ${t.small}, B_big = ${t.big}, ${t.pairs} pairs) against the exact tr S/|G|² at ${exact.length} checkpoints: χ² = ${test.chiSquare.toPrecision(4)} on ${test.dof} dof, worst |z| = ${test.maxAbsZ.toPrecision(3)} (measured = Wilson–Hilferty score)`,
      predicted: 0, measured: test.z, stdError: 1, tolerance,
      alternative: chiSquareRelevantDifference(test.dof, exact.map((p) => p.exact!.bSimple), exact.map((p) => p.estimate.bSimpleStdError)),
    }),
    comparePrediction({
      id: gradientNoisePredictionId.twoBatchUncorrected.id(), description: `twin: the estimate with |G|² ≈ |G_big|² (bias correction dropped): χ² = ${twin.chiSquare.toPrecision(4)} on ${twin.dof} dof`,
      predicted: 0, measured: twin.z, stdError: 1, tolerance, expect: 'disagree',
      alternative: chiSquareAlternative(twin.dof, biased, 'the χ² of its known bias, tr S/(|G|² + c_big tr S) against tr S/|G|²'),
    }),
  ];
}

/**
 * McCandlish's relation (S/S_min − 1)(E/E_min − 1) = 1, i.e. S = S_min + E_min/B, judged against
 * the measured frontier: the residual χ² of the weighted hyperbola fit, as a Wilson–Hilferty score
 * (0 ± 1 when the hyperbola describes the points within their errors).
 */
export function hyperbolaFitPrediction(fit: FrontierFit, points: readonly FrontierPoint[], label: string, tolerance: number): Prediction {
  const z = chiSquareNormalScore(fit.residualChiSquare, fit.dof);
  const ok = points.filter((c) => Number.isFinite(c.steps) && c.stepsStdError > 0);
  return comparePrediction({
    id: gradientNoisePredictionId.hyperbola.id(label),
    description: `McCandlish's hyperbola S = S_min + E_min/B against the measured frontier (${label}): residual χ² = ${fit.residualChiSquare.toPrecision(4)} on ${fit.dof} dof of the weighted fit (measured = Wilson–Hilferty score)`,
    predicted: 0, measured: z, stdError: 1, tolerance,
    alternative: chiSquareRelevantDifference(fit.dof, ok.map((c) => fit.sMin + fit.eMin / c.batchSize), ok.map((c) => c.stepsStdError)),
  });
}

/** B_crit of the measured frontier against the path-average B_noise, and its slope E_min alone (ids labelled by momentum when `label` is given). */
export function frontierPredictions(fit: FrontierFit, path: NonNullable<ReturnType<typeof gradientDescentPath>>, cellCount: number, tolerance: number, label?: string): Prediction[] {
  return [
    comparePrediction({
      id: label ? gradientNoisePredictionId.bCritAt.id(label) : gradientNoisePredictionId.bCrit.id(),
      description: `B_crit = E_min/S_min of the measured frontier (S = S_min + E_min/B over ${cellCount} batch sizes, residual χ² = ${fit.residualChiSquare.toPrecision(3)} on ${fit.dof} dof) against B_noise averaged over the gradient-descent path to the target`,
      predicted: path.meanBNoise, measured: fit.bCrit, stdError: fit.bCritStdError, tolerance,
      alternative: relevantDifference(path.meanBNoise),
    }),
    comparePrediction({
      id: label ? gradientNoisePredictionId.eMinAt.id(label) : gradientNoisePredictionId.eMin.id(),
      description: `the slope alone: E_min of the measured frontier against the theory's Σ_t B_noise(ω_t) over the ${path.steps} steps of the noiseless path (= steps × mean B_noise); the theory's intercept S_min = ${path.steps} steps, measured ${fit.sMin.toPrecision(4)} ± ${fit.sMinStdError.toPrecision(2)} (noiseless descent with the greedy step shrunk to f·ε_max needs ${path.dampedSteps ? Math.min(...path.dampedSteps.map((x) => x.steps)) : '?'} steps at best: the greedy step is not step-optimal)`,
      predicted: path.steps * path.meanBNoise, measured: fit.eMin, stdError: fit.eMinStdError, tolerance,
      alternative: relevantDifference(path.steps * path.meanBNoise),
    }),
  ];
}
