import type { Prediction } from '../../core/result.js';
import { comparePrediction } from '../../stats/compare.js';
import { chiSquareScoreUnder, named } from '../../stats/alternatives.js';
import { chiSquareNormalScore, chiSquareOfScores, type ChiSquareTest } from '../../stats/chi-square.js';
import { fitScaledCommonCurve, type ScaledCurveFit } from '../../stats/scaled-common-curve.js';
import { tToNormalScore } from '../../stats/t-normal-score.js';
import { mean, variance } from '../../stats/sample-moments.js';
import { batchSizeCollapsePredictionId as ID } from './prediction-ids.js';
import type { CollapseInputCell, CollapseInputPoint } from './source.js';

/**
 * Which variable collapses the network's test accuracy onto one curve (the rules, stated before
 * any data were fitted):
 *
 * - Comparable across N: a − 1/K = s_p · f(ln x). Each point p (one ε, N, m of one source) keeps
 *   its own scale s_p, its plateau above chance (more data generalise better), fitted jointly with
 *   the curve as a nuisance parameter (not read off the noisy best cell); chance stays at chance.
 * - The common curve f: local-linear regression in u = ln x, Gaussian kernel of standard deviation
 *   h (scenario fit.bandwidth; by default half the median spacing of the points' batch grids in
 *   ln B, so that its half-width is one grid step; the same h for both variables), weights 1/se²
 *   (stats/scaled-common-curve.ts).
 * - χ²: each cell's residual over its standard error is Student t on R − 1 degrees of freedom (R
 *   runs), mapped to its normal score; χ² = Σ scores² on ν = cells − tr(hat) − (points − 1), judged
 *   by its Wilson–Hilferty normal score against the tolerance. χ² at h/2 and 2h is reported (not
 *   judged) to show how much the verdict leans on h.
 * - The prediction (the paper's): g collapses the cells (collapse:noise-scale agrees) and the step
 *   ε/(B(1−m)) does not (collapse:step is rejected). Each is judged only if the data could tell the
 *   two apart: the other variable's fitted cells, noise-free, refitted in this variable give the
 *   noncentrality λ this χ² would gain if the other variable governed; the row is judged when that
 *   alternative would be rejected with ≈ 97.5 % probability, WH(ν + λ − 2√(2ν + 4λ)) > tolerance.
 *   At one N the two variables differ only through ln(N − B) (a shift), so a single-N pool is N/E.
 * - contrast:noise-scale-vs-step (information): Σ_c (score²_step − score²_g) − (ν_step − ν_g) over
 *   its standard error from the cells' spread (Vuong's test for non-nested fits): positive when g
 *   fits better.
 * Cells of one point share their runs' training subsets, so their residuals may correlate; the
 * χ² counts them as independent.
 */
export type Variable = 'noiseScale' | 'step';
export const VARIABLES: Variable[] = ['noiseScale', 'step'];
const LABEL: Record<Variable, string> = { noiseScale: 'g = ε(N/B − 1)/(1−m)', step: 'ε/(B(1−m))' };

export interface VariableFit {
  test: ChiSquareTest;
  reducedChiSquare: number;
  effectiveParameters: number;
  converged: boolean;
  iterations: number;
  /** per cell: s_p f(u), and its normal score */
  fitted: number[];
  scores: number[];
  scales: number[];
  /** the common curve on a grid spanning the cells, for the figure */
  curve: { x: number; f: number }[];
}

export interface CollapseAnalysis {
  predictions: Prediction[];
  measured: Record<string, unknown>;
  warnings: string[];
}

const CURVE_POINTS = 120;

export function variableOf(v: Variable, c: CollapseInputCell): number {
  return v === 'noiseScale' ? c.g : c.step;
}

interface Data { u: number[]; y: number[]; se: number[]; group: number[]; runs: number[] }

function dataFor(v: Variable, cells: readonly CollapseInputCell[]): Data {
  return {
    u: cells.map((c) => Math.log(variableOf(v, c))),
    y: cells.map((c) => c.accuracy - c.chance),
    se: cells.map((c) => c.stdError),
    group: cells.map((c) => c.point),
    runs: cells.map((c) => c.runs),
  };
}

function scoresOf(d: Data, fitted: readonly number[]): number[] {
  return d.y.map((y, i) => tToNormalScore((y - fitted[i]) / d.se[i], d.runs[i] - 1));
}

function fitVariable(d: Data, h: number): { fit: ScaledCurveFit; test: ChiSquareTest; scores: number[] } {
  const fit = fitScaledCommonCurve(d.u, d.y, d.se, d.group, h);
  const scores = scoresOf(d, fit.fitted);
  return { fit, test: chiSquareOfScores(scores, fit.effectiveParameters), scores };
}

/**
 * How far the best curve in `d`'s variable stays from noise-free cells `target`: Σ score², each
 * cell's offset over its standard error mapped to a normal score as the χ² maps residuals.
 */
