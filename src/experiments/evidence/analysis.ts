import type { Prediction } from '../../core/result.js';
import { comparePrediction } from '../../stats/compare.js';
import { named } from '../../stats/alternatives.js';
import { locateMinimum } from '../../stats/parabola-optimum.js';
import { spearman } from '../../stats/spearman.js';
import type { EvidenceRow } from './lambda-chain.js';
import { meanSpread, type AveragedRow } from './seed-average.js';
import { evidencePredictionId } from './prediction-ids.js';

/**
 * The claims of Smith & Le (2017) §3 as the paper states them, judged on the seed-averaged curves
 * (S replicates: data draw and random-label draw), each description giving the spread over the
 * seeds. The paper reports (docs/theory.md §6):
 * - random labels are memorised at weak regularisation, and their test accuracy is chance;
 * - the sign of the log evidence ratio against the null model per label set: the null model is
 *   favoured for random labels (E > 0), the model for true labels (E < 0). Judged on the λ that
 *   favours the model most (the smallest seed-mean E): for random labels E > 0 there means E > 0
 *   at every λ; for true labels E < 0 there means the evidence prefers the model at its best λ;
 * - the evidence is strongly correlated with test performance: Spearman ρ of E and the test
 *   cross-entropy across λ, per seed, against no correlation;
 * - where the two minima lie is reported, not judged: the distance between argmin E and argmin
 *   test cross-entropy in decades of λ (each argmin refined by a parabola in log λ through the
 *   grid minimum and its neighbours), a continuous number, not a count of grid steps.
 * The paper claims no band of E < 0 with a lower edge and no distance between the minima, so
 * neither is a prediction here. Standard errors are over the seeds; with one seed there is no
 * spread, and the sign and correlation claims are N/E.
 *
 * Why true labels need not have a lower edge to their E < 0 region: E = C(ω₀) + ½ ln det(I + XᵀDX/λ) − N ln 2.
 * - λ → ∞: ω₀ → Xᵀ(y − ½)/λ and E → [tr(XᵀX)/4 − |Xᵀ(y − ½)|²] / (2λ) → 0, from below when the
 *   labels carry signal (|Xᵀ(y − ½)|² > tr(XᵀX)/4); for balanced random labels its mean over permutations
 *   is ¼ Σ|x_i − x̄|² N/(N−1) < tr(XᵀX)/4 (the bias column alone makes the difference), so E → 0⁺.
 * - λ → 0 on separable data: ω₀ grows like ln(1/λ) along the max-margin direction, the margins of
 *   non-support examples grow faster than ln(1/λ), so their curvature σ'(z)/λ → 0 while a support
 *   example's stays O(1): the Occam term stays bounded and C(ω₀) → 0, so E → −N ln 2 + O(#support vectors · 1).
 */
