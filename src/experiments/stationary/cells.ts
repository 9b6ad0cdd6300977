import { buildModel } from '../../models/registry.js';
import { withWeightDecay } from '../../models/weight-decay.js';
import { runSgdEnsemble } from '../../dynamics/sgd-ensemble.js';
import { runSdeEnsemble } from '../../dynamics/sde-ensemble.js';
import { EnsembleRecorder, type RecorderSnapshot } from '../../dynamics/ensemble-recorder.js';
import type { StationaryScenario } from './schema.js';

/**
 * One block of replicas of the stationary experiment: a cell of the worker pool. It rebuilds the
 * model from the scenario (deterministic in the seed) and simulates replicas
 * [firstReplica, firstReplica + count) on their own streams, so the merged result does not depend
 * on how replicas are split into blocks or threads.
 */
export interface StationaryBlock {
  scenario: StationaryScenario;
  baseDir: string;
  dynamics: 'sgd' | 'sde';
  firstReplica: number;
  count: number;
  burnIn: number;
  start: Float64Array;
  origin: Float64Array;
  divergenceLimit: number;
  stabilityBound: string;
  histogramHalfWidths: number[];
  /** for the SDE: c(N,B) and the number of Euler–Maruyama substeps */
  noiseFactor: number;
  substeps: number;
}

export function stationaryBlock(b: StationaryBlock): RecorderSnapshot {
  const s = b.scenario;
  const loss = withWeightDecay(buildModel(s.model, { seed: s.seed, baseDir: b.baseDir }), s.optimizer.weightDecay);
  const schedule = { replicas: b.count, burnIn: b.burnIn, steps: s.run.steps, thin: s.run.thin };
  const rec = new EnsembleRecorder(loss.dim, b.count, b.histogramHalfWidths);
  const opts = { start: b.start, origin: b.origin, divergenceLimit: b.divergenceLimit, stabilityBound: b.stabilityBound };
  const { lr, momentum, batchSize, sampler } = s.optimizer;
  if (b.dynamics === 'sgd') {
    runSgdEnsemble(loss, { lr, momentum, batchSize, sampler, seed: s.seed, firstReplica: b.firstReplica }, schedule, rec, opts);
  } else {
    const smeOrder = s.dynamics.sde ? s.dynamics.sde.smeOrder : 1;
    runSdeEnsemble(loss, { lr, momentum, noiseFactor: b.noiseFactor, substeps: b.substeps, smeOrder, seed: s.seed, firstReplica: b.firstReplica }, schedule, rec, opts);
  }
  return rec.snapshot();
}
