import type { Experiment } from '../../core/experiment.js';
import type { ExperimentOutput, Prediction } from '../../core/result.js';
import { buildModel } from '../../models/registry.js';
import type { Loss, HasMinimum } from '../../models/loss.js';
import { isOnline, type OnlineLoss } from '../../models/online-loss.js';
import { gradientNoiseSchema, gradientNoiseChecks, type GradientNoiseScenario } from './schema.js';
import { noiseScaleTrajectory, startingPoint, type TrajectoryPoint } from './trajectory.js';
import type { FrontierCellResult } from './cells.js';
import { fitFrontier, frontierPredictions, hyperbolaFitPrediction, twoBatchPredictions } from './analysis.js';
import { frontierSweep, frontierMomenta, onlineFrontierSweep } from './sweep.js';
import { onlineNoiseScaleTrajectory } from './online-trajectory.js';
import type { OnlineFrontierCellResult } from './online-cells.js';
import { nqmProblem } from './online-cells.js';
import { assembleOnlineFrontier } from './online-frontier.js';
import { onlinePredictions } from './online-analysis.js';
import type { ExperimentContext } from '../../core/experiment.js';
import { gradientDescentPath } from './path-theory.js';
import { noiseScale } from '../../theory/noise-scale.js';
import { noiseFactor } from '../../dynamics/samplers.js';
import { LinearRegressionLoss } from '../../models/linear-regression.js';
import { ensembleStepsToTarget } from './ensemble-frontier.js';
import { weightedLine } from '../../stats/weighted-line.js';
import { gradientNoisePredictionPatterns } from './prediction-ids.js';

/**
 * The gradient noise scale (docs/theory.md §9, McCandlish et al. 2018) and how it relates to the
 * paper's g: along one SGD trajectory, the exact B_simple = tr S/|G|² and B_noise = tr(HS)/(GᵀHG)
 * against the unbiased two-batch estimate (and its twin without the bias correction); optionally
 * the steps/examples frontier, whose B_crit = E_min/S_min is compared with the step-average of
 * B_noise along the noiseless path. B_crit is a statement about optimisation speed (the largest
 * useful B); the paper's g = εN/B is about the noise SGD keeps at a fixed ε: B_opt ∝ εN.
 */
export { gradientNoiseSchema };
export type { GradientNoiseScenario };

function pointJson(p: TrajectoryPoint) {
  return {
    step: p.step,
    loss: p.loss,
    bSimple: p.exact?.bSimple ?? null,
    bNoise: p.exact?.bNoise ?? null,
    traceS: p.exact?.traceS ?? null,
    gradientNormSq: p.exact?.gradientNormSq ?? null,
    estimate: p.estimate,
    uncorrected: p.uncorrected,
    running: p.running,
  };
}

/**
 * The exact expected-loss frontier (ensemble-frontier.ts) for least squares under the idealised
 * schedule: ε optimal for the ensemble's E L instead of each run's own ω, and the step where E L
 * reaches the target instead of the mean first passage. Deterministic; its B_crit (unweighted fit
 * of the fractional steps against 1/B) separates McCandlish's approximation (B_crit ≈ path-average
 * B_noise) from the measured runs. Null for other models or constant ε (the schema already refuses epoch shuffling).
 */
function ensembleFrontier(loss: Loss, start: Float64Array, target: number, lStar: number, batchSizes: number[], sampler: GradientNoiseScenario['optimizer']['sampler'], maxSteps: number, lrs: number[] | 'optimal') {
  if (!(loss instanceof LinearRegressionLoss) || lrs !== 'optimal') return null;
  const cells = batchSizes.map((b) => ensembleStepsToTarget(loss, start, target, lStar, b, noiseFactor(loss.n, b, sampler), maxSteps));
  const ok = cells.filter((c) => Number.isFinite(c.fractionalSteps));
  if (ok.length < 2) return { cells, bCrit: null };
  const line = weightedLine(ok.map((c) => 1 / c.batchSize), ok.map((c) => c.fractionalSteps), ok.map(() => 1));
  return { cells, sMin: line.intercept, eMin: line.slope, bCrit: line.slope / line.intercept };
}

