import type { Prediction } from '../../core/result.js';
import { comparePrediction } from '../../stats/compare.js';
import { spearman } from '../../stats/spearman.js';
import type { EvidenceRow } from './lambda-chain.js';
import { meanSpread, type AveragedRow } from './seed-average.js';
import { evidencePredictionId } from './prediction-ids.js';

/**
 * The claims of Smith & Le (2017) §3 as predictions, judged on the seed-averaged curves (S replicates:
 * data draw and random-label draw), each description giving the spread over the seeds. The evidence
 * is a deterministic function of the data, so several checks are rules stated in grid points rather
 * than sampling errors; each description says which. Accuracies use binomial standard errors.
 *
 * Why true labels need not have a lower edge to their E < 0 band: E = C(ω₀) + ½ ln det(I + XᵀDX/λ) − N ln 2.
 * - λ → ∞: ω₀ → Xᵀ(y − ½)/λ and E → [tr(XᵀX)/4 − |Xᵀ(y − ½)|²] / (2λ) → 0, from below when the
 *   labels carry signal (|Xᵀ(y − ½)|² > tr(XᵀX)/4); for balanced random labels its mean over permutations
 *   is ¼ Σ|x_i − x̄|² N/(N−1) < tr(XᵀX)/4 (the bias column alone makes the difference), so E → 0⁺.
 * - λ → 0 on separable data: ω₀ grows like ln(1/λ) along the max-margin direction, the margins of
 *   non-support examples grow faster than ln(1/λ), so their curvature σ'(z)/λ → 0 while a support
 *   example's stays O(1): the Occam term stays bounded and C(ω₀) → 0, so E → −N ln 2 + O(#support vectors · 1).
 *   Random labels become separable only at smaller λ and with many more support vectors.
 * So an intermediate band (E ≥ 0 again at weak λ) needs a weak-λ end where the Occam term exceeds N ln 2.
 */
export interface EvidenceSummary {
  argminE: { index: number; lambda: number };
  argminTestCrossEntropy: { index: number; lambda: number } | null;
  /** maximal runs [first, last] of consecutive grid indices with E < 0 */
  negativeERuns: [number, number][];
  /** Spearman ρ of E and test cross-entropy across λ */
  spearmanETestCrossEntropy: number | null;
}

type CurveRow = { lambda: number; E: number; testCrossEntropy: number | null };

/** A label set's result: the seed-averaged curve and each replicate's rows, λ ascending. */
export interface LabelSetCurves {
  averaged: AveragedRow[];
  replicates: EvidenceRow[][];
}

/** Accuracy that counts as memorised. */
export const MEMORISED = 0.99;
/** How far (grid steps) the λ minimising E may be from the λ minimising the test cross-entropy. */
export const ARGMIN_STEPS = 2;
/** Fewer λ values than this: the claims that compare λ values (band, argmin, rank correlation) are not judged. */
export const MIN_LAMBDAS_TO_COMPARE = 3;
/** Spearman ρ must be within this many null standard errors (1/√(K−1)) of 1. */
export const SPEARMAN_TOLERANCE = 2;

export function summarise(rows: readonly CurveRow[]): EvidenceSummary {
  const e = rows.map((r) => r.E);
  const argE = argmin(e);
  const ce = rows.map((r) => r.testCrossEntropy);
  const hasTest = ce.every((v): v is number => v !== null);
  const argCe = hasTest ? argmin(ce as number[]) : -1;
  return {
    argminE: { index: argE, lambda: rows[argE].lambda },
    argminTestCrossEntropy: hasTest ? { index: argCe, lambda: rows[argCe].lambda } : null,
    negativeERuns: runs(e.map((v) => v < 0)),
    spearmanETestCrossEntropy: hasTest && rows.length >= MIN_LAMBDAS_TO_COMPARE ? spearman(e, ce as number[]) : null,
  };
}

/**
 * The largest grid λ at and below which every replicate fits its training labels perfectly (100 %),
 * or null when the smallest λ does not.
 */
export function memorisationOnset(replicates: readonly EvidenceRow[][]): { index: number; lambda: number } | null {
  let index = -1;
  for (let k = 0; k < replicates[0].length; k++) {
    if (replicates.every((rows) => rows[k].trainAccuracy === 1)) index = k;
    else break;
  }
  return index < 0 ? null : { index, lambda: replicates[0][index].lambda };
}

/**
 * `rows` are in ascending λ; nTrain and nTest are the set sizes of one replicate, testLabelPositive
 * the fraction of test labels equal to 1 (1/2 for balanced sets).
 */
