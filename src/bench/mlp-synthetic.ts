import { Mlp } from '../models/mlp.js';
import { runMlpSgd } from '../dynamics/train-mlp.js';
import { rngFor } from '../rng/streams.js';

/**
 * The network of numpy_ref.py's `w3_mlp` on its synthetic data: 784-800-10 ReLU + softmax, float32,
 * N = 1000 uniform [0, 1) inputs (dense: the sparse first layer never applies) with uniform random
 * labels, B distinct examples per step (without replacement), ε = 0.1, momentum 0.9. Timed: the step
 * loop only. Shared by W3 (one run) and W5 (a sweep's cells on worker threads).
 */
export interface BenchMlpCell {
  batch: number;
  steps: number;
  /** seed of the data, the initialisation and the minibatches */
  seed: number;
  /** kernel threads for this cell (1 in a sweep) */
  threads: number;
}

export function runBenchMlpCell(cell: BenchMlpCell): { seconds: number; work: number } {
  const n = 1000, d = 784, h = 800, k = 10;
  const rng = rngFor(cell.seed, 'w3-data');
  const x = new Float64Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = Math.fround(rng.uniform());
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.int(k);
  const model = new Mlp({ hidden: h, train: { n, d, x, y }, classes: k, maxBatch: cell.batch, threads: cell.threads });
  model.init(cell.seed);
  try {
    const t0 = performance.now();
    runMlpSgd(model, { lr: 0.1, momentum: 0.9, batchSize: cell.batch, steps: cell.steps, sampler: 'without-replacement', seed: cell.seed });
    return { seconds: (performance.now() - t0) / 1000, work: cell.batch * cell.steps };
  } finally {
    model.close();
  }
}