export const gradientNoise: Experiment<GradientNoiseScenario> = {
  kind: 'gradient-noise',
  summary: 'gradient noise scale B_simple / B_noise along training (exact vs two-batch estimate) and the steps/examples frontier with B_crit (McCandlish et al. 2018)',
  schema: gradientNoiseSchema,
  predictionIds: () => gradientNoisePredictionPatterns(),
  checks: (s, baseDir) => gradientNoiseChecks(s, baseDir),
  async run(s, ctx): Promise<ExperimentOutput> {
    const model = buildModel(s.model, { seed: s.seed, baseDir: ctx.baseDir });
    if (isOnline(model)) return runOnline(s, model, ctx);
    const loss = model as Loss & Partial<HasMinimum>;
    const start = startingPoint(loss, s.start.scale, s.seed);
    const t = s.trajectory;
    ctx.progress.info(`gradient-noise: trajectory of ${t.steps} steps, ${t.checkpoints} checkpoints × ${t.pairs} pairs`);
    const points = noiseScaleTrajectory(loss, { lr: s.optimizer.lr, batchSize: s.optimizer.batchSize, sampler: s.optimizer.sampler, seed: s.seed, start, steps: t.steps, checkpoints: t.checkpoints, pairs: t.pairs, small: t.small, big: t.big }, ctx.progress.start('gradient-noise trajectory checkpoints', t.checkpoints));
    const predictions: Prediction[] = [];
    const warnings: string[] = [];
    const exact = points.filter((p) => p.exact);
    if (exact.length) {
      predictions.push(...twoBatchPredictions(exact, t, s.tolerance, noiseFactor(loss.n, t.big, s.optimizer.sampler)));
    } else {
      warnings.push(`model ${loss.kind} has no exact noise scale: only the two-batch estimates are reported`);
    }

    let frontier: Record<string, unknown> | null = null;
    if (s.frontier) {
      const f = s.frontier;
      const { cells, lrs, lStar, target } = frontierSweep(s, loss, start, ctx.baseDir);
      ctx.progress.info(`gradient-noise: frontier, ${cells.length} batch sizes × ${lrs === 'optimal' ? 'the optimal per-step ε' : `${lrs.length} learning rates`} × ${f.replicas} runs`);
      const results = await ctx.runCells<FrontierCellResult>(cells, 'frontier cells', { resumable: true });
      const missing = results.filter((r) => r.bestLr === null).map((r) => r.batchSize);
      if (missing.length) warnings.push(`no learning rate of the grid reached the target in every run at B = ${missing.join(', ')}: these batch sizes are left out of the fit`);
      const edge = lrs === 'optimal' ? [] : results.filter((r) => r.bestLr === lrs[0] || r.bestLr === lrs[lrs.length - 1]).map((r) => r.batchSize);
      if (edge.length) warnings.push(`the best ε lies at the edge of the grid at B = ${edge.join(', ')}: widen frontier.lr`);
      const momenta = frontierMomenta(f);
      const path = loss.exampleGradients && loss.hessian ? gradientDescentPath(loss, start, target, lrs, f.maxSteps) : null;
      // one fit per momentum; ids carry the momentum only when the scenario lists several
      const fits = momenta.map((m) => {
        const mine = results.filter((r) => r.momentum === m);
        const fit = fitFrontier(mine);
        const label = momenta.length > 1 ? `m=${m}` : undefined;
        if (path) predictions.push(...frontierPredictions(fit, path, mine.length, s.tolerance, label));
        predictions.push(hyperbolaFitPrediction(fit, mine, label ?? `m=${m}`, s.tolerance));
        return { momentum: m, fit };
      });
      const ensemble = ensembleFrontier(loss, start, target, lStar, f.batchSizes, s.optimizer.sampler, f.maxSteps, lrs);
      frontier = { target, lStar, lrs, definition: f.steps ?? 'expected', cells: results, fit: fits[0].fit, fits, path, ...(ensemble ? { ensemble } : {}) };
    }
    const ns = noiseScale(s.optimizer.lr, loss.n, s.optimizer.batchSize, 0, s.optimizer.sampler);
    return {
      noiseScale: ns,
      predictions,
      measured: { trajectory: points.map(pointJson), ...(frontier ? { frontier } : {}) },
      theory: {
        bSimple: 'tr S / |∇L|²', bNoise: 'tr(H S) / (∇Lᵀ H ∇L)',
        twoBatch: '|G|² ≈ (c_s|G_big|² − c_b|G_small|²)/(c_s − c_b), tr S ≈ (|G_small|² − |G_big|²)/(c_s − c_b), c = 1/B with replacement, (N−B)/(B(N−1)) without',
        frontier: FRONTIER_THEORY,
        relationToG: 'the paper’s noise scale g = ε(N/B − 1) ≈ εN/B sets the SGD noise at a given ε (B_opt ∝ εN for generalisation); B_crit ≈ B_noise is the batch size beyond which larger batches stop saving steps (optimisation speed). At the trajectory’s ε and B: g = ' + ns.g.toPrecision(4),
      },
      warnings,
    };
  },
};

