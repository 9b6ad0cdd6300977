import type { Workload } from './workload.js';
import { referenceLeastSquares, nullObserver } from './reference-data.js';
import { runSgdEnsemble } from '../dynamics/sgd-ensemble.js';

/** W1: SGD ensemble on least squares, each replica drawing its own B distinct examples per step. */
export const w1: Workload = {
  id: 'W1',
  description: 'SGD ensemble, least squares d=32 N=1024 B=16 (without replacement), R=256, 2000 steps',
  unit: 'replica-steps/s',
  async run(scale) {
    const n = 1024, d = 32, b = 16, replicas = 256, lr = 0.05;
    const steps = Math.max(1, Math.round(2000 * scale));
    const loss = referenceLeastSquares(n, d);
    const zero = new Float64Array(d);
    const t0 = performance.now();
    runSgdEnsemble(loss, { lr, momentum: 0, batchSize: b, sampler: 'without-replacement', seed: 0 },
      { replicas, burnIn: steps - 1, steps: 1, thin: 1 }, nullObserver,
      { start: zero, origin: zero, divergenceLimit: Infinity, stabilityBound: 'n/a' });
    return { seconds: (performance.now() - t0) / 1000, work: replicas * steps };
  },
};