export interface EvidenceSummary {
  /** the grid argmin, and log10 λ refined by a parabola through it and its neighbours */
  argminE: { index: number; lambda: number; refinedLog10Lambda: number };
  argminTestCrossEntropy: { index: number; lambda: number; refinedLog10Lambda: number } | null;
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
/** Fewer λ values than this: the claims that compare λ values (argmins, rank correlation) are left out. */
export const MIN_LAMBDAS_TO_COMPARE = 3;
/** The smallest relevant log evidence ratio: 1 nat (Kass & Raftery's "positive" evidence starts at a factor e). */
export const RELEVANT_NATS = 1;
/** The smallest relevant test accuracy above chance for random labels: 5 percentage points. */
export const RELEVANT_ACCURACY = 0.05;
/** The alternative to "no correlation" that a correlation claim must be able to tell it from. */
export const RELEVANT_CORRELATION = 0.5;

export function summarise(rows: readonly CurveRow[]): EvidenceSummary {
  const e = rows.map((r) => r.E);
  const argE = argmin(e);
  const ce = rows.map((r) => r.testCrossEntropy);
  const hasTest = ce.every((v): v is number => v !== null);
  const argCe = hasTest ? argmin(ce as number[]) : -1;
  return {
    argminE: { index: argE, lambda: rows[argE].lambda, refinedLog10Lambda: refinedArgmin(rows.map((r) => r.lambda), e) },
    argminTestCrossEntropy: hasTest ? { index: argCe, lambda: rows[argCe].lambda, refinedLog10Lambda: refinedArgmin(rows.map((r) => r.lambda), ce as number[]) } : null,
    negativeERuns: runs(e.map((v) => v < 0)),
    spearmanETestCrossEntropy: hasTest && rows.length >= MIN_LAMBDAS_TO_COMPARE ? spearman(e, ce as number[]) : null,
  };
}

/** log10 of the λ minimising a curve: the vertex of a parabola in log10 λ through the grid minimum and its two neighbours (the grid point at an end). */
export function refinedArgmin(lambdas: readonly number[], values: readonly number[]): number {
  const u = lambdas.map(Math.log10);
  return locateMinimum(u, values, values.map(() => 1), 1).u;
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
      alternative: named(0.5, 'chance: nothing memorised'),
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
        alternative: named(chance + RELEVANT_ACCURACY, `${100 * RELEVANT_ACCURACY} points above chance: the smallest relevant generalisation from random labels`),
        measured: small.testAccuracy,
        stdError: Math.sqrt(variance),
        tolerance,
        summary: `test accuracy at λ = ${fmt3(small.lambda)}: ${small.testAccuracy.toFixed(4)} ± ${Math.sqrt(variance).toFixed(4)} against chance ${chance.toFixed(4)} (seeds ${pct(Math.min(...acc))}–${pct(Math.max(...acc))}; ${nTest} test images per seed, s.e. ${Math.sqrt(variance * seeds).toFixed(4)} per seed)`,
      }));
    }
    out.push(signOfE('random', random, nTrain, tolerance));
  }
  const truth = sets.true;
  if (truth) out.push(signOfE('true', truth, nTrain, tolerance));
  if (truth && truth.averaged.length >= MIN_LAMBDAS_TO_COMPARE) {
    const avg = truth.averaged;
    const seeds = truth.replicates.length;
    const s = summarise(avg);
    if (s.argminTestCrossEntropy && s.spearmanETestCrossEntropy !== null) {
      const perSeed = truth.replicates.map((rows) => summarise(rows));
      const rhos = perSeed.map((p) => p.spearmanETestCrossEntropy as number);
      const k = avg.length;
      // s.e. over the seeds, never below the resolution of ρ over K points, 12/(K(K²−1)) (seeds that agree exactly)
      const spread = meanSpread(rhos);
      const rho = { ...spread, stdError: seeds < 2 ? 0 : Math.max(spread.stdError, 12 / (k * (k * k - 1))) };
      out.push(comparePrediction({
        id: evidencePredictionId.trueSpearman.id(),
        description: `true labels: the evidence is strongly correlated with test performance: Spearman ρ of E and the test cross-entropy across the ${k} values of λ, per seed (${fmt3(Math.min(...rhos))} to ${fmt3(Math.max(...rhos))} over ${seeds} seed(s); ${fmt3(s.spearmanETestCrossEntropy)} on the seed-mean curves); measured = the mean of the seeds' ρ, s.e. over the seeds, against no correlation (ρ = 0)`,
        predicted: 0,
        measured: rho.mean,
        stdError: rho.stdError,
        tolerance,
        expect: 'disagree',
        sided: 'above',
        alternative: named(RELEVANT_CORRELATION, `ρ = ${RELEVANT_CORRELATION}: a correlation worth the name`),
        ...(seeds < 2 ? { notEvaluable: ONE_SEED } : {}),
        summary: `ρ(E, test cross-entropy) = ${rho.mean.toFixed(3)} ± ${rho.stdError.toFixed(3)} over ${seeds} seed(s) (per seed ${fmt3(Math.min(...rhos))} to ${fmt3(Math.max(...rhos))}; ${s.spearmanETestCrossEntropy.toFixed(3)} on the seed-mean curves)`,
      }));
      const ceArg = s.argminTestCrossEntropy;
      const decades = s.argminE.refinedLog10Lambda - ceArg.refinedLog10Lambda;
      const perSeedDecades = perSeed.map((p) => p.argminE.refinedLog10Lambda - (p.argminTestCrossEntropy as { refinedLog10Lambda: number }).refinedLog10Lambda);
      const spreadDecades = meanSpread(perSeedDecades);
      // how much test cross-entropy choosing λ by E costs, paired over the seeds (grid points)
      const excess = meanSpread(truth.replicates.map((rows) => (rows[s.argminE.index].testCrossEntropy as number) - (rows[ceArg.index].testCrossEntropy as number)));
      const ceMin = avg[ceArg.index].testCrossEntropy as number;
      out.push(comparePrediction({
        id: evidencePredictionId.trueArgmin.id(),
        description: `true labels, reported (the paper states no distance): log10 of the λ minimising E (${fmt3(10 ** s.argminE.refinedLog10Lambda)}) minus that of the λ minimising the test cross-entropy (${fmt3(10 ** ceArg.refinedLog10Lambda)}), in decades, each refined by a parabola in log λ through the grid minimum and its neighbours; per seed ${perSeedDecades.map((d) => d.toFixed(2)).join(', ')}. At the grid λ chosen by E the test cross-entropy is ${fmt3(excess.mean)} ± ${fmt3(excess.stdError)} nats per example (seed-paired) above its minimum ${fmt3(ceMin)}, i.e. ${(100 * excess.mean / ceMin).toFixed(1)}% more`,
        predicted: 0,
        measured: decades,
        stdError: spreadDecades.stdError,
        tolerance,
        expect: 'not-judged',
        summary: `argmin E at λ = ${fmt3(10 ** s.argminE.refinedLog10Lambda)}, argmin test cross-entropy at λ = ${fmt3(10 ** ceArg.refinedLog10Lambda)}: ${decades.toFixed(2)} decades apart (per seed ${perSeedDecades.map((d) => d.toFixed(2)).join(', ')}); test cross-entropy at the λ chosen by E ${fmt3(excess.mean)} ± ${fmt3(excess.stdError)} nats (${(100 * excess.mean / ceMin).toFixed(1)}%) above its minimum`,
      }));
    }
  }
  return out;
}

