import { z } from 'zod';
import type { Experiment } from '../../core/experiment.js';
import type { ExperimentOutput } from '../../core/result.js';
import { envelopeFields } from '../../scenario/common.js';
import { binaryDataChecks, binaryDataSchema, loadBinaryData } from '../../data/binary-source.js';
import { shuffleLabels } from '../../data/random-labels.js';
import type { InputProblem } from '../../errors.js';
import { evidenceDesign, evidenceSweep, type EvidenceRow } from './sweep.js';
import { evidencePredictions, summarise } from './predictions.js';
import type { Cell } from '../../core/cell.js';
import { runCells } from '../../workers/pool.js';

/**
 * The evidence experiment (Smith & Le 2017 §2–3, THEORY.md §6): logistic regression with a bias
 * on a binary data set, swept over the L2 coefficient λ (summed convention: the prior precision),
 * for the true labels and for random labels (training and test labels shuffled independently).
 * At each λ: the exact minimum, its Laplace log evidence and log evidence ratio E against the
 * null model, and the minimum's accuracy and cross-entropy on training and test data.
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
  lambda: z.union([z.array(z.number().positive()).min(3).describe('explicit λ values (summed convention)'), lambdaGridSchema])
    .default({ min: 1e-3, max: 1e3, count: 25 })
    .describe('the λ sweep: explicit values or a log grid; λ is the prior precision of every weight, bias included (C = Σ ℓ_i + (λ/2)|ω|²)'),
  labels: z.array(z.enum(['true', 'random'])).min(1).default(['true', 'random'])
    .describe("label sets to sweep: the data's own labels and/or random labels (a seeded permutation of the training and of the test labels)"),
  tolerance: z.number().positive().default(4).describe('allowed |z| of the sampling-error predictions (test accuracy at chance), in standard errors'),
});
export type EvidenceScenario = z.infer<typeof evidenceSchema>;

/** The sweep's λ values, ascending. */
export function lambdaValues(spec: EvidenceScenario['lambda']): number[] {
  if (Array.isArray(spec)) return [...spec].sort((a, b) => a - b);
  const { min, max, count } = spec;
  return Array.from({ length: count }, (_, k) => (k === count - 1 ? max : Math.exp(Math.log(min) + (k * Math.log(max / min)) / (count - 1))));
}

const EVIDENCE_TASK = 'evidence/labels';

/** The cells of the evidence sweep: one per label set, in the scenario's order. */
export function evidenceCells(s: EvidenceScenario): Cell<{ labels: 'true' | 'random' }>[] {
  return s.labels.map((labels) => ({ task: EVIDENCE_TASK, payload: { labels } }));
}

export const evidence: Experiment<EvidenceScenario> = {
  kind: 'evidence',
  summary: 'logistic-regression Laplace evidence vs λ for true and random labels: E = C(ω₀) + ½Σ ln(λ_j/λ) − N ln 2 against test cross-entropy',
  schema: evidenceSchema,
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
    const data = loadBinaryData(s.data, { seed: s.seed, baseDir: ctx.baseDir }, 'data');
    const lambdas = lambdaValues(s.lambda);
    if (!data.test) ctx.warn('no test set (data.testCsv or testPerClass): test accuracy and cross-entropy, and the predictions that need them, are left out');
    const design = evidenceDesign(data.train, data.test);
    // one cell per label set: each λ chain is warm-started along itself, so a label set is the unit
    // a checkpoint keeps (Ctrl-C, --resume) and `run --shard` splits; in-process (the design is shared)
    const sweepLabels = ({ labels }: { labels: 'true' | 'random' }): EvidenceRow[] => {
      const yTrain = labels === 'true' ? data.train.y : shuffleLabels(data.train, s.seed, 0).y;
      const yTest = data.test ? (labels === 'true' ? data.test.y : shuffleLabels(data.test, s.seed, 1).y) : null;
      const task = ctx.progress.start(`evidence, ${labels} labels`, lambdas.length);
      const rows = evidenceSweep(design, yTrain, yTest, lambdas, task);
      task.end();
      return rows;
    };
    const rowsBySet = await runCells<EvidenceRow[]>(evidenceCells(s), {
      workers: 1,
      registry: { [EVIDENCE_TASK]: sweepLabels },
      registryModule: '(in-process only)',
      completed: ctx.checkpoint?.load() as Map<number, EvidenceRow[]> | undefined,
      onCellDone: (index, result) => ctx.checkpoint?.save(index, result),
      signal: ctx.signal,
    });
    const sets: { true?: EvidenceRow[]; random?: EvidenceRow[] } = {};
    s.labels.forEach((labels, k) => (sets[labels] = rowsBySet[k]));
    const nTrain = data.train.n;
    const nTest = data.test ? data.test.n : null;
    const testLabelPositive = data.test ? data.test.y.reduce((a, b) => a + b, 0) / data.test.n : 0.5;
    const predictions = evidencePredictions(sets, nTrain, nTest, s.tolerance, testLabelPositive);
    return {
      predictions,
      measured: {
        data: { source: data.source, trainExamples: nTrain, testExamples: nTest, features: data.train.d, weights: design.train.d, solver: design.side },
        lambda: lambdas,
        ...(sets.true ? { true: sets.true } : {}),
        ...(sets.random ? { random: sets.random } : {}),
        summary: {
          ...(sets.true ? { true: summarise(sets.true) } : {}),
          ...(sets.random ? { random: summarise(sets.random) } : {}),
        },
      },
      theory: {
        convention: 'summed: C(ω) = Σ_i ℓ_i(ω) + (λ/2)|ω|², prior N(0, λ⁻¹ I) on every weight including the bias',
        logEvidence: 'Laplace: log P(y|x) ≈ −C(ω₀) − ½ Σ_j ln(λ_j/λ), λ_j the eigenvalues of ∇²C(ω₀)',
        E: 'log evidence ratio in favour of the null model: E = C(ω₀) + ½ Σ_j ln(λ_j/λ) − N ln 2',
        nullLogEvidence: -nTrain * Math.LN2,
      },
    };
  },
};
