import type { Workload } from './workload.js';
import { Mlp } from '../models/mlp.js';
import { runMlpSgd } from '../dynamics/train-mlp.js';
import { rngFor } from '../rng/streams.js';

/**
 * W3: the shallow network of numpy_ref.py's `w3_mlp`: 784-800-10 ReLU + softmax, float32, 1000
 * uniform [0, 1) inputs with uniform random labels (dense: the sparse first layer never applies),
 * B = 100 distinct examples per step, ε = 0.1, momentum 0.9, 200 steps. Timed: the step loop only.
 * Two threads for the first layer's products, as the reference runs with OPENBLAS_NUM_THREADS=2
 * (SGD_SDE_THREADS overrides; results are bit-identical for any thread count).
 */
export const w3: Workload = {
  id: 'W3',
  description: 'one-hidden-layer ReLU network 784-800-10, float32, N=1000 dense inputs, B=100, momentum 0.9, 200 steps, 2 threads',
  unit: 'examples/s',
  async run(scale) {
    const n = 1000, d = 784, h = 800, k = 10, b = 100;
    const steps = Math.max(1, Math.round(200 * scale));
    const rng = rngFor(0, 'w3-data');
    const x = new Float64Array(n * d);
    for (let i = 0; i < x.length; i++) x[i] = Math.fround(rng.uniform());
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = rng.int(k);
    const threads = Number(process.env.SGD_SDE_THREADS ?? 2);
    const model = new Mlp({ hidden: h, train: { n, d, x, y }, classes: k, maxBatch: b, threads });
    model.init(0);
    try {
      const t0 = performance.now();
      runMlpSgd(model, { lr: 0.1, momentum: 0.9, batchSize: b, steps, sampler: 'without-replacement', seed: 0 });
      return { seconds: (performance.now() - t0) / 1000, work: b * steps };
    } finally {
      model.close();
    }
  },
};