const ONE_SEED = 'one seed: the spread of E over data draws is unknown, so nothing says how far this draw is from the next (set seeds ≥ 2)';

/**
 * The sign of the log evidence ratio against the null model for one label set, at the λ that
 * favours the model most (the smallest seed-mean E): random labels → E > 0 there (the null model
 * wins at every λ), true labels → E < 0 there (the model wins at its best λ). A one-sided contrast
 * against E = 0, whose alternative is ±1 nat, with the seed standard error at that λ.
 */
function signOfE(labels: 'true' | 'random', curves: LabelSetCurves, nTrain: number, tolerance: number): Prediction {
  const avg = curves.averaged;
  const seeds = curves.replicates.length;
  const k = argmin(avg.map((r) => r.E));
  const at = avg[k];
  const se = at.spread.E?.stdError ?? 0;
  const perSeed = curves.replicates.map((rows) => Math.min(...rows.map((r) => r.E)));
  const random = labels === 'random';
  const favoured = random ? 'the null model' : 'the model';
  return comparePrediction({
    id: random ? evidencePredictionId.randomEPositive.id() : evidencePredictionId.trueENegative.id(),
    description: `${labels} labels: the log evidence ratio E (in favour of the null model that gives each label probability ½, N ln 2 = ${fmt3(nTrain * Math.LN2)} nats) is ${random ? 'positive' : 'negative'}: ${favoured} is favoured${random ? ' at every λ' : ' at its best λ'}. measured = the smallest seed-mean E over the ${avg.length} λ (at λ = ${fmt3(at.lambda)}; per seed the smallest E is ${fmt3(Math.min(...perSeed))} to ${fmt3(Math.max(...perSeed))}), s.e. over the ${seeds} seed(s) at that λ, against 0`,
    predicted: 0,
    measured: at.E,
    stdError: se,
    tolerance,
    expect: 'disagree',
    sided: random ? 'above' : 'below',
    alternative: named(random ? RELEVANT_NATS : -RELEVANT_NATS, `E = ${random ? '' : '−'}${RELEVANT_NATS} nat: ${favoured} favoured by a factor e, the smallest relevant evidence`),
    ...(seeds < 2 ? { notEvaluable: ONE_SEED } : {}),
    summary: `smallest seed-mean E ${fmt3(at.E)} ± ${fmt3(se)} at λ = ${fmt3(at.lambda)} (seeds ${fmt3(at.spread.E?.min ?? at.E)} to ${fmt3(at.spread.E?.max ?? at.E)}); seed-mean E from ${fmt3(avg[0].E)} at λ = ${fmt3(avg[0].lambda)} to ${fmt3(avg[avg.length - 1].E)} at λ = ${fmt3(avg[avg.length - 1].lambda)}`,
  });
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
