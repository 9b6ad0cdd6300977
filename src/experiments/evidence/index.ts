import { z } from 'zod';
import type { Experiment } from '../../core/experiment.js';
import type { ExperimentOutput } from '../../core/result.js';
import { envelopeFields } from '../../scenario/common.js';
import { binaryDataChecks, binaryDataSchema } from '../../data/binary-source.js';
import type { InputProblem } from '../../errors.js';
import type { Cell } from '../../core/cell.js';
import { RAW_PIXEL_SCALE, type EvidenceReplicatePayload, type EvidenceReplicateResult, type LabelSet } from './replicate.js';
import { seedAverage } from './seed-average.js';
import { evidencePredictions, memorisationOnset, MIN_LAMBDAS_TO_COMPARE, summarise, type LabelSetCurves } from './predictions.js';

/**
 * The evidence experiment (Smith & Le 2017 §2–3, docs/theory.md §6): logistic regression with a bias
 * on a binary data set, swept over the L2 coefficient λ (summed convention: the prior precision),
 * for the true labels and for random labels (training and test labels shuffled independently).
 * At each λ: the exact minimum, its Laplace log evidence and log evidence ratio E against the
 * null model, and the minimum's accuracy and cross-entropy on training and test data.
 * `seeds` replicates (evidence-replicate.ts: the data draw and the random-label draw) run as worker
 * cells, one per (seed, label set); the claims are judged on the seed-averaged curves.
 */
const lambdaGridSchema = z.strictObject({
  min: z.number().positive().describe('smallest λ'),
  max: z.number().positive().describe('largest λ'),
  count: z.int().min(3).max(1000).default(25).describe('number of λ values, log-spaced from min to max'),
});

export const evidenceSchema = z.strictObject({
  experiment: z.literal('evidence'),
  ...envelopeFields,
  data: binaryDataSchema.describe('synthetic two-class Gaussian, {csv, testCsv?}, or {mnist: {digits, trainPerClass, testPerClass}}'),
  lambda: z.union([
    z.number().positive().describe('a single λ: the evidence and fit at one regularisation strength (the claims that compare λ values are left out)'),
    z.array(z.number().positive()).min(1).describe('explicit λ values (summed convention)'),
    lambdaGridSchema,
  ])
    .default({ min: 1e-3, max: 1e3, count: 25 })
    .describe('the λ sweep: explicit values or a log grid; λ is the prior precision of every weight, bias included (C = Σ ℓ_i + (λ/2)|ω|²)'),
  labels: z.array(z.enum(['true', 'random'])).min(1).default(['true', 'random'])
    .describe("label sets to sweep: the data's own labels and/or random labels (a seeded permutation of the training and of the test labels)"),
  seeds: z.int().min(1).max(1000).default(1)
    .describe('replicates: each draws its own training subset and test images (MNIST, synthetic; a CSV is fixed) and its own random labels; the predictions use the seed-averaged curves and report the spread'),
  pixelScale: z.enum(['unit', 'raw']).default('unit')
    .describe(`input scale: "unit" as loaded (MNIST pixels in [0,1]); "raw" multiplies every input, the constant bias input too, by ${RAW_PIXEL_SCALE} (MNIST's 0–255), which maps λ to ${RAW_PIXEL_SCALE}²·λ: E(raw, ${RAW_PIXEL_SCALE}²λ) = E(unit, λ)`),
  tolerance: z.number().positive().default(4).describe('allowed |z| of the sampling-error predictions (test accuracy at chance), in standard errors'),
});
export type EvidenceScenario = z.infer<typeof evidenceSchema>;

/** The sweep's λ values, ascending. */
export function lambdaValues(spec: EvidenceScenario['lambda']): number[] {
  if (typeof spec === 'number') return [spec];
  if (Array.isArray(spec)) return [...spec].sort((a, b) => a - b);
  const { min, max, count } = spec;
  // decades as 10^(log10 min + k·step): grid points on whole decades come out exact (1e-8, not 9.99…e-9)
  const lo = Math.log10(min);
  const step = (Math.log10(max) - lo) / (count - 1);
  return Array.from({ length: count }, (_, k) => (k === 0 ? min : k === count - 1 ? max : 10 ** (lo + k * step)));
}

export const EVIDENCE_TASK = 'evidence/replicate';

/**
 * The cells of the evidence sweep, in the index order runCells, the checkpoint and shard files use:
 * one per (seed replicate, label set), replicate-major, label sets in the scenario's order, so
 * index = replicate · labels.length + labelIndex (with one seed: one cell per label set, as before).
 * Each cell sweeps its whole λ chain (warm-started along itself), so λ is never split.
 */
export function evidenceCells(s: EvidenceScenario, baseDir: string): Cell<EvidenceReplicatePayload>[] {
  const lambdas = lambdaValues(s.lambda);
  const cells: Cell<EvidenceReplicatePayload>[] = [];
  for (let replicate = 0; replicate < s.seeds; replicate++) {
    for (const labels of s.labels) {
      cells.push({ task: EVIDENCE_TASK, payload: { data: s.data, baseDir, seed: s.seed, replicate, labels, pixelScale: s.pixelScale, lambdas } });
    }
  }
  return cells;
}

