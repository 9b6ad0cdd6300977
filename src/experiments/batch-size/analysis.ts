import type { Prediction } from '../../core/result.js';
import type { BatchSizeScenario } from './schema.js';
import type { Axis, BatchSizeSweep } from './sweep.js';
import type { PotentialCellResult } from './cells.js';
import type { MlpCellResult } from '../../dynamics/train-mlp.js';
import type { ToyTheory } from './toy-theory.js';
import { bootstrapOptimum } from '../../stats/parabola-optimum.js';
import { mean, variance } from '../../stats/sample-moments.js';
import { bootstrapSlope, olsSlope } from '../../stats/loglog-slope.js';
import { comparePrediction } from '../../stats/compare.js';
import { named, relevantDifference } from '../../stats/alternatives.js';
import { noiseScale } from '../../theory/noise-scale.js';
import { rngFor } from '../../rng/streams.js';
import { finiteNSlope, gOptFromBOpt, gridFloor, slopeErrorFromFloor } from './finite-n.js';
import { batchSizePredictionId } from './prediction-ids.js';
import { accuracySummaries } from './accuracy-summaries.js';

/**
 * From the cells' results to B_opt per outer point (parabola in ln B around the best cell,
 * bootstrap over seeds), the log-log slopes of B_opt against ε, N and 1/(1−m), and the
 * predictions: an interior optimum; B_opt equal to the Gibbs theory's (toy); slopes equal to 1
 * (network: the paper's B_opt ∝ εN/(1−m)) or to the Gibbs theory's slope (toy, which is 1 − B/N
 * for ε and m, and depends on how σ² scales with N).
 *
 * Network: a cell is trained when its mean test accuracy reaches fit.trainableAccuracy (stated
 * before the run; default 0.5). B_opt is fitted on the trained cells around the best one only
 * (the contiguous trained run within the fit window), its interval is never narrower than the
 * grid allows (±the grid floor in ln B around it), and a vertex outside that neighbourhood falls
 * back to the best cell with the grid interval. The trainability edge of a point is the smallest
 * B whose mean test accuracy reaches the threshold.
 *
 * Alternatives (stats/verdict.ts): a slope against 0 (B_opt does not move; for N: an edge in
 * ε/(B(1−m)) governs, which does not depend on N), and for N the contrast slope-edge:n (the edge's
 * slope 0, expected to be rejected, against g's slope 1); the finite-N slope against the paper's 1 where
 * they differ; an interior optimum against the smallest relevant gap (1 point of test accuracy;
 * toy: the Gibbs theory's own gap); the toy's B_opt against a 10% difference.
 */
const INTERIOR_TOLERANCE = 2;
/** Test accuracy a cell must reach to count as trained, unless the scenario states it (fit.trainableAccuracy). */
export const DEFAULT_TRAINABLE_ACCURACY = 0.5;
/** The smallest test-error gap between the ends of the grid and the best cell that matters: 1 point. */
const RELEVANT_GAP = 0.01;

export interface Analysis {
  measured: Record<string, unknown>;
  theory: Record<string, unknown>;
  predictions: Prediction[];
  warnings: string[];
}

type CellResult = PotentialCellResult | MlpCellResult;

