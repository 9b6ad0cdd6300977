import type { Experiment } from '../../core/experiment.js';
import type { ExperimentOutput } from '../../core/result.js';
import { collapseSchema, collapseChecks, type CollapseScenario } from './schema.js';
import type { CollapseCellResult } from './cells.js';
import { collapseSweep } from './sweep.js';
import { analyseCollapse, cellLabel } from './analysis.js';
import { MIN_EFFECTIVE_SAMPLES } from '../../stats/effective-samples.js';
import { isExactSampler } from '../../dynamics/samplers.js';
import { effectiveLearningRate } from '../../dynamics/effective-learning-rate.js';
import { collapsePredictionPatterns } from './prediction-ids.js';
import { withVerdict } from '../../stats/compare.js';

/**
 * The collapse (docs/theory.md §3): over a grid of (ε, B, N, m), N × excess loss at stationarity should
 * depend on the hyper-parameters only through the noise scale g = εN c(N,B)/(1−m), as
 * N·E[L − L*] = g tr S / 4 in the OU limit — and not through ε/B or ε alone. Each cell is a
 * stationary SGD ensemble (cells.ts) run on the worker pool; the data set of each N comes
 * from the scenario seed, so tr S is comparable across N: exactly equal for the quadratic model's
 * whitened noise (tr S = dσ² isotropic, σ² tr H Hessian-shaped), measured per N for least squares.
 */
export { collapseSchema };
export type { CollapseScenario };

/**
 * Every collapse prediction pools all cells, so one cell outside the theory's region makes them
 * all N/E (not evaluable, never judged): a cell at or over the stability bound
 * (no stationary distribution: an excess loss of 1.8e10 at ε λ_max = 3.59 "passed" 4/4), or one
 * with too few effective samples (its standard error across replicas understates the error).
 */
function outsideRegion(cells: CollapseCellResult[]): string | undefined {
  const unstable = cells.filter((c) => !(c.lrTimesLambdaMax < c.stabilityBound));
  if (unstable.length > 0) {
    const c = unstable[0];
    return `outside the region: ${unstable.length} of ${cells.length} cells at or over the stability bound, SGD has no stationary distribution there (first: ${cellLabel(c)}, ε λ_max = ${c.lrTimesLambdaMax.toPrecision(4)} ≥ ${c.stabilityBound})`;
  }
  const few = cells.filter((c) => !(c.effectiveSamples >= MIN_EFFECTIVE_SAMPLES));
  if (few.length > 0) {
    const c = few[0];
    return `too few effective samples in ${few.length} of ${cells.length} cells (first: ${cellLabel(c)}, replicas × steps / autocorrelation time = ${c.effectiveSamples.toPrecision(3)} < ${MIN_EFFECTIVE_SAMPLES}); raise run.time or run.replicas`;
  }
  return undefined;
}

export const collapse: Experiment<CollapseScenario> = {
  kind: 'collapse',
  summary: 'N × excess loss over a grid of (ε, B, N, m) collapses onto g·tr(S)/4 against g, not against ε/B or ε',
  schema: collapseSchema,
  predictionIds: () => collapsePredictionPatterns(),
  checks: (s, baseDir) => collapseChecks(s, baseDir),
  async run(s, ctx): Promise<ExperimentOutput> {
    const cells = collapseSweep(s, ctx.baseDir);
    if (!isExactSampler(s.sampler)) ctx.warn('epoch-shuffle is not Markov: g and the exact theories use the without-replacement c(N,B) as an approximation');
    ctx.progress.info(`collapse: ${cells.length} cells on ${Math.min(ctx.workers, cells.length)} worker(s)`);
    const results = await ctx.runCells<CollapseCellResult>(cells, 'collapse cells', { resumable: true });
    const analysis = analyseCollapse(results, s.tolerance);
    const why = outsideRegion(results);
    if (why) analysis.predictions = analysis.predictions.map((p) => withVerdict(p, why));
    const maxLrLambda = Math.max(...results.map((c) => effectiveLearningRate(c.lrTimesLambdaMax, c.momentum))); // ε_eff λ_max
    const warnings = [...analysis.warnings];
    if (maxLrLambda > 0.1) warnings.push(`ε_eff λ_max reaches ${maxLrLambda.toPrecision(3)}: the OU identity g·tr(S)/4 holds up to O(ε λ) corrections, which this grid may resolve`);
    const z = (c: CollapseCellResult) => (c.excess - c.predicted) / c.excessStdError;
    return {
      predictions: analysis.predictions,
      measured: {
        ...analysis.summary,
        cells: results.map((c) => ({ ...c, lrOverB: c.lr / c.batchSize, z: z(c) })),
      },
      theory: {
        identity: 'N·E[L − L*] = N·½tr(HΣ) = g·tr(S)/4 (OU limit, any H and S)',
        noiseScale: 'g = ε N c(N,B) / (1 − m), c = 1/B (with replacement) or (N−B)/(B(N−1)) (without)',
        data: s.model.kind === 'quadratic'
          ? `quadratic: the per-example offsets are centred and whitened exactly for every N, so S = σ²${s.model.noise.shape === 'isotropic' ? 'I and tr S = dσ²' : 'H and tr S = σ² tr H'} exactly at every N`
          : 'linear regression: the data of each N are the first N draws of one seeded stream (same teacher); S = (1/N)Σ r_i² x_i x_iᵀ at the OLS solution is measured per N, and each cell is compared with its own g·tr(S)/4',
      },
      warnings,
    };
  },
};