function noiseFreeChiSquare(d: Data, target: readonly number[], h: number): number {
  const fit = fitScaledCommonCurve(d.u, target, d.se, d.group, h);
  const scores = scoresOf({ ...d, y: [...target] }, fit.fitted);
  return scores.reduce((a, z) => a + z * z, 0);
}

/** The normal score a χ² on ν dof reaches with probability ≈ 97.5 % when its noncentrality is λ. */
function rejectableScore(dof: number, lambda: number): number {
  const low = dof + lambda - 2 * Math.sqrt(2 * dof + 4 * lambda);
  return low > 0 ? chiSquareNormalScore(low, dof) : -Infinity;
}

/**
 * The default kernel width: half the grid spacing Δ, Δ = the median over points of the median
 * ln(B_{k+1}/B_k) between a point's neighbouring cells. A Gaussian of standard deviation Δ/2 has a
 * full width at half maximum of 1.18 Δ, so the curve resolves a step one grid spacing wide (a
 * trainability edge is that sharp), while every window still holds cells of neighbouring batch
 * sizes and, where the points interleave, of other points.
 */
export function gridBandwidth(cells: readonly CollapseInputCell[]): number | undefined {
  const byPoint = new Map<number, number[]>();
  for (const c of cells) {
    const list = byPoint.get(c.point) ?? [];
    list.push(Math.log(c.batchSize));
    byPoint.set(c.point, list);
  }
  const spacings: number[] = [];
  for (const list of byPoint.values()) {
    const u = [...new Set(list)].sort((a, b) => a - b);
    if (u.length < 2) continue;
    spacings.push(median(u.slice(1).map((v, k) => v - u[k])));
  }
  return spacings.length > 0 ? 0.5 * median(spacings) : undefined;
}

