import { ENSEMBLE_SECONDS_PER_ENTRY } from '../common/cost-coefficients.js';
import { resolveSpectrum } from '../../scenario/common.js';
import { effectiveLearningRate } from '../../dynamics/effective-learning-rate.js';
import { autoSubsteps } from './auto-substeps.js';

/**
 * The coarse whole-run cost of a stationary scenario (run --plan, and the reliability checks that
 * refuse a run which cannot finish or fit). SGD steps (B example gradients of d entries + the d²
 * moment update) and, with the SDE, its substeps (about d² each: the noise draw) over burn-in +
 * recorded steps ('auto' burn-in taken as about the recorded length); memory: the per-replica
 * moments (d + d(d+1)/2 doubles per replica and recorded dynamics, stats/replica-moments.ts),
 * twice (a worker's block and its copy in the main thread: 3000 replicas at d = 512 measured
 * 11.9 GB), and the replica states.
 */


interface StationaryShape {
  run: { replicas: number; steps: number; burnIn: number | 'auto' };
  optimizer: { lr: number; momentum?: number; batchSize?: number };
  model: { kind: string; dim?: number; spectrum?: unknown };
  dynamics: { sgd: boolean; sde: false | { substeps?: number | 'auto' } };
}

export function stationaryRunEstimate(scenario: unknown): { seconds: number; bytes: number } {
  const s = scenario as StationaryShape;
  const spectrum = s.model.kind === 'quadratic' && s.model.spectrum !== undefined ? s.model.spectrum : undefined;
  const d = s.model.dim ?? (Array.isArray(spectrum) ? spectrum.length : 2);
  const b = s.optimizer.batchSize ?? 1;
  const lrEff = effectiveLearningRate(s.optimizer.lr, s.optimizer.momentum ?? 0);
  const lambdaMax = spectrum !== undefined ? Math.max(...resolveSpectrum(spectrum as never, d)) : 1;
  const sde = s.dynamics.sde;
  const substeps = !sde ? 0 : sde.substeps === 'auto' || sde.substeps === undefined ? autoSubsteps(lrEff, lambdaMax) : sde.substeps;
  const length = s.run.steps + (typeof s.run.burnIn === 'number' ? s.run.burnIn : s.run.steps);
  const perStep = (s.dynamics.sgd ? b * d + d * d : 0) + (sde ? d * d + substeps * (d * d + d) : 0);
  const recorded = (s.dynamics.sgd ? 1 : 0) + (sde ? 1 : 0);
  return {
    seconds: length * s.run.replicas * perStep * ENSEMBLE_SECONDS_PER_ENTRY,
    bytes: 8 * s.run.replicas * (2 * (d + (d * (d + 1)) / 2) * recorded + d * 4),
  };
}
