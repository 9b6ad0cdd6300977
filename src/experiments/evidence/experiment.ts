import type { Experiment } from '../../core/experiment.js';
import type { ExperimentOutput } from '../../core/result.js';
import { RAW_PIXEL_SCALE, type EvidenceReplicateResult, type LabelSet } from './cells.js';
import { seedAverage } from './seed-average.js';
import { evidencePredictions, memorisationOnset, MIN_LAMBDAS_TO_COMPARE, summarise, type LabelSetCurves } from './analysis.js';
import { evidenceChecks, evidenceSchema, lambdaValues, type EvidenceScenario } from './schema.js';
import { evidenceSweep } from './sweep.js';
import { evidencePredictionPatterns } from './prediction-ids.js';

/**
 * The evidence experiment (Smith & Le 2017 §2–3, docs/theory.md §6): logistic regression with a bias
 * on a binary data set, swept over the L2 coefficient λ (summed convention: the prior precision),
 * for the true labels and for random labels (training and test labels shuffled independently).
 * At each λ: the exact minimum, its Laplace log evidence and log evidence ratio E against the
 * null model, and the minimum's accuracy and cross-entropy on training and test data.
 * `seeds` replicates (cells.ts: the data draw and the random-label draw) run as worker
 * cells, one per (seed, label set); the claims are judged on the seed-averaged curves.
 */
export const evidence: Experiment<EvidenceScenario> = {
  kind: 'evidence',
  summary: 'logistic-regression Laplace evidence vs λ for true and random labels: E = C(ω₀) + ½Σ ln(λ_j/λ) − N ln 2 against test cross-entropy',
  schema: evidenceSchema,
  predictionIds: () => evidencePredictionPatterns(),
  checks: (s, baseDir) => evidenceChecks(s, baseDir),
  async run(s, ctx): Promise<ExperimentOutput> {
    const lambdas = lambdaValues(s.lambda);
    const cells = evidenceSweep(s, ctx.baseDir);
    ctx.progress.info(`evidence: ${s.seeds} seed(s) × ${s.labels.length} label set(s) × ${lambdas.length} λ from ${lambdas[0]} to ${lambdas[lambdas.length - 1]} on ${Math.min(ctx.workers, cells.length)} worker(s)`);
    // resumable: a finished (seed, label set) survives Ctrl-C, --resume continues, run --shard splits the cells
    const results = await ctx.runCells<EvidenceReplicateResult>(cells, 'evidence sweeps (seed × labels)', { resumable: true });
    const first = results[0];
    if (lambdas.length < MIN_LAMBDAS_TO_COMPARE) ctx.warn(`${lambdas.length} λ value(s): the claims that compare λ values (argmin E vs argmin test cross-entropy, their rank correlation) need at least ${MIN_LAMBDAS_TO_COMPARE} and are left out`);
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