export function evidencePredictions(
  sets: { true?: LabelSetCurves; random?: LabelSetCurves },
  nTrain: number,
  nTest: number | null,
  tolerance: number,
  testLabelPositive = 0.5,
): Prediction[] {
  const out: Prediction[] = [];
  const random = sets.random;
  if (random) {
    const reps = random.replicates;
    const seeds = reps.length;
    const small = random.averaged[0];
    const trainAtSmall = reps.map((r) => r[0].trainAccuracy);
    const onset = memorisationOnset(reps);
    const se = Math.sqrt((MEMORISED * (1 - MEMORISED)) / nTrain);
    out.push(comparePrediction({
      id: evidencePredictionId.randomMemorised.id(),
      description: `random labels, smallest λ = ${fmt3(small.lambda)}: training accuracy reaches 100% (memorised) on every seed; measured = the lowest of the ${seeds} seeds (mean ${pct(small.trainAccuracy)}, range ${pct(Math.min(...trainAtSmall))}–${pct(Math.max(...trainAtSmall))}). ` +
        `Memorisation (100% on every seed at and below λ) begins at λ = ${onset ? fmt3(onset.lambda) : 'none on this grid'}. Rule: pass iff accuracy ≥ ${MEMORISED} (s.e. = binomial s.e. at ${MEMORISED} over N = ${nTrain}; tolerance = ${1 - MEMORISED}/s.e.)`,
      predicted: 1,
      measured: Math.min(...trainAtSmall),
      stdError: se,
      tolerance: (1 - MEMORISED) / se,
      summary: `training accuracy at λ = ${fmt3(small.lambda)}: ${pct(small.trainAccuracy)} (seeds ${pct(Math.min(...trainAtSmall))}–${pct(Math.max(...trainAtSmall))}); 100% on every seed from λ = ${onset ? fmt3(onset.lambda) : '(none)'} down`,
    }));
    if (nTest !== null && small.testAccuracy !== null && small.testPredictedPositive !== null) {
      // permuted labels are independent of the predictions: E[accuracy] = p q + (1 − p)(1 − q) exactly
      const q = testLabelPositive;
      const chances = reps.map((r) => {
        const p = r[0].testPredictedPositive as number;
        return p * q + (1 - p) * (1 - q);
      });
      const chance = chances.reduce((a, b) => a + b, 0) / seeds;
      const variance = chances.reduce((a, c) => a + c * (1 - c), 0) / seeds / nTest / seeds;
      const acc = reps.map((r) => r[0].testAccuracy as number);
      out.push(comparePrediction({
        id: evidencePredictionId.randomTestChance.id(),
        description: `random labels, smallest λ = ${fmt3(small.lambda)}: test accuracy is chance, p q + (1−p)(1−q) with p the fraction predicted 1 and q = ${fmt3(q)} labelled 1 (= 1/2 for balanced labels); measured = mean over ${seeds} seeds (range ${pct(Math.min(...acc))}–${pct(Math.max(...acc))}, seed s.e. ${fmt3(random.averaged[0].spread.testAccuracy?.stdError ?? 0)}); s.e. = binomial √(c(1−c)/N_test)/√S, N_test = ${nTest} per seed (${fmt3(Math.sqrt(variance * seeds))} per seed; the permutation s.e. is at most this)`,
        predicted: chance,
        measured: small.testAccuracy,
        stdError: Math.sqrt(variance),
        tolerance,
        summary: `test accuracy at λ = ${fmt3(small.lambda)}: ${small.testAccuracy.toFixed(4)} ± ${Math.sqrt(variance).toFixed(4)} against chance ${chance.toFixed(4)} (seeds ${pct(Math.min(...acc))}–${pct(Math.max(...acc))}; ${nTest} test images per seed, s.e. ${Math.sqrt(variance * seeds).toFixed(4)} per seed)`,
      }));
    }
    let nonPositive = 0;
    let lowest = { E: Number.POSITIVE_INFINITY, lambda: Number.NaN };
    for (const rows of reps) for (const r of rows) {
      if (!(r.E > 0)) nonPositive++;
      if (r.E < lowest.E) lowest = { E: r.E, lambda: r.lambda };
    }
    out.push(comparePrediction({
      id: evidencePredictionId.randomEPositive.id(),
      description: `random labels: E > 0 (the null model is more probable) at every λ of the grid on every seed; measured = number of the ${random.averaged.length} × ${seeds} (λ, seed) points with E ≤ 0 (lowest E ${fmt3(lowest.E)} at λ = ${fmt3(lowest.lambda)}; seed-mean E from ${fmt3(small.E)} at the smallest λ to ${fmt3(random.averaged[random.averaged.length - 1].E)} at the largest). Rule in grid points: s.e. = 1 point, pass iff none`,
      predicted: 0,
      measured: nonPositive,
      stdError: 1,
      tolerance: 0.5,
      unit: '(λ, seed) points',
      summary: `E ≤ 0 at ${nonPositive} of ${random.averaged.length * seeds} (λ, seed) points; lowest E ${fmt3(lowest.E)} (λ = ${fmt3(lowest.lambda)}); seed-mean E ${fmt3(small.E)} at λ = ${fmt3(small.lambda)} to ${fmt3(random.averaged[random.averaged.length - 1].E)} at λ = ${fmt3(random.averaged[random.averaged.length - 1].lambda)}`,
    }));
  }
  const truth = sets.true;
  if (truth && truth.averaged.length >= MIN_LAMBDAS_TO_COMPARE) {
    const avg = truth.averaged;
    const seeds = truth.replicates.length;
    const s = summarise(avg);
    const longest = s.negativeERuns.reduce((best, run) => (run[1] - run[0] > best[1] - best[0] ? run : best), [0, -1] as [number, number]);
    const bandText = longest[1] >= longest[0]
      ? `seed-mean E < 0 for λ from ${fmt3(avg[longest[0]].lambda)} to ${fmt3(avg[longest[1]].lambda)} (${longest[1] - longest[0] + 1} of ${avg.length} grid points; E = ${fmt3(avg[0].E)} ± ${fmt3(avg[0].spread.E?.stdError ?? 0)} at the smallest λ, min ${fmt3(avg[s.argminE.index].E)} at λ = ${fmt3(s.argminE.lambda)}, ${fmt3(avg[avg.length - 1].E)} at the largest)`
      : `seed-mean E ≥ 0 at every λ (from ${fmt3(avg[0].E)} to ${fmt3(avg[avg.length - 1].E)})`;
    // weak-λ grid points below the band where E ≥ 0: the Occam factor beats the fit there
    const lowerEdge = longest[1] >= longest[0] ? longest[0] : 0;
    const weakEnd = lowerEdge === 0 && avg[0].E < 0 ? weakEndTrend(avg) : '';
    out.push(comparePrediction({
      id: evidencePredictionId.trueENegativeBand.id(),
      description: `true labels: E < 0 (the model beats the null) on an intermediate band of λ, i.e. E ≥ 0 again at weak regularisation where the Occam factor dominates: ${bandText}. ` +
        `measured = grid points below the band with E ≥ 0 (0: the band reaches the smallest λ, no lower edge)${weakEnd}. Rule in grid points: s.e. = 1 point, pass iff ≥ 1 (a lower edge inside the grid). At large λ, E → 0⁻ by theory (see evidence/analysis.ts), so the band is open upwards`,
      predicted: 0,
      measured: longest[1] >= longest[0] ? lowerEdge : 0,
      stdError: 1,
      tolerance: 0.5,
      unit: 'grid points',
      expect: 'disagree',
      summary: longest[1] >= longest[0]
        ? `seed-mean E < 0 at ${longest[1] - longest[0] + 1} of ${avg.length} λ (${fmt3(avg[longest[0]].lambda)} to ${fmt3(avg[longest[1]].lambda)})${lowerEdge === 0 ? ', no lower edge' : `, lower edge at λ = ${fmt3(avg[longest[0]].lambda)}`}; E = ${fmt3(avg[0].E)} ± ${fmt3(avg[0].spread.E?.stdError ?? 0)} at λ = ${fmt3(avg[0].lambda)} (seeds ${fmt3(avg[0].spread.E?.min ?? avg[0].E)} to ${fmt3(avg[0].spread.E?.max ?? avg[0].E)}), minimum ${fmt3(avg[s.argminE.index].E)} at λ = ${fmt3(s.argminE.lambda)}`
        : `seed-mean E ≥ 0 at every λ: no band`,
    }));
    if (s.argminTestCrossEntropy && s.spearmanETestCrossEntropy !== null) {
      const perSeed = truth.replicates.map((rows) => summarise(rows));
      const steps = perSeed.map((p) => p.argminE.index - (p.argminTestCrossEntropy as { index: number }).index);
      const decades = Math.abs(Math.log10(s.argminE.lambda / s.argminTestCrossEntropy.lambda));
      // how much test cross-entropy choosing λ by E costs, paired over the seeds
      const excess = meanSpread(truth.replicates.map((rows) => (rows[s.argminE.index].testCrossEntropy as number) - (rows[(s.argminTestCrossEntropy as { index: number }).index].testCrossEntropy as number)));
      const ceMin = avg[s.argminTestCrossEntropy.index].testCrossEntropy as number;
      out.push(comparePrediction({
        id: evidencePredictionId.trueArgmin.id(),
        description: `true labels, seed-averaged curves: the λ minimising E (${fmt3(s.argminE.lambda)}) is the λ minimising the test cross-entropy (${fmt3(s.argminTestCrossEntropy.lambda)}), ${decades.toFixed(2)} decades apart; measured = difference in grid steps (per seed: ${steps.join(', ')}). At the λ chosen by E the test cross-entropy is ${fmt3(excess.mean)} ± ${fmt3(excess.stdError)} nats per example (seed-paired mean ± s.e.) above its minimum ${fmt3(ceMin)}, i.e. ${(100 * excess.mean / ceMin).toFixed(1)}% more. Rule: s.e. = 1 grid step, pass iff within ${ARGMIN_STEPS} steps`,
        predicted: 0,
        measured: s.argminE.index - s.argminTestCrossEntropy.index,
        stdError: 1,
        tolerance: ARGMIN_STEPS,
        unit: 'grid steps',
        summary: `argmin E ${fmt3(s.argminE.lambda)}, argmin test cross-entropy ${fmt3(s.argminTestCrossEntropy.lambda)}: ${decades.toFixed(2)} decades (per seed ${steps.join(', ')} steps); test cross-entropy at the λ chosen by E ${fmt3(excess.mean)} ± ${fmt3(excess.stdError)} nats (${(100 * excess.mean / ceMin).toFixed(1)}%) above its minimum`,
      }));
      const k = avg.length;
      const se = 1 / Math.sqrt(k - 1);
      const rhos = perSeed.map((p) => p.spearmanETestCrossEntropy as number);
      out.push(comparePrediction({
        id: evidencePredictionId.trueSpearman.id(),
        description: `true labels, seed-averaged curves: E ranks the ${k} values of λ as the test cross-entropy does (Spearman ρ = 1; per seed ρ from ${fmt3(Math.min(...rhos))} to ${fmt3(Math.max(...rhos))} over ${seeds} seeds). s.e. = 1/√(K−1), the null s.e. of ρ; pass iff ρ ≥ 1 − ${SPEARMAN_TOLERANCE}/√(K−1) = ${(1 - SPEARMAN_TOLERANCE * se).toFixed(3)}`,
        predicted: 1,
        measured: s.spearmanETestCrossEntropy,
        stdError: se,
        tolerance: SPEARMAN_TOLERANCE,
        summary: `ρ = ${s.spearmanETestCrossEntropy.toFixed(3)} on the seed-mean curves (per seed ${fmt3(Math.min(...rhos))} to ${fmt3(Math.max(...rhos))}); pass iff ρ ≥ ${(1 - SPEARMAN_TOLERANCE * se).toFixed(3)}`,
      }));
    }
  }
  return out;
}