export function analyseSweep(s: BatchSizeScenario, sweep: BatchSizeSweep, results: CellResult[], toy?: ToyTheory): Analysis {
  const predictions: Prediction[] = [];
  const warnings: string[] = [];
  const isToy = s.model.kind === 'potential';
  const classes = s.model.kind === 'mlp' ? s.model.digits.length : 0;
  // cells grouped as [point][batch][seed]
  const grouped = sweep.points.map((p) => p.batchSizes.map(() => [] as CellResult[]));
  results.forEach((r, i) => { grouped[sweep.cellPoint[i]][sweep.cellBatch[i]][sweep.cellSeed[i]] = r; });
  const score = (r: CellResult): number => {
    if ('testLoss' in r && isToy) return (r as PotentialCellResult).testLoss;
    const m = r as MlpCellResult;
    return m.diverged ? 1 - 1 / classes : 1 - m.testAccuracy; // a diverged net predicts no better than chance
  };
  const threshold = s.fit.trainableAccuracy ?? DEFAULT_TRAINABLE_ACCURACY;
  // network: which cells trained (mean test accuracy of the non-diverged runs at the threshold)
  const trained = sweep.points.map((_, o) => grouped[o].map((cells) => {
    if (isToy) return true;
    const ok = (cells as MlpCellResult[]).filter((r) => !r.diverged).map((r) => r.testAccuracy);
    return ok.length > 0 && mean(ok) >= threshold;
  }));
  const optima = sweep.points.map((p, o) => {
    const u = p.batchSizes.map(Math.log);
    const values = grouped[o].map((cells) => cells.map(score));
    return bootstrapOptimum(u, values, s.fit.window, s.fit.bootstrap, rngFor(s.seed, 'batch-size-bootstrap', o), isToy ? undefined : trained[o]);
  });
  // network: B_opt's error is at least the grid spacing around the best cell (see finite-n.ts)
  const floors = sweep.points.map((p, o) => gridFloor(p.batchSizes.map(Math.log), optima[o].best));
  const edges = sweep.points.map((p, o) => {
    const k = trained[o].indexOf(true);
    return k >= 0 ? p.batchSizes[k] : null;
  });
  let worstDrift = { z: 0, where: '' };
  const pointsJson = sweep.points.map((p, o) => {
    const opt = optima[o];
    const bOpt = Math.exp(opt.u);
    const label = p.label;
    const nBest = opt.best;
    const last = p.batchSizes.length - 1;
    if (nBest < 0) warnings.push(`${label}: no cell trains (mean test accuracy ≥ ${threshold}): no B_opt`);
    else if (!opt.interior) warnings.push(`${label}: the best batch size is at the end of the grid (B = ${p.batchSizes[nBest]}): widen batchSizes`);
    // the reported interval: the bootstrap's, never narrower than ± the grid floor (network)
    const floor = isToy ? 0 : floors[o];
    const interval: [number, number] = [Math.exp(Math.min(opt.ci[0], opt.u - floor)), Math.exp(Math.max(opt.ci[1], opt.u + floor))];
    const gOptHere = Number.isFinite(bOpt) ? noiseScale(p.lr, p.n, bOpt, p.momentum, s.optimizer.sampler).g : Number.NaN;
    const optimumLine = nBest < 0
      ? `no cell trains (mean test accuracy ≥ ${threshold}): no B_opt`
      : `B_opt = ${fmt3(bOpt)} (interval ${fmt3(interval[0])}–${fmt3(interval[1])}${isToy ? '' : `, at least ×/÷${Math.exp(floor).toPrecision(3)}, the grid`}; ${opt.method === 'parabola' ? 'parabola in ln B' : 'the best cell'}), g_opt = ${fmt3(gOptHere)}${isToy ? '' : `; trainability edge B = ${edges[o] ?? 'none'} (mean test accuracy ≥ ${threshold})`}`;
    // interior optimum: both ends of the grid are worse than the best cell
    // where no cell trains, the gap is still measured from the best cell of all (every run diverged: s.e. 0, exit 3)
    const best = nBest >= 0 ? nBest : opt.means.reduce((b, m, k) => (m < opt.means[b] ? k : b), 0);
    const gap = (k: number) => ({ d: opt.means[k] - opt.means[best], se: Math.hypot(opt.stdErrors[k], opt.stdErrors[best]) });
    const lo = gap(0);
    const hi = gap(last);
    const someRunConverged = isToy || grouped[o].some((cells) => (cells as MlpCellResult[]).some((r) => !r.diverged));
    const edge = lo.d / lo.se <= hi.d / hi.se ? lo : hi;
    const theoryGap = toy ? theoryEndGap(toy.points[o].curve.map((c) => c.testLoss)) : RELEVANT_GAP;
    predictions.push(comparePrediction({
      id: batchSizePredictionId.interiorOptimum.id(label),
      description: `${label}: the ${isToy ? 'test loss' : 'test error'} at both ends of the B grid exceeds the best cell's (an interior optimum; z = smaller gap / its s.e.)`,
      predicted: 0, measured: edge.d, stdError: edge.se, tolerance: INTERIOR_TOLERANCE, expect: 'disagree', sided: 'above',
      alternative: toy
        ? named(theoryGap, "the Gibbs theory's own gap between the grid's ends and its optimum")
        : named(RELEVANT_GAP, 'a gap of 1 point of test accuracy: the smallest relevant'),
      ...(nBest < 0 && someRunConverged ? { notEvaluable: `no cell trains (mean test accuracy ≥ ${threshold})` } : {}),
      summary: optimumLine,
    }));
    const cells = p.batchSizes.map((b, k) => {
      const ns = noiseScale(p.lr, p.n, b, p.momentum, s.optimizer.sampler);
      const base = { batchSize: b, g: ns.g, gPaper: ns.gPaper, mean: opt.means[k], stdError: opt.stdErrors[k] };
      const rs = grouped[o][k];
      if (isToy) {
        const pr = rs as PotentialCellResult[];
        const drift = pr.map((r) => r.secondHalf - r.firstHalf);
        const z = mean(drift) / Math.sqrt(variance(drift) / drift.length);
        if (Number.isFinite(z) && Math.abs(z) > Math.abs(worstDrift.z)) worstDrift = { z, where: `${label}, B = ${b}` };
        return { ...base, trainLoss: mean(pr.map((r) => r.trainLoss)), outside: mean(pr.map((r) => r.outside)), seeds: pr.map((r) => r.testLoss) };
      }
      const mr = rs as MlpCellResult[];
      const ok = mr.filter((r) => !r.diverged);
      const acc = ok.map((r) => r.testAccuracy);
      return {
        ...base,
        testAccuracy: mean(acc), testAccuracyStdError: acc.length > 1 ? Math.sqrt(variance(acc) / acc.length) : null,
        trainAccuracy: mean(ok.map((r) => r.trainAccuracy)), testLoss: mean(ok.map((r) => r.testLoss)),
        diverged: mr.length - ok.length, seeds: mr.map((r) => (r.diverged ? null : r.testAccuracy)),
        ...(ok.some((r) => r.curve) ? { curve: meanCurve(ok) } : {}),
      };
    });
    const outside = isToy ? Math.max(...cells.map((c) => (c as { outside: number }).outside)) : 0;
    if (outside > 1e-4) warnings.push(`${label}: ${(100 * outside).toPrecision(2)}% of iterates left model.domain, where the Gibbs quadrature does not look`);
    const gOpt = Number.isFinite(bOpt) ? noiseScale(p.lr, p.n, bOpt, p.momentum, s.optimizer.sampler).g : Number.NaN;
    return {
      label, lr: p.lr, n: p.n, momentum: p.momentum, ...(p.lambda !== undefined ? { lambda: p.lambda } : {}), ...(p.sigma2 !== undefined ? { sigma2: p.sigma2 } : {}),
      steps: p.steps, ...(isToy ? { burnIn: p.burnIn } : {}),
      cells,
      bOpt: {
        value: bOpt, lnStdError: opt.stdError, ci95: [Math.exp(opt.ci[0]), Math.exp(opt.ci[1])], interval,
        ...(isToy ? {} : { lnStdErrorWithGridFloor: Math.max(opt.stdError, floors[o]), gridFloor: floors[o] }),
        bestBatchSize: nBest >= 0 ? p.batchSizes[nBest] : null, interior: opt.interior, method: opt.method,
      },
      gOpt,
      ...(isToy ? {} : { trainabilityEdge: { batchSize: edges[o], threshold } }),
    };
  });
  if (isToy && Math.abs(worstDrift.z) > 4) {
    warnings.push(`not stationary? the test loss drifts between the first and second half of the recording by ${worstDrift.z.toFixed(1)} s.e. (${worstDrift.where}): raise run.burnInTime`);
  }
  if (toy) {
    sweep.points.forEach((p, o) => {
      const t = toy.points[o];
      const opt = optima[o];
      const bOpt = Math.exp(opt.u);
      predictions.push(comparePrediction({
        id: batchSizePredictionId.bOpt.id(p.label),
        description: `${p.label}: measured B_opt equals the Gibbs theory's N/(1 + g_opt(1−m)(N−1)/(εN)) with g_opt = 2N T_opt/σ² (s.e. from the bootstrap over seeds)`,
        predicted: t.bOpt.exact, measured: bOpt, stdError: bOpt * opt.stdError, tolerance: s.tolerance,
        alternative: relevantDifference(t.bOpt.exact),
      }));
      if (t.lrTimesCurvature > 0.3) warnings.push(`${p.label}: ε/(1−m)·λ_max = ${t.lrTimesCurvature.toPrecision(3)}; the discrete stationary density deviates from Gibbs by O(ελ/2): expect a visible bias`);
    });
  }
  const slopes: Record<string, unknown> = {};
  const theorySlopes: Record<string, unknown> = {};
  const axisX = (a: Exclude<Axis, 'lambda'>, o: number) => {
    const p = sweep.points[o];
    return a === 'lr' ? Math.log(p.lr) : a === 'n' ? Math.log(p.n) : -Math.log(1 - p.momentum);
  };
  const axisName: Record<Exclude<Axis, 'lambda'>, string> = { lr: 'ε', n: 'N', momentum: '1/(1−m)' };
  const moves: Record<Exclude<Axis, 'lambda'>, string> = {
    lr: 'B_opt does not move with ε',
    n: isToy ? 'B_opt does not move with N' : 'an edge in ε/(B(1−m)) governs, which does not move with N',
    momentum: 'B_opt does not move with m',
  };
  for (const a of ['lr', 'n', 'momentum'] as const) {
    const all = sweep.axes[a];
    if (!all) continue;
    // a point where no cell trains has no B_opt: its slope is taken over the others
    const idx = all.filter((o) => Number.isFinite(optima[o].u));
    if (idx.length < all.length) warnings.push(`slope against ${a}: ${all.length - idx.length} point(s) without a B_opt are left out`);
    if (idx.length < 2) {
      warnings.push(`slope against ${a}: fewer than 2 points have a B_opt; no slope`);
      continue;
    }
    const x = idx.map((o) => axisX(a, o));
    const y = idx.map((o) => optima[o].u);
    const est = bootstrapSlope(x, y, idx.map((o) => optima[o].replicates));
    slopes[a] = { slope: est.slope, stdError: est.stdError, ci95: est.ci, points: idx.map((o) => sweep.points[o].label), x, lnBOpt: y };
    let predicted = 1;
    let how = "the paper's B_opt ∝ εN/(1−m)";
    if (toy) {
      predicted = olsSlope(x, idx.map((o) => Math.log(toy.points[o].bOpt.exact))).slope;
      theorySlopes[a] = predicted;
      how = `the Gibbs theory's B_opt (the paper's law says 1; N/(1+g(1−m)/ε) bends it to ${predicted.toFixed(3)} here)`;
    }
    // network: the slope's error is at least what the grid-spacing floor of each B_opt gives
    const slopeError = isToy ? est.stdError : Math.max(est.stdError, slopeErrorFromFloor(x, idx.map((o) => floors[o])));
    (slopes[a] as Record<string, unknown>).stdErrorWithGridFloor = slopeError;
    predictions.push(comparePrediction({
      id: batchSizePredictionId.slope.id(a),
      description: `slope of ln B_opt against ln ${axisName[a]} equals ${how}${isToy ? '' : ' (s.e. at least the grid spacing of B)'}`,
      predicted, measured: est.slope, stdError: slopeError, tolerance: s.tolerance,
      alternative: named(0, moves[a]),
    }));
    if (!isToy && a === 'n') {
      // only N separates the two readings of a network's optimum: g = ε(N/B − 1)/(1−m) moves B_opt
      // in proportion to N, an edge in the per-step ε/(B(1−m)) does not move it at all
      predictions.push(comparePrediction({
        id: batchSizePredictionId.edgeContrast.id(a),
        description: 'contrast: slope of ln B_opt against ln N equals 0, as it would if B_opt sat at a trainability edge in ε/(B(1−m)), which does not depend on N; should be rejected if g governs',
        predicted: 0, measured: est.slope, stdError: slopeError, tolerance: s.tolerance, expect: 'disagree',
        alternative: named(1, "g governs: the paper's slope 1"),
      }));
    }
    if (!isToy && Number.isFinite(optima[0].u)) {
      // the finite-N law with g_opt fixed at the base point's measured value: local slope 1 − B_opt/N
      const base = sweep.points[0];
      const gOpt = gOptFromBOpt(Math.exp(optima[0].u), base);
      const finite = finiteNSlope(gOpt, idx.map((o) => sweep.points[o]), x);
      (slopes[a] as Record<string, unknown>).finiteNPrediction = { slope: finite, gOpt, law: 'B_opt = N/(1 + g_opt(1−m)/ε), g_opt from the base point' };
      predictions.push(comparePrediction({
        id: batchSizePredictionId.slopeFiniteN.id(a),
        description: `slope of ln B_opt against ln ${axisName[a]} equals the finite-N law's N/(1 + g_opt(1−m)/ε) with g_opt = ${gOpt.toPrecision(3)} fixed at the base point (local slope 1 − B_opt/N for ε and m, 1 for N)`,
        predicted: finite, measured: est.slope, stdError: slopeError, tolerance: s.tolerance,
        // what it must be told from: the paper's plain slope 1 where the finite-N law bends it, else a slope of 0
        alternative: Math.abs(finite - 1) > 1e-9 ? named(1, "the paper's slope 1, which the finite-N law bends") : named(0, moves[a]),
      }));
    }
  }
  const summaries = isToy ? undefined : accuracySummaries(sweep, pointsJson, s.tolerance);
  if (summaries) predictions.push(...summaries.predictions);
  const measured = { objective: isToy ? 'time-averaged test loss at stationarity' : 'test error (1 − accuracy); a diverged run counts as chance', points: pointsJson, slopes, ...summaries?.measured };
  const theory: Record<string, unknown> = { paperSlope: 1, law: 'B_opt ∝ εN/(1−m), i.e. a fixed optimal noise scale g_opt' };
  if (toy) {
    Object.assign(theory, {
      temperatureOpt: toy.temperatureOpt,
      testLossOpt: toy.testLossOpt,
      atOptimum: toy.atOptimum,
      largestCurvature: toy.largestCurvature,
      curve: toy.curve,
      slopes: theorySlopes,
      points: sweep.points.map((p, o) => ({
        label: p.label, gOpt: toy.points[o].gOpt, bOpt: toy.points[o].bOpt, lrTimesCurvature: toy.points[o].lrTimesCurvature, curve: toy.points[o].curve,
      })),
    });
  }
  return { measured, theory, predictions, warnings };
}

