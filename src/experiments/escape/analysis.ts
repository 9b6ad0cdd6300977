import type { Alternative, Prediction } from '../../core/result.js';
import { comparePrediction } from '../../stats/compare.js';
import { chiSquareOfScores, type ChiSquareTest } from '../../stats/chi-square.js';
import { weightedLine } from '../../stats/weighted-line.js';
import type { EscapeLandscape } from './landscape.js';
import type { EscapeSweepCell } from './sweep.js';
import type { EscapeCellPayload, EscapeCellResult } from './cells.js';
import { escapePredictionId } from './prediction-ids.js';
import { chiSquareAlternative, named, RELEVANT_DIFFERENCE } from '../../stats/alternatives.js';

/**
 * From escape cells to predictions (docs/theory.md §8). Every comparison is on ln τ̂, whose standard
 * error is 1/sqrt(k) for k escapes (exponential maximum likelihood with censoring, stats/survival.ts):
 * - sde.vs.exact, sgd.vs.exact: the Kramers-series cells against the exact mean first-passage time
 *   at the cell's T = g σ²/(2N) (chi-square, stated as its normal score);
 * - sgd.vs.sde: SGD against the SDE, cell by cell at the same (ε, B, N);
 * - *.slope.vs.exact: the weighted straight line ln τ̂ = a + s/T over the Kramers series, s against
 *   the slope of the same line through the EXACT ln τ at the same cells and weights: over a finite
 *   range of ΔV/T the prefactor bends ln τ, and the exact curve's slope sits a few per cent below ΔV;
 * - *.slope.vs.barrier: the plain-Kramers contrast, s against ΔV itself (declared 'disagree': the
 *   exact slope differs; N/E until the run can tell them apart); its twin *.slope.vs.double-barrier
 *   (2ΔV) must be rejected;
 * - sde.vs.kramers (declared 'disagree': at ΔV/T ≈ 3–6 the prefactor sits 10–30% above Kramers) and
 *   sde.vs.kramers-corrected (Kramers × (1 + cT), the first finite-barrier term);
 * - sgd.large-lr.vs.exact (declared 'disagree'): the validity cells at the largest ε;
 * - aligned.*: 2-D isotropic and Hessian-aligned cells against the exact 1-D time at their own
 *   temperature along x, and the aligned escape faster (ln τ_iso − ln τ_aligned > 0, rejected as 0).
 * Alternatives (stats/verdict.ts): an escape time 10% off in every cell (ln 1.1 in ln τ) for the
 * agreements; for a contrast, what the exact first-passage time gives instead.
 */
const RELEVANT_LOG = Math.log1p(RELEVANT_DIFFERENCE);
export interface AnalysedCell {
  group: string;
  dynamics: string;
  noiseShape: EscapeCellPayload['noiseShape'];
  lr: number;
  n: number;
  batchSize: number;
  g: number;
  temperature: number;
  barrierOverT: number;
  lrTimesCurvature: number;
  tau: number;
  tauStdError: number;
  logTau: number;
  logStdError: number;
  events: number;
  censored: number;
  exactTime: number;
  kramersTime: number;
  kramersCorrectedTime: number;
  zVsExact: number;
  survival: EscapeCellResult['survival'];
}

function chiPrediction(id: string, description: string, t: ChiSquareTest, tolerance: number, alternative: Alternative, expect: 'agree' | 'disagree' = 'agree'): Prediction {
  return comparePrediction({
    id,
    description: `${description}: χ² = ${t.chiSquare.toPrecision(4)} on ${t.dof} dof, worst |z| = ${t.maxAbsZ.toPrecision(3)} (measured = the Wilson–Hilferty normal score)`,
    predicted: 0, measured: t.z, stdError: 1, tolerance, expect, alternative,
  });
}

/** Every cell's escape time 10% off: the smallest relevant difference, as a chi-square alternative. */
function tenPercent(dof: number, stdErrors: number[]): Alternative {
  return chiSquareAlternative(dof, stdErrors.map((se) => RELEVANT_LOG / se), `every escape time ${100 * RELEVANT_DIFFERENCE}% off: the smallest relevant difference`);
}

/** The shifts a competing time puts into the cells' scores (ln τ units over each cell's s.e.). */
const shiftsBetween = (cells: AnalysedCell[], truth: (c: AnalysedCell) => number, other: (c: AnalysedCell) => number) => cells.map((c) => (Math.log(other(c)) - Math.log(truth(c))) / c.logStdError);