/**
 * How E moves at the weak-λ end of a curve that is still negative there: the slope per decade
 * between the smallest λ and the grid point about a decade above, and where a straight line in
 * log λ would cross E = 0 (an extrapolation, said as such).
 */
function weakEndTrend(avg: readonly AveragedRow[]): string {
  const target = Math.log10(avg[0].lambda) + 1;
  let k = 1;
  while (k + 1 < avg.length && Math.abs(Math.log10(avg[k + 1].lambda) - target) < Math.abs(Math.log10(avg[k].lambda) - target)) k++;
  if (k >= avg.length) return '';
  const decades = Math.log10(avg[k].lambda / avg[0].lambda);
  const perDecade = (avg[0].E - avg[k].E) / decades; // rise of E per decade towards small λ
  if (!(perDecade > 0)) return `; at the weak end E does not rise towards small λ (${fmt3(-perDecade)} nats per decade from λ = ${fmt3(avg[k].lambda)} to ${fmt3(avg[0].lambda)}), so no lower edge is in sight`;
  const crossing = Math.log10(avg[0].lambda) - -avg[0].E / perDecade;
  return `; at the weak end E rises by ${fmt3(perDecade)} nats per decade towards small λ (λ = ${fmt3(avg[k].lambda)} to ${fmt3(avg[0].lambda)}, Occam term ½Σln(λⱼ/λ) = ${fmt3(-avg[0].logOccamFactor)}, C(ω₀) = ${fmt3(avg[0].minimumCost)} at the smallest λ): a straight line in log λ would reach E = 0 only near λ = 1e${crossing.toFixed(0)}${crossing < -308 ? ', below the smallest float64' : ''}`;
}

function argmin(v: number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] < v[best]) best = i;
  return best;
}

function runs(flags: boolean[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < flags.length; i++) {
    if (!flags[i]) continue;
    let j = i;
    while (j + 1 < flags.length && flags[j + 1]) j++;
    out.push([i, j]);
    i = j;
  }
  return out;
}

/** Three significant digits in JavaScript's toPrecision form (e.g. 0.000510, 1.00e-8): the wording of
 * this kind's predictions in results.json, kept apart from `fmt` (io/format.ts) so that it never changes. */
function fmt3(x: number): string {
  return x.toPrecision(3);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}
