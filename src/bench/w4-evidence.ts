import type { Workload } from './workload.js';
import { rngFor } from '../rng/streams.js';
import { runCells } from '../workers/pool.js';
import type { Cell } from '../core/cell.js';
import { tasks, w4Share, W4_TASKS_MODULE, type W4Share } from './w4-work.js';

/**
 * W4: logistic-regression Laplace evidence, d = 785 (784 features + bias), N = 800, 10 values of λ
 * in logspace(−2, 2): Newton to the minimum, the Hessian at it, its Cholesky log-determinant.
 * Data as numpy_ref.py's w4_evidence (our generator, same recipe): x ~ U(0,1)^784, and
 * y = [Σ_{j<20} x_j + 0.5 ξ > 10]. Like the reference, every λ starts Newton from ω = 0 (no warm
 * start); the timed work includes forming the Gram matrix X Xᵀ that the dual side reuses.
 * The values of λ are independent, so they are shared out (interleaved) among two worker threads,
 * as the reference runs with OPENBLAS_NUM_THREADS=2 (SGD_SDE_THREADS overrides; 1 runs in-process).
 * Each thread forms the design itself, and starting the threads is part of the timed work.
 */
export const w4: Workload = {
  id: 'W4',
  description: 'logistic evidence d=785 N=800: Newton from 0 to the minimum + Cholesky log det, 10 λ (cold starts), 2 threads',
  unit: 'lambdas/s',
  async run(scale) {
    const n = 800, features = 784;
    const count = Math.max(1, Math.round(10 * scale));
    const rng = rngFor(0, 'bench-w4');
    const x = new Float64Array(n * features);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < features; j++) {
        const v = rng.uniform();
        x[i * features + j] = v;
        if (j < 20) s += v;
      }
      y[i] = s + 0.5 * rng.normal() > 10 ? 1 : 0;
    }
    const lambdas = Array.from({ length: count }, (_, k) => (count === 1 ? 1e-2 : 10 ** (-2 + (4 * k) / (count - 1))));
    const threads = Math.max(1, Math.min(count, Math.floor(Number(process.env.SGD_SDE_THREADS ?? 2)) || 1));
    const t0 = performance.now();
    let check = 0;
    if (threads <= 1) {
      check = w4Share({ n, features, x, y, lambdas });
    } else {
      const cells: Cell<W4Share>[] = Array.from({ length: threads }, (_, t) => ({
        task: 'bench/w4-share',
        payload: { n, features, x, y, lambdas: lambdas.filter((_, k) => k % threads === t) },
      }));
      const sums = await runCells<number>(cells, { workers: threads, registry: tasks, registryModule: W4_TASKS_MODULE });
      check = sums.reduce((a, b) => a + b, 0);
    }
    const seconds = (performance.now() - t0) / 1000;
    if (!Number.isFinite(check)) throw new Error('W4: non-finite log-determinant');
    return { seconds, work: count };
  },
};
