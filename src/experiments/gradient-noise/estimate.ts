import { buildModel, modelSpecSchema, type ModelSpec } from '../../models/registry.js';
import type { Loss, HasMinimum } from '../../models/loss.js';
import { InputError } from '../../errors.js';
import { noiseScaleTrajectory, startingPoint, type TrajectoryPoint } from './trajectory.js';
import { onlineNoiseScaleTrajectory } from './online-trajectory.js';
import { isOnline } from '../../models/online-loss.js';
import type { Sampler } from '../../dynamics/samplers.js';

/**
 * `sgd-sde noise-scale --estimate scenario.json`: the gradient noise scale along training for the
 * model and optimizer of any scenario file that has a `model` block (quadratic, least squares with
 * synthetic or CSV data, logistic regression, potential) and an `optimizer` with lr and batchSize.
 * A `gradient-noise` scenario brings its own start and trajectory settings; other kinds use the
 * defaults below (or the command-line overrides). Exact B_simple and B_noise where the model has
 * per-example gradients and a Hessian (all of these), the two-batch estimates always.
 */
/** What --estimate needs of a loaded scenario (run/load-scenario.ts's LoadedScenario fits; named here so experiments need not import the run layer). */
export interface ScenarioForEstimate {
  scenario: Record<string, unknown> & { seed: number };
  baseDir: string;
}

export interface EstimateOptions {
  steps?: number;
  checkpoints?: number;
  pairs?: number;
  small?: number;
  big?: number;
}

export interface EstimateReport {
  model: string;
  n: number;
  dim: number;
  lr: number;
  batchSize: number;
  sampler: Sampler;
  small: number;
  big: number;
  points: TrajectoryPoint[];
}

export function estimateAlongTraining(loaded: ScenarioForEstimate, options: EstimateOptions = {}): EstimateReport {
  const s = loaded.scenario as Record<string, any>;
  const parsed = modelSpecSchema.safeParse(s.model);
  const opt = s.optimizer as { lr?: number; batchSize?: number; sampler?: Sampler } | undefined;
  const problems = [];
  if (!parsed.success) problems.push({ path: 'model', message: `this scenario's model (${JSON.stringify(s.model?.kind ?? null)}) is not a valid model block of a registered family`, value: s.model?.kind });
  if (!opt || typeof opt.lr !== 'number' || typeof opt.batchSize !== 'number') problems.push({ path: 'optimizer', message: 'needs optimizer.lr and optimizer.batchSize (one SGD trajectory)', value: opt });
  if (problems.length) throw new InputError(problems, 'scenario for --estimate');
  const model = parsed.data as ModelSpec;
  const built = buildModel(model, { seed: loaded.scenario.seed, baseDir: loaded.baseDir });
  const t = (s.trajectory ?? {}) as EstimateOptions;
  if (isOnline(built)) {
    // infinite data: no N to bound the batches, noise factors 1/B
    const small = options.small ?? t.small ?? 2;
    const big = options.big ?? t.big ?? 16 * small;
    if (!(big > small)) throw new InputError([{ path: '--big', message: `must exceed --small = ${small}`, value: big }], 'noise-scale --estimate');
    const start = startingPoint(built as unknown as Loss, (s.start as { scale?: number } | undefined)?.scale ?? 1, loaded.scenario.seed);
    const points = onlineNoiseScaleTrajectory(built, {
      lr: opt!.lr!, batchSize: opt!.batchSize!, seed: loaded.scenario.seed, start,
      steps: options.steps ?? t.steps ?? 1000, checkpoints: options.checkpoints ?? t.checkpoints ?? 8, pairs: options.pairs ?? t.pairs ?? 5000, small, big,
    });
    return { model: built.kind, n: Infinity, dim: built.dim, lr: opt!.lr!, batchSize: opt!.batchSize!, sampler: 'with-replacement', small, big, points };
  }
  const loss = built as Loss & Partial<HasMinimum>;
  const sampler: Sampler = opt!.sampler === 'without-replacement' ? 'without-replacement' : 'with-replacement';
  const small = options.small ?? t.small ?? 2;
  const big = options.big ?? t.big ?? Math.max(small + 1, Math.min(16 * small, sampler === 'with-replacement' ? loss.n : loss.n - 1));
  const cfgProblems = [];
  if (!(big > small)) cfgProblems.push({ path: '--big', message: `must exceed --small = ${small}`, value: big });
  if (sampler !== 'with-replacement' && big >= loss.n) cfgProblems.push({ path: '--big', message: `must be < N = ${loss.n} without replacement`, value: big });
  if (opt!.batchSize! > loss.n) cfgProblems.push({ path: 'optimizer.batchSize', message: `must be ≤ N = ${loss.n}`, value: opt!.batchSize });
  if (cfgProblems.length) throw new InputError(cfgProblems, 'noise-scale --estimate');
  const start = startingPoint(loss, (s.start as { scale?: number } | undefined)?.scale ?? 1, loaded.scenario.seed);
  const points = noiseScaleTrajectory(loss, {
    lr: opt!.lr!, batchSize: opt!.batchSize!, sampler, seed: loaded.scenario.seed, start,
    steps: options.steps ?? t.steps ?? 1000, checkpoints: options.checkpoints ?? t.checkpoints ?? 8, pairs: options.pairs ?? t.pairs ?? 5000, small, big,
  });
  return { model: loss.kind, n: loss.n, dim: loss.dim, lr: opt!.lr!, batchSize: opt!.batchSize!, sampler, small, big, points };
}