function median(x: readonly number[]): number {
  const s = [...x].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

const testJson = (t: ChiSquareTest) => ({ chiSquare: t.chiSquare, dof: t.dof, pValue: t.pValue, z: t.z, maxAbsZ: t.maxAbsZ });

export function analyseBatchSizeCollapse(
  points: readonly CollapseInputPoint[], cells: readonly CollapseInputCell[], h: number, tolerance: number,
): CollapseAnalysis {
  const warnings: string[] = [];
  const data = { noiseScale: dataFor('noiseScale', cells), step: dataFor('step', cells) };
  const fits = {} as Record<Variable, VariableFit>;
  const sensitivity = {} as Record<Variable, { bandwidth: number; chiSquare: number; dof: number; reducedChiSquare: number; z: number }[]>;
  for (const v of VARIABLES) {
    const d = data[v];
    const { fit, test, scores } = fitVariable(d, h);
    if (!fit.converged) warnings.push(`the common curve in ${LABEL[v]} did not settle in ${fit.iterations} backfitting iterations`);
    const lo = Math.min(...d.u), hi = Math.max(...d.u);
    const grid = Array.from({ length: CURVE_POINTS }, (_, k) => lo + ((hi - lo) * k) / (CURVE_POINTS - 1));
    const f = fit.curveAt(grid);
    fits[v] = {
      test, reducedChiSquare: test.chiSquare / test.dof, effectiveParameters: fit.effectiveParameters,
      converged: fit.converged, iterations: fit.iterations, fitted: fit.fitted, scores, scales: fit.scales,
      curve: grid.map((u, k) => ({ x: Math.exp(u), f: f[k] })),
    };
    sensitivity[v] = [0.5, 2].map((k) => {
      const t = fitVariable(d, k * h).test;
      return { bandwidth: k * h, chiSquare: t.chiSquare, dof: t.dof, reducedChiSquare: t.chiSquare / t.dof, z: t.z };
    });
  }

  // power: the χ² each variable would gain if the other governed exactly (noise-free cells of the other's fit)
  const power = {} as Record<Variable, { noncentrality: number; smootherBias: number; rejectableZ: number }>;
  for (const v of VARIABLES) {
    const other: Variable = v === 'noiseScale' ? 'step' : 'noiseScale';
    const target = fits[other].fitted;
    const across = noiseFreeChiSquare(data[v], target, h);
    const same = noiseFreeChiSquare(data[other], target, h); // the smoother's own bias on a smooth curve
    const noncentrality = Math.max(0, across - same);
    power[v] = { noncentrality, smootherBias: same, rejectableZ: rejectableScore(fits[v].test.dof, noncentrality) };
  }

  const nValues = [...new Set(points.map((p) => p.n))].sort((a, b) => a - b);
  const spanN = nValues[nValues.length - 1] / nValues[0];
  const predictions: Prediction[] = [];
  const verdictRow = (v: Variable, id: string, expect: 'agree' | 'disagree', claim: string) => {
    const t = fits[v].test;
    const other: Variable = v === 'noiseScale' ? 'step' : 'noiseScale';
    const notEvaluable = !(t.dof > 0)
      ? `too few cells for a χ² about a fitted curve: ${cells.length} cells, ν = ${t.dof.toPrecision(3)}`
      : !(power[v].rejectableZ > tolerance)
        ? `the cells cannot tell ${LABEL.noiseScale} from ${LABEL.step}: if ${LABEL[other]} governed, this χ² would rise by λ = ${power[v].noncentrality.toPrecision(3)} only (score ${fmtScore(power[v].rejectableZ)} ≤ ${tolerance} at 97.5 %); N spans ${nValues.join(', ')} (×${spanN.toPrecision(3)}): at one N the two variables differ by a shift`
        : undefined;
    // the alternative (stats/verdict.ts): the score this χ² would typically reach if the other variable governed
    const alternative = named(chiSquareScoreUnder(t.dof, power[v].noncentrality), `${LABEL[other]} governs exactly (χ² ≈ ν + λ = ${(t.dof + power[v].noncentrality).toPrecision(3)})`);
    const base = {
      id,
      description: `${claim}: ${cells.length} cells of ${points.length} points about one curve in ${LABEL[v]} with a scale per point: χ² = ${t.chiSquare.toPrecision(4)} on ${t.dof.toPrecision(4)} dof (χ²/ν = ${(t.chiSquare / t.dof).toPrecision(3)}, p = ${t.pValue.toPrecision(3)}; measured = its Wilson–Hilferty normal score)`,
      predicted: 0, measured: t.z, stdError: 1, tolerance, alternative,
      summary: `if ${LABEL[other]} governed exactly this χ² would gain λ = ${power[v].noncentrality.toPrecision(3)} (reached score ≥ ${fmtScore(power[v].rejectableZ)} with ≈ 97.5 % probability); h = ${h.toPrecision(3)}: χ²/ν = ${sensitivity[v].map((s) => `${(s.reducedChiSquare).toPrecision(3)} at h×${s.bandwidth / h}`).join(', ')}`,
      ...(notEvaluable ? { notEvaluable } : {}),
    };
    return expect === 'agree' ? comparePrediction({ ...base, expect }) : comparePrediction({ ...base, expect });
  };
  predictions.push(verdictRow('noiseScale', ID.noiseScale.id(), 'agree', 'the noise scale collapses the test accuracy'));
  predictions.push(verdictRow('step', ID.step.id(), 'disagree', 'the step does not collapse it (rejected)'));

  // Vuong's contrast of the two non-nested fits, per cell
  const d = fits.step.scores.map((s, i) => s * s - fits.noiseScale.scores[i] ** 2);
  const excess = d.reduce((a, b) => a + b, 0) - (fits.step.test.dof - fits.noiseScale.test.dof);
  const contrastSe = Math.sqrt(d.length * variance(d));
  predictions.push(comparePrediction({
    id: ID.contrast.id(),
    description: `contrast (information): Σ over cells of (score² about the curve in ε/(B(1−m)) − score² about the curve in g), less the difference of their dof, over its standard error from the cells' spread (positive: g fits better)`,
    predicted: 0, measured: excess, stdError: contrastSe, tolerance, expect: 'not-judged',
  }));

  const bySource = (v: Variable) => {
    const rows = new Map<number, { source: number; cells: number; chiSquare: number }>();
    cells.forEach((c, i) => {
      const row = rows.get(c.source) ?? { source: c.source, cells: 0, chiSquare: 0 };
      row.cells++;
      row.chiSquare += fits[v].scores[i] ** 2;
      rows.set(c.source, row);
    });
    return [...rows.values()];
  };
  const variableJson = (v: Variable) => ({
    ...testJson(fits[v].test),
    worstCell: fits[v].test.worst,
    reducedChiSquare: fits[v].reducedChiSquare,
    effectiveParameters: fits[v].effectiveParameters,
    converged: fits[v].converged,
    sensitivity: sensitivity[v],
    power: power[v],
    bySource: bySource(v),
    curve: fits[v].curve,
  });
  return {
    predictions,
    warnings,
    measured: {
      bandwidth: h,
      variables: { noiseScale: variableJson('noiseScale'), step: variableJson('step') },
      contrast: { excess, stdError: contrastSe, z: excess / contrastSe, meanDifference: mean(d) },
      varies: {
        lr: new Set(points.map((p) => p.lr)).size,
        n: nValues.length,
        momentum: new Set(points.map((p) => p.momentum)).size,
        nValues,
      },
      points: points.map((p, k) => ({ ...p, scale: { noiseScale: fits.noiseScale.scales[k], step: fits.step.scales[k] } })),
      cells: cells.map((c, i) => ({
        ...c,
        fitted: { noiseScale: fits.noiseScale.fitted[i], step: fits.step.fitted[i] },
        score: { noiseScale: fits.noiseScale.scores[i], step: fits.step.scores[i] },
      })),
    },
  };
}

function fmtScore(z: number): string {
  return Number.isFinite(z) ? z.toFixed(2) : '−∞';
}
