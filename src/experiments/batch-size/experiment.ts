import type { Experiment } from '../../core/experiment.js';
import type { ExperimentOutput } from '../../core/result.js';
import { batchSizeSchema, batchSizeChecks, type BatchSizeScenario } from './schema.js';
import { batchGridNotes, batchGridProblems, batchSizeSweep } from './sweep.js';
import { toyTheory } from './toy-theory.js';
import { analyseSweep } from './analysis.js';
import { sweepStabilityWarnings } from './stability.js';
import { cellEstimates, describeSweepCost } from './cost.js';
import type { PotentialCellResult } from './cells.js';
import type { MlpCellResult } from '../../dynamics/train-mlp.js';
import { batchSizePredictionPatterns } from './prediction-ids.js';

/**
 * The optimum batch size (docs/theory.md §7, Smith & Le §4–5): sweep B on a log grid at fixed ε and m
 * (and, one at a time, over ε, N and m), several seeds per cell, and locate B_opt with a bootstrap
 * error. On the toy potential the Gibbs density predicts B_opt exactly; on the shallow MNIST
 * network the paper predicts B_opt ∝ εN/(1−m). Cells run on the worker pool; results do not
 * depend on the number of workers.
 */
export { batchSizeSchema };
export type { BatchSizeScenario };

export const batchSize: Experiment<BatchSizeScenario> = {
  kind: 'batch-size',
  summary: 'test loss/accuracy vs batch size: B_opt with bootstrap errors, its slopes vs ε, N, 1/(1−m); exact Gibbs theory on a toy potential',
  schema: batchSizeSchema,
  predictionIds: () => batchSizePredictionPatterns(),
  checks: (s) => {
    const problems = batchSizeChecks(s);
    return problems.length > 0 ? problems : batchGridProblems(s);
  },
  async run(s, ctx): Promise<ExperimentOutput> {
    const sweep = batchSizeSweep(s);
    const toy = s.model.kind === 'potential'
      ? toyTheory(s.model, sweep.points, s.optimizer.sampler, s.theory.gridPoints, s.seed)
      : undefined;
    for (const note of toy?.notes ?? []) ctx.warn(note);
    for (const w of sweepStabilityWarnings(s, sweep, toy)) ctx.warn(w);
    for (const note of batchGridNotes(s, sweep)) ctx.warn(note);
    const cost = s.model.kind === 'mlp' ? describeSweepCost(cellEstimates(sweep), ctx.checkpoint?.finished?.() ?? new Set(), ctx.workers) : undefined;
    if (cost) ctx.progress.info(`batch-size: ${cost}`);
    ctx.progress.info(`batch-size: ${sweep.points.length} point(s) × B grid × ${s.run.seeds} seeds = ${sweep.cells.length} cells on ${Math.min(ctx.workers, sweep.cells.length)} worker(s)`);
    const results = await ctx.runCells<PotentialCellResult | MlpCellResult>(sweep.cells, 'batch-size cells', { resumable: true });
    const analysis = analyseSweep(s, sweep, results, toy);
    return {
      predictions: analysis.predictions,
      measured: analysis.measured,
      theory: analysis.theory,
      warnings: analysis.warnings,
    };
  },
};
