import type { Workload } from './workload.js';
import { rngFor } from '../rng/streams.js';
import { evidenceDesign } from '../experiments/evidence-sweep.js';
import { createLogisticMinimizer } from '../theory/logistic-minimizer.js';
import { evidenceAtMinimum } from '../theory/evidence.js';

/**
 * W4: logistic-regression Laplace evidence, d = 785 (784 features + bias), N = 800, 10 values of λ
 * in logspace(−2, 2): Newton to the minimum, the Hessian at it, its Cholesky log-determinant.
 * Data as numpy_ref.py's w4_evidence (our generator, same recipe): x ~ U(0,1)^784, and
 * y = [Σ_{j<20} x_j + 0.5 ξ > 10]. Like the reference, every λ starts Newton from ω = 0 (no warm
 * start); the timed work includes forming the Gram matrix X Xᵀ that the dual side reuses.
 */
export const w4: Workload = {
  id: 'W4',
  description: 'logistic evidence d=785 N=800: Newton from 0 to the minimum + Cholesky log det, 10 λ (cold starts)',
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
    const t0 = performance.now();
    const design = evidenceDesign({ n, d: features, x, y }, null);
    const minimizer = createLogisticMinimizer({ n, d: design.train.d, x: design.train.x, y }, { side: design.side, gram: design.gram });
    let check = 0;
    for (const lambda of lambdas) check += evidenceAtMinimum(minimizer.minimize(lambda, { warmStart: false }), n, design.train.d).logDetHessian;
    const seconds = (performance.now() - t0) / 1000;
    if (!Number.isFinite(check)) throw new Error('W4: non-finite log-determinant');
    return { seconds, work: count };
  },
};