export function analyseCells(sweep: EscapeSweepCell[], results: EscapeCellResult[], l: EscapeLandscape): AnalysedCell[] {
  return sweep.map((p, i) => {
    const r = results[i];
    const logTau = Math.log(r.tau);
    const exact = p.exactTime;
    return {
      group: p.payload.group,
      dynamics: p.payload.dynamics,
      noiseShape: p.payload.noiseShape,
      lr: p.payload.lr,
      n: p.payload.n,
      batchSize: p.payload.batchSize,
      g: p.g,
      temperature: p.temperature,
      barrierOverT: l.geometry.barrier / p.temperature,
      lrTimesCurvature: p.payload.lr * l.geometry.curvatureMin,
      tau: r.tau,
      tauStdError: r.tauStdError,
      logTau,
      logStdError: r.logStdError,
      events: r.events,
      censored: r.censored,
      exactTime: exact,
      kramersTime: l.kramersTime(p.temperature),
      kramersCorrectedTime: l.kramersCorrectedTime(p.temperature),
      zVsExact: (logTau - Math.log(exact)) / r.logStdError,
      survival: r.survival,
    };
  });
}

const scores = (cells: AnalysedCell[], reference: (c: AnalysedCell) => number) => cells.map((c) => (c.logTau - Math.log(reference(c))) / c.logStdError);

export interface SlopeSummary { slope: number; slopeStdError: number; intercept: number; interceptStdError: number; prefactor: number; residualChiSquare: number; dof: number }

export function slopeFit(cells: AnalysedCell[]): SlopeSummary & { exactSlope: number } {
  const x = cells.map((c) => 1 / c.temperature);
  const se = cells.map((c) => c.logStdError);
  const fit = weightedLine(x, cells.map((c) => c.logTau), se);
  // the exact curve's slope over the same cells with the same weights: what a correct simulation's fit estimates
  const exact = weightedLine(x, cells.map((c) => Math.log(c.exactTime)), se);
  return { slope: fit.slope, slopeStdError: fit.slopeStdError, intercept: fit.intercept, interceptStdError: fit.interceptStdError, prefactor: Math.exp(fit.intercept), residualChiSquare: fit.residuals.chiSquare, dof: fit.residuals.dof, exactSlope: exact.slope };
}

