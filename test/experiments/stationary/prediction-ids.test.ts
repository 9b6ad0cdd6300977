import { describe, it, expect } from 'vitest';
import { parseScenario } from '../../../src/run/load-scenario.js';
import { runScenario } from '../../../src/run/runner.js';
import { stationary } from '../../../src/experiments/stationary/experiment.js';
import { sgdCovarianceTheories, stationaryPredictionId, type CovarianceTheoryName, type StationaryDynamics } from '../../../src/experiments/stationary/prediction-ids.js';

/**
 * The exported prediction ids are the ones the experiment writes: every id they can form matches a
 * pattern of predictionIds() (what `expect` keys are checked against), and every prediction of a
 * run with SGD and the SDE is one of them.
 */
const dynamics: StationaryDynamics[] = ['sgd', 'sde'];
const theories: CovarianceTheoryName[] = ['exact', 'discrete', 'heavyBall', 'ou', 'sdeExact'];
const allIds = [
  ...dynamics.flatMap((d) => theories.flatMap((t) => [stationaryPredictionId.trace(d, t), stationaryPredictionId.entries(d, t)])),
  ...dynamics.map((d) => stationaryPredictionId.excessLoss(d)),
  stationaryPredictionId.fdr,
  stationaryPredictionId.gApproxContrast,
];

describe('stationary prediction ids', () => {
  it('every exported id matches a pattern of predictionIds(), and a wrong id matches none (twin)', () => {
    const patterns = stationary.predictionIds!({} as never);
    for (const id of allIds) expect(patterns.some((p) => p.test(id)), id).toBe(true);
    expect(patterns.some((p) => p.test('sgd.trace.vs.OU'))).toBe(false);
    expect(sgdCovarianceTheories).toEqual(['exact', 'discrete', 'heavyBall', 'ou']);
  });

  it('a run writes only exported ids, among them the ones stress reads', async () => {
    const result = await runScenario(parseScenario({
      experiment: 'stationary',
      seed: 3,
      model: { kind: 'quadratic', dim: 2, n: 40, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 1 } },
      optimizer: { lr: 0.1, batchSize: 4, sampler: 'without-replacement' },
      dynamics: { sgd: true, sde: { substeps: 'auto', smeOrder: 1 } },
      run: { replicas: 16, steps: 300 },
    }));
    const ids = result.predictions.map((p) => p.id);
    for (const id of ids) expect(allIds, id).toContain(id);
    for (const id of [stationaryPredictionId.trace('sgd', 'exact'), stationaryPredictionId.excessLoss('sgd'), stationaryPredictionId.fdr]) expect(ids).toContain(id);
  });
});