const FRONTIER_THEORY = '(S/S_min − 1)(E/E_min − 1) = 1 ⇔ S = S_min + E_min/B; B_crit = E_min/S_min ≈ step-average of B_noise along the noiseless path';

/**
 * The gradient-noise run of an online model (the NQM; docs/theory.md §3 and §9): the trajectory
 * with online batches (online-trajectory.ts), and the frontier per momentum, simulated and in
 * closed form (online-cells.ts, online-frontier.ts, online-analysis.ts).
 */
async function runOnline(s: GradientNoiseScenario, model: OnlineLoss, ctx: ExperimentContext): Promise<ExperimentOutput> {
  const start = startingPoint(model as unknown as Loss, s.start.scale, s.seed);
  const t = s.trajectory;
  ctx.progress.info(`gradient-noise: trajectory of ${t.steps} steps, ${t.checkpoints} checkpoints × ${t.pairs} pairs (online batches)`);
  const points = onlineNoiseScaleTrajectory(model, { lr: s.optimizer.lr, batchSize: s.optimizer.batchSize, seed: s.seed, start, steps: t.steps, checkpoints: t.checkpoints, pairs: t.pairs, small: t.small, big: t.big }, ctx.progress.start('gradient-noise trajectory checkpoints', t.checkpoints));
  // online batches carry noise C/B exactly: the big batch's noise factor is 1
  const predictions: Prediction[] = [...twoBatchPredictions(points, t, s.tolerance, 1)];
  let frontier: Record<string, unknown> | null = null;
  if (s.frontier) {
    const f = s.frontier;
    const { cells, target, startLoss } = onlineFrontierSweep(s, model, start, ctx.baseDir);
    const momenta = frontierMomenta(f);
    ctx.progress.info(`gradient-noise: frontier of an online model, ${f.batchSizes.length} batch sizes × ${momenta.length} momenta, ${f.replicas} runs each, ε ${f.lr === 'closed-form' ? 'from the closed form' : 'searched by simulation'}`);
    const results = await ctx.runCells<OnlineFrontierCellResult>(cells, 'frontier cells', { resumable: true });
    const problem = nqmProblem(model, cells[0].payload.start);
    ctx.progress.info('gradient-noise: the closed form’s S_min, E_min and knee');
    const frontiers = assembleOnlineFrontier(model, problem, target, momenta, results, { maxSteps: f.maxSteps, knee: f.knee ?? true });
    predictions.push(...onlinePredictions(frontiers, s.tolerance));
    frontier = { target, lStar: 0, startLoss, definition: f.steps ?? 'expected', start: s.start.draw ?? 'once', online: frontiers };
  }
  return {
    predictions,
    measured: { trajectory: points.map(pointJson), ...(frontier ? { frontier } : {}) },
    theory: {
      bSimple: 'tr C / |∇L|²', bNoise: 'tr(H C) / (∇Lᵀ H ∇L)',
      twoBatch: '|G|² ≈ (c_s|G_big|² − c_b|G_small|²)/(c_s − c_b), tr C ≈ (|G_small|² − |G_big|²)/(c_s − c_b), c = 1/B (infinite data)',
      frontier: FRONTIER_THEORY + '; online models: S(B) exactly from the NQM closed form (docs/theory.md §3), B_crit = E_min/S_min of its asymptotes',
      relationToG: 'an online model has no N: the paper’s g = εN/B is undefined; the per-step noise is ε²C/B',
    },
    warnings: [],
  };
}
