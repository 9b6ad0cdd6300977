import type { Workload } from './workload.js';
import { runBenchMlpCell } from './mlp-synthetic.js';

/**
 * W3: the shallow network of numpy_ref.py's `w3_mlp` (mlp-synthetic.ts) at B = 100, 200 steps, as a
 * single run using both cores, as the reference runs with OPENBLAS_NUM_THREADS=2: two kernel
 * threads for the first layer's products on wasm, two OpenBLAS threads on native
 * (SGD_SDE_THREADS overrides; results are bit-identical for any thread count).
 */
export const w3: Workload = {
  id: 'W3',
  description: 'one-hidden-layer ReLU network 784-800-10, float32, N=1000 dense inputs, B=100, momentum 0.9, 200 steps, 2 threads',
  unit: 'examples/s',
  async run(scale) {
    const threads = Number(process.env.SGD_SDE_THREADS ?? 2);
    return runBenchMlpCell({ batch: 100, steps: Math.max(1, Math.round(200 * scale)), seed: 0, threads });
  },
};