/** The Gibbs theory's gap: the smaller of its test loss at the grid's two ends, minus its minimum over the grid. */
function theoryEndGap(curve: number[]): number {
  const finite = curve.filter(Number.isFinite);
  return Math.min(curve[0], curve[curve.length - 1]) - Math.min(...finite);
}

function fmt3(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(3) : String(x);
}

/**
 * The learning curve of one cell averaged over its non-diverged seeds, point by point (every seed
 * records the same steps): mean test accuracy with its standard error, mean test and training
 * cross-entropy.
 */
function meanCurve(runs: MlpCellResult[]): { step: number; testAccuracy: number; testAccuracyStdError: number | null; testLoss: number; trainLoss: number }[] {
  const curves = runs.map((r) => r.curve ?? []);
  const points = Math.min(...curves.map((c) => c.length));
  return Array.from({ length: points }, (_, i) => {
    const acc = curves.map((c) => c[i].testAccuracy);
    return {
      step: curves[0][i].step,
      testAccuracy: mean(acc),
      testAccuracyStdError: acc.length > 1 ? Math.sqrt(variance(acc) / acc.length) : null,
      testLoss: mean(curves.map((c) => c[i].testLoss)),
      trainLoss: mean(curves.map((c) => c[i].trainLoss)),
    };
  });
}