export const evidence: Experiment<EvidenceScenario> = {
  kind: 'evidence',
  summary: 'logistic-regression Laplace evidence vs λ for true and random labels: E = C(ω₀) + ½Σ ln(λ_j/λ) − N ln 2 against test cross-entropy',
  schema: evidenceSchema,
  // every id this kind's predictions can carry: an `expect` key outside them is a typo
  predictionIds: () => [/^random\.(train\.memorised|test\.chance|E\.positive)$/, /^true\.(E\.negative\.band|argmin\.E\.vs\.test\.cross\.entropy|spearman\.E\.vs\.test\.cross\.entropy)$/],
  checks(s, baseDir) {
    // defensive: also called on raw input that failed the schema
    const problems: InputProblem[] = [];
    const lam = s.lambda as unknown;
    if (lam && typeof lam === 'object' && !Array.isArray(lam)) {
      const g = lam as { min?: unknown; max?: unknown };
      if (typeof g.min === 'number' && typeof g.max === 'number' && !(g.min < g.max)) {
        problems.push({ path: 'lambda.max', message: `must exceed lambda.min = ${g.min}`, value: g.max });
      }
    } else if (Array.isArray(lam) && new Set(lam).size !== lam.length) {
      problems.push({ path: 'lambda', message: 'values must be distinct', value: `[${lam.length} values]` });
    }
    if (Array.isArray(s.labels) && new Set(s.labels).size !== s.labels.length) {
      problems.push({ path: 'labels', message: 'list each label set once', value: s.labels.join(',') });
    }
    if (s.data && typeof s.data === 'object') problems.push(...binaryDataChecks(s.data, baseDir, 'data'));
    return problems;
  },
  async run(s, ctx): Promise<ExperimentOutput> {
    const lambdas = lambdaValues(s.lambda);
    const cells = evidenceCells(s, ctx.baseDir);
    ctx.progress.info(`evidence: ${s.seeds} seed(s) × ${s.labels.length} label set(s) × ${lambdas.length} λ from ${lambdas[0]} to ${lambdas[lambdas.length - 1]} on ${Math.min(ctx.workers, cells.length)} worker(s)`);
    // resumable: a finished (seed, label set) survives Ctrl-C, --resume continues, run --shard splits the cells
    const results = await ctx.runCells<EvidenceReplicateResult>(cells, 'evidence sweeps (seed × labels)', { resumable: true });
    const first = results[0];
    if (lambdas.length < MIN_LAMBDAS_TO_COMPARE) ctx.warn(`${lambdas.length} λ value(s): the claims that compare λ values (an E < 0 band, argmin E vs argmin test cross-entropy, their rank correlation) need at least ${MIN_LAMBDAS_TO_COMPARE} and are left out`);
    if (first.testExamples === null) ctx.warn('no test set (data.testCsv or testPerClass): test accuracy and cross-entropy, and the predictions that need them, are left out');
    const sets: { true?: LabelSetCurves; random?: LabelSetCurves } = {};
    for (const labels of s.labels as LabelSet[]) {
      const replicates = results.filter((r) => r.labels === labels).map((r) => r.rows);
      sets[labels] = { averaged: seedAverage(replicates), replicates };
    }
    const nTrain = first.trainExamples;
    const nTest = first.testExamples;
    const predictions = evidencePredictions(sets, nTrain, nTest, s.tolerance, first.testLabelPositive ?? 0.5);
    const summary = (c: LabelSetCurves, labels: LabelSet) => ({
      ...summarise(c.averaged),
      perSeed: c.replicates.map((rows) => summarise(rows)),
      ...(labels === 'random' ? { memorisationOnset: memorisationOnset(c.replicates) } : {}),
    });
    const source = first.source;
    return {
      predictions,
      measured: {
        data: {
          source, trainExamples: nTrain, testExamples: nTest, features: first.features, weights: first.features + 1,
          solver: 'Newton, dual (N-side) or primal, whichever is cheaper', seeds: s.seeds,
          replicateSeeds: results.filter((r) => r.labels === s.labels[0]).map((r) => r.seed),
          pixelScale: s.pixelScale, inputScale: s.pixelScale === 'raw' ? RAW_PIXEL_SCALE : 1,
        },
        lambda: lambdas,
        ...(sets.true ? { true: sets.true.averaged } : {}),
        ...(sets.random ? { random: sets.random.averaged } : {}),
        perSeed: {
          ...(sets.true ? { true: sets.true.replicates } : {}),
          ...(sets.random ? { random: sets.random.replicates } : {}),
        },
        summary: {
          ...(sets.true ? { true: summary(sets.true, 'true') } : {}),
          ...(sets.random ? { random: summary(sets.random, 'random') } : {}),
        },
      },
      theory: {
        convention: 'summed: C(ω) = Σ_i ℓ_i(ω) + (λ/2)|ω|², prior N(0, λ⁻¹ I) on every weight including the bias',
        logEvidence: 'Laplace: log P(y|x) ≈ −C(ω₀) − ½ Σ_j ln(λ_j/λ), λ_j the eigenvalues of ∇²C(ω₀)',
        E: 'log evidence ratio in favour of the null model: E = C(ω₀) + ½ Σ_j ln(λ_j/λ) − N ln 2',
        nullLogEvidence: -nTrain * Math.LN2,
        pixelScale: `inputs × ${s.pixelScale === 'raw' ? RAW_PIXEL_SCALE : 1} (bias input included): E(raw, ${RAW_PIXEL_SCALE}²λ) = E(unit, λ)`,
        averaging: 'measured.true / measured.random: per-λ means over the seeds with spread {min, max, stdError = sd/√S}; measured.perSeed: every replicate',
      },
    };
  },
};
