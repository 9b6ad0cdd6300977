import type { Workload } from './workload.js';
import { referenceLeastSquares, nullObserver } from './reference-data.js';
import { runSdeEnsemble } from '../dynamics/sde-ensemble.js';
import { noiseFactor } from '../dynamics/samplers.js';

/** W2: Euler–Maruyama of the SDE with state-dependent noise from all N per-example gradients. */
export const w2: Workload = {
  id: 'W2',
  description: 'SDE (Euler–Maruyama), state-dependent noise from N per-example gradients, d=32 N=1024, R=64, 500 steps',
  unit: 'replica-steps/s',
  async run(scale) {
    const n = 1024, d = 32, b = 16, replicas = 64, lr = 0.05;
    const steps = Math.max(1, Math.round(500 * scale));
    const loss = referenceLeastSquares(n, d);
    const zero = new Float64Array(d);
    const t0 = performance.now();
    runSdeEnsemble(loss, { lr, momentum: 0, noiseFactor: noiseFactor(n, b, 'without-replacement'), substeps: 1, smeOrder: 1, seed: 0 },
      { replicas, burnIn: steps - 1, steps: 1, thin: 1 }, nullObserver,
      { start: zero, origin: zero, divergenceLimit: Infinity, stabilityBound: 'n/a' });
    return { seconds: (performance.now() - t0) / 1000, work: replicas * steps };
  },
};
