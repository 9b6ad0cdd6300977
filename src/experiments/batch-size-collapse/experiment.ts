import type { Experiment } from '../../core/experiment.js';
import type { ExperimentOutput } from '../../core/result.js';
import { InputError } from '../../errors.js';
import { batchSizeCollapseSchema, batchSizeCollapseChecks, type BatchSizeCollapseScenario } from './schema.js';
import { collapseInput } from './source.js';
import { analyseBatchSizeCollapse, gridBandwidth } from './analysis.js';
import { batchSizeCollapsePredictionPatterns } from './prediction-ids.js';

/**
 * Does the noise scale g govern the network's test accuracy, or the step ε/(B(1−m)) (where a
 * trainability edge would sit)? Pools the cells of earlier network batch-size runs (their
 * results.json, read and validated by the runner) and asks which variable collapses them onto one
 * curve with a scale per point (analysis.ts). Runs no training: seconds.
 */
export const batchSizeCollapse: Experiment<BatchSizeCollapseScenario> = {
  kind: 'batch-size-collapse',
  summary: 'pools network batch-size results: does test accuracy collapse onto one curve in g = ε(N/B − 1)/(1−m), or in the step ε/(B(1−m))?',
  schema: batchSizeCollapseSchema,
  predictionIds: () => batchSizeCollapsePredictionPatterns(),
  checks: (s, baseDir) => batchSizeCollapseChecks(s, baseDir),
  resultInputs: (s) => s.sources.map((path, i) => ({ path, field: `sources[${i}]`, kind: 'batch-size' })),
  async run(s, ctx): Promise<ExperimentOutput> {
    const task = ctx.progress.start('collapse fits', 2);
    const input = collapseInput(s.sources, ctx.inputs, s.lambda);
    task.tick(1);
    if (input.points.length < 2 || input.cells.length < 3) {
      throw new InputError([{ path: 'sources', message: `the sources give ${input.points.length} point(s) and ${input.cells.length} cell(s) with B < N at λ = ${s.lambda}; a collapse needs at least 2 points and 3 cells` }], `scenario ${s.name ?? 'batch-size-collapse'}`);
    }
    const rule = s.fit.bandwidth === 'grid' ? 'grid: half the median over points of the median ln(B_{k+1}/B_k)' : 'given (fit.bandwidth)';
    const h = s.fit.bandwidth === 'grid' ? gridBandwidth(input.cells) : s.fit.bandwidth;
    if (h === undefined) {
      throw new InputError([{ path: 'fit.bandwidth', message: "'grid' needs a point with at least two batch sizes below N; give a number (in ln x)", value: 'grid' }], `scenario ${s.name ?? 'batch-size-collapse'}`);
    }
    const analysis = analyseBatchSizeCollapse(input.points, input.cells, h, s.tolerance);
    task.tick(1);
    task.end();
    const warnings = [...analysis.warnings];
    for (const src of input.sources) {
      if (src.quick) warnings.push(`${src.path} is a --quick run (reduced network and steps): its cells are pooled as they are`);
      if (src.points === 0) warnings.push(`${src.path} gives no point at λ = ${s.lambda} with a batch below N`);
    }
    const times = [...new Set(input.points.map((p) => p.sdeTime))];
    if (times.length > 1) warnings.push(`the points were trained for different SDE times ε·steps/(1−m) (${times.map((t) => t.toPrecision(3)).join(', ')}): g describes the noise, not how far training went`);
    return {
      predictions: analysis.predictions,
      measured: { ...analysis.measured, bandwidthRule: rule, sources: input.sources },
      theory: {
        noiseScale: 'g = ε(N/B − 1)/(1 − m) (Smith & Le): the noise scale of the SDE of the mean loss',
        step: 'ε/(B(1 − m)): the step per example of the minibatch mean; a trainability edge in it does not move with N',
        model: 'a − 1/K = s_p · f(ln x): one curve f for all points, a scale s_p per point (its plateau above chance); f local-linear in ln x, Gaussian kernel of standard deviation h; full batches (g = 0) left out',
        judged: 'χ² of the cells about the curve (Student-t residuals over R runs as normal scores) on ν = cells − tr(hat) − (points − 1) dof, by its Wilson–Hilferty score; each variable judged only when the other, had it governed, would be rejected with ≈ 97.5 % probability',
      },
      warnings,
    };
  },
};