export function escapePredictions(cells: AnalysedCell[], l: EscapeLandscape, tolerance: number): { predictions: Prediction[]; summary: Record<string, unknown> } {
  const predictions: Prediction[] = [];
  const summary: Record<string, unknown> = {};
  const barrier = l.geometry.barrier;
  const kr = cells.filter((c) => c.group === 'kramers');
  const sgd = kr.filter((c) => c.dynamics === 'sgd');
  const sde = kr.filter((c) => c.dynamics === 'sde');

  if (sde.length) predictions.push(chiPrediction(escapePredictionId.vsExact.id('sde'), `SDE escape times of ${sde.length} cells against the exact mean first-passage time`, chiSquareOfScores(scores(sde, (c) => c.exactTime)), tolerance, tenPercent(sde.length, sde.map((c) => c.logStdError))));
  if (sgd.length) predictions.push(chiPrediction(escapePredictionId.vsExact.id('sgd'), `SGD escape times of ${sgd.length} small-ε cells (ε V''(x*) ≤ ${Math.max(...sgd.map((c) => c.lrTimesCurvature)).toPrecision(2)}) against the exact SDE mean first-passage time`, chiSquareOfScores(scores(sgd, (c) => c.exactTime)), tolerance, tenPercent(sgd.length, sgd.map((c) => c.logStdError))));
  if (sgd.length && sde.length === sgd.length) {
    const pairSe = sgd.map((c, i) => Math.hypot(c.logStdError, sde[i].logStdError));
    const diff = sgd.map((c, i) => (c.logTau - sde[i].logTau) / pairSe[i]);
    predictions.push(chiPrediction(escapePredictionId.sgdVsSde.id(), `SGD against its SDE, cell by cell (${sgd.length} cells, same ε, B, N)`, chiSquareOfScores(diff), tolerance, tenPercent(sgd.length, pairSe)));
    summary.sgdOverSde = sgd.map((c, i) => ({ lr: c.lr, n: c.n, batchSize: c.batchSize, ratio: c.tau / sde[i].tau, z: diff[i] }));
  }
  for (const [name, set] of [['sgd', sgd], ['sde', sde]] as const) {
    if (set.length < 2 || new Set(set.map((c) => c.temperature)).size < 2) continue;
    const fit = slopeFit(set);
    summary[`${name}Slope`] = fit;
    const range = `${set.length} cells, ΔV/T ${Math.min(...set.map((c) => c.barrierOverT)).toFixed(2)}–${Math.max(...set.map((c) => c.barrierOverT)).toFixed(2)}`;
    const exactSlope = named(fit.exactSlope, `the slope of the exact ln τ over the same cells (${fit.exactSlope.toPrecision(4)}; the prefactor bends it below ΔV)`);
    predictions.push(comparePrediction({
      id: escapePredictionId.slopeVsExact.id(name),
      description: `${name.toUpperCase()}: slope of ln τ against 1/T (weighted least squares over ${range}; residual χ² = ${fit.residualChiSquare.toPrecision(3)} on ${fit.dof} dof) against the slope of the exact mean first-passage time's ln τ over the same cells and weights`,
      predicted: fit.exactSlope, measured: fit.slope, stdError: fit.slopeStdError, tolerance,
      alternative: named(2 * fit.exactSlope, 'twice the exact slope: a temperature off by a factor 2 (T = gσ²/N instead of gσ²/(2N))'),
    }));
    predictions.push(comparePrediction({
      id: escapePredictionId.slopeVsBarrier.id(name),
      description: `contrast (plain Kramers): the same slope against the barrier ΔV = ${barrier.toPrecision(4)} itself, which the exact curve's slope over these cells misses by ${(100 * (1 - fit.exactSlope / barrier)).toFixed(1)}%; rejected once the run resolves that`,
      predicted: barrier, measured: fit.slope, stdError: fit.slopeStdError, tolerance, expect: 'disagree', alternative: exactSlope,
    }));
    predictions.push(comparePrediction({
      id: escapePredictionId.slopeVsDoubleBarrier.id(name),
      description: `twin: the same slope against 2ΔV (a wrong barrier must be rejected)`,
      predicted: 2 * barrier, measured: fit.slope, stdError: fit.slopeStdError, tolerance, expect: 'disagree', alternative: exactSlope,
    }));
  }
  if (sde.length) {
    predictions.push(chiPrediction(escapePredictionId.sdeVsKramers.id(), 'SDE escape times against plain Kramers 2π/sqrt(V″(x*)|V″(z)|)·e^{ΔV/T} (finite barriers: expected above it)', chiSquareOfScores(scores(sde, (c) => c.kramersTime)), tolerance,
      chiSquareAlternative(sde.length, shiftsBetween(sde, (c) => c.kramersTime, (c) => c.exactTime), 'the χ² the exact first-passage time gives against plain Kramers'), 'disagree'));
    predictions.push(chiPrediction(escapePredictionId.sdeVsKramersCorrected.id(), `SDE escape times against Kramers × (1 + cT), c = ${(l.kramersCorrectedTime(1) / l.kramersTime(1) - 1).toPrecision(3)} (first finite-barrier term)`, chiSquareOfScores(scores(sde, (c) => c.kramersCorrectedTime)), tolerance,
      chiSquareAlternative(sde.length, shiftsBetween(sde, (c) => c.kramersCorrectedTime, (c) => c.kramersTime), 'plain Kramers, without the correction')));
  }

  const validity = cells.filter((c) => c.group === 'validity');
  if (validity.length) {
    const largest = Math.max(...validity.map((c) => c.lr));
    const top = validity.filter((c) => c.lr === largest);
    predictions.push(chiPrediction(escapePredictionId.largeLrVsExact.id(), `SGD at the largest ε = ${largest} (ε V″(x*) = ${(largest * l.geometry.curvatureMin).toPrecision(3)}) against the exact SDE time: discrete SGD departs from the SDE`, chiSquareOfScores(scores(top, (c) => c.exactTime)), tolerance, tenPercent(top.length, top.map((c) => c.logStdError)), 'disagree'));
    summary.validityMap = validity.map((c) => ({ lr: c.lr, lrTimesCurvature: c.lrTimesCurvature, barrierOverT: c.barrierOverT, ratio: c.tau / c.exactTime, z: c.zVsExact, agrees: Math.abs(c.zVsExact) <= tolerance }));
  }

  const iso = cells.find((c) => c.group === 'aligned' && c.noiseShape === 'isotropic');
  const hes = cells.find((c) => c.group === 'aligned' && c.noiseShape === 'hessian');
  if (iso && hes) {
    for (const c of [iso, hes]) {
      predictions.push(comparePrediction({
        id: escapePredictionId.alignedVsExact.id(c.noiseShape),
        description: `2-D, ${c.noiseShape === 'hessian' ? 'Hessian-aligned' : 'isotropic'} noise (T along x = ${c.temperature.toPrecision(3)}): ln τ against the exact 1-D time at that T`,
        predicted: Math.log(c.exactTime), measured: c.logTau, stdError: c.logStdError, tolerance,
        alternative: named(Math.log(c.exactTime) + RELEVANT_LOG, `an escape time ${100 * RELEVANT_DIFFERENCE}% off: the smallest relevant difference`),
      }));
    }
    const diff = iso.logTau - hes.logTau;
    predictions.push(comparePrediction({
      id: escapePredictionId.alignedFaster.id(),
      description: `Hessian-aligned noise escapes the sharp minimum faster than isotropic noise of the same tr S: ln τ_iso − ln τ_aligned = ${diff.toPrecision(3)} (τ ratio ${Math.exp(diff).toPrecision(3)}; exact ${(iso.exactTime / hes.exactTime).toPrecision(3)}) against 0`,
      predicted: 0, measured: diff, stdError: Math.hypot(iso.logStdError, hes.logStdError), tolerance, expect: 'disagree',
      sided: 'above', // one-sided: slower would be a failure too
      alternative: named(Math.log(iso.exactTime / hes.exactTime), 'the exact ratio of the two times'),
    }));
  }
  return { predictions, summary };
}
