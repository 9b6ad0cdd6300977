import type { Prediction } from '../../core/result.js';
import { comparePrediction } from '../../stats/compare.js';
import { spearman } from '../../stats/spearman.js';
import type { EvidenceRow } from './sweep.js';

/**
 * The claims of Smith & Le (2017) §3 as predictions. The evidence is a deterministic function of
 * the data, so several checks are rules stated in grid points rather than sampling errors; each
 * description says which. Accuracies use binomial standard errors.
 */
export interface EvidenceSummary {
  argminE: { index: number; lambda: number };
  argminTestCrossEntropy: { index: number; lambda: number } | null;
  /** maximal runs [first, last] of consecutive grid indices with E < 0 */
  negativeERuns: [number, number][];
  /** Spearman ρ of E and test cross-entropy across λ */
  spearmanETestCrossEntropy: number | null;
}

/** Accuracy that counts as memorised. */
export const MEMORISED = 0.99;
/** How far (grid steps) the λ minimising E may be from the λ minimising the test cross-entropy. */
export const ARGMIN_STEPS = 2;
/** Spearman ρ must be within this many null standard errors (1/√(K−1)) of 1. */
export const SPEARMAN_TOLERANCE = 2;

export function summarise(rows: EvidenceRow[]): EvidenceSummary {
  const e = rows.map((r) => r.E);
  const argE = argmin(e);
  const ce = rows.map((r) => r.testCrossEntropy);
  const hasTest = ce.every((v): v is number => v !== null);
  const argCe = hasTest ? argmin(ce as number[]) : -1;
  return {
    argminE: { index: argE, lambda: rows[argE].lambda },
    argminTestCrossEntropy: hasTest ? { index: argCe, lambda: rows[argCe].lambda } : null,
    negativeERuns: runs(e.map((v) => v < 0)),
    spearmanETestCrossEntropy: hasTest ? spearman(e, ce as number[]) : null,
  };
}

/**
 * `rows` are in ascending λ; nTrain and nTest are the set sizes, testLabelPositive the fraction of
 * test labels equal to 1 (1/2 for balanced sets).
 */
export function evidencePredictions(
  sets: { true?: EvidenceRow[]; random?: EvidenceRow[] },
  nTrain: number,
  nTest: number | null,
  tolerance: number,
  testLabelPositive = 0.5,
): Prediction[] {
  const out: Prediction[] = [];
  const random = sets.random;
  if (random) {
    const small = random[0];
    const se = Math.sqrt((MEMORISED * (1 - MEMORISED)) / nTrain);
    out.push(comparePrediction({
      id: 'random.train.memorised',
      description: `random labels, smallest λ = ${fmt(small.lambda)}: training accuracy reaches 100% (memorised). Rule: pass iff accuracy ≥ ${MEMORISED} (s.e. = binomial s.e. at ${MEMORISED} over N = ${nTrain}; tolerance = ${1 - MEMORISED}/s.e.)`,
      predicted: 1,
      measured: small.trainAccuracy,
      stdError: se,
      tolerance: (1 - MEMORISED) / se,
    }));
    if (nTest !== null && small.testAccuracy !== null && small.testPredictedPositive !== null) {
      // permuted labels are independent of the predictions: E[accuracy] = p q + (1 − p)(1 − q) exactly
      const p = small.testPredictedPositive;
      const q = testLabelPositive;
      const chance = p * q + (1 - p) * (1 - q);
      out.push(comparePrediction({
        id: 'random.test.chance',
        description: `random labels, smallest λ = ${fmt(small.lambda)}: test accuracy is chance, p q + (1−p)(1−q) with p = ${fmt(p)} predicted 1 and q = ${fmt(q)} labelled 1 (= 1/2 for balanced labels); s.e. = binomial √(c(1−c)/N_test), N_test = ${nTest} (the permutation s.e. is at most this)`,
        predicted: chance,
        measured: small.testAccuracy,
        stdError: Math.sqrt((chance * (1 - chance)) / nTest),
        tolerance,
      }));
    }
    const nonPositive = random.filter((r) => !(r.E > 0)).length;
    out.push(comparePrediction({
      id: 'random.E.positive',
      description: `random labels: E > 0 (the null model is more probable) at every λ of the grid; measured = number of the ${random.length} grid points with E ≤ 0. Rule in grid points: s.e. = 1 point, pass iff none`,
      predicted: 0,
      measured: nonPositive,
      stdError: 1,
      tolerance: 0.5,
    }));
  }
  const truth = sets.true;
  if (truth) {
    const s = summarise(truth);
    const longest = s.negativeERuns.reduce((m, [a, b]) => Math.max(m, b - a + 1), 0);
    out.push(comparePrediction({
      id: 'true.E.negative.interval',
      description: `true labels: E < 0 (the model beats the null) on an interval of λ; measured = grid points in the longest run with E < 0 (${s.negativeERuns.length} run(s)). Rule in grid points: s.e. = 1 point, pass iff the run is non-empty`,
      predicted: 0,
      measured: longest,
      stdError: 1,
      tolerance: 0.5,
      expect: 'disagree',
    }));
    if (s.argminTestCrossEntropy && s.spearmanETestCrossEntropy !== null) {
      out.push(comparePrediction({
        id: 'true.argmin.E.vs.test.cross.entropy',
        description: `true labels: the λ minimising E (${fmt(s.argminE.lambda)}) is the λ minimising the test cross-entropy (${fmt(s.argminTestCrossEntropy.lambda)}); measured = difference in grid steps. Rule: s.e. = 1 grid step, pass iff within ${ARGMIN_STEPS} steps`,
        predicted: 0,
        measured: s.argminE.index - s.argminTestCrossEntropy.index,
        stdError: 1,
        tolerance: ARGMIN_STEPS,
      }));
      const k = truth.length;
      const se = 1 / Math.sqrt(k - 1);
      out.push(comparePrediction({
        id: 'true.spearman.E.vs.test.cross.entropy',
        description: `true labels: E ranks the ${k} values of λ as the test cross-entropy does (Spearman ρ = 1). s.e. = 1/√(K−1), the null s.e. of ρ; pass iff ρ ≥ 1 − ${SPEARMAN_TOLERANCE}/√(K−1) = ${(1 - SPEARMAN_TOLERANCE * se).toFixed(3)}`,
        predicted: 1,
        measured: s.spearmanETestCrossEntropy,
        stdError: se,
        tolerance: SPEARMAN_TOLERANCE,
      }));
    }
  }
  return out;
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

function fmt(x: number): string {
  return x.toPrecision(3);
}
