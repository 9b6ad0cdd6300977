import { availableParallelism } from 'node:os';
import type { Workload } from './workload.js';
import { runCells } from '../workers/pool.js';
import type { Cell } from '../core/cell.js';
import { runBenchMlpCell, type BenchMlpCell } from './mlp-synthetic.js';
import { tasks } from './tasks.js';

/**
 * W5: a batch-size sweep's cell mix, the W3 network at B = 10, 100 and 1000 (N = 1000, without
 * replacement, so B = 1000 is the full batch), 200 steps each, run the way our sweeps run: cells
 * on the worker pool, one per core, single-threaded kernels (OpenBLAS at 1 thread). A sweep has
 * many cells, so every core stays busy; to measure that throughput rather than the idle tail of a
 * three-cell list, the mix is run once per worker (largest cells first) and the rate is all
 * examples over the wall time of the whole pool. numpy_ref.py runs the mix once, one cell after the
 * other, each on two BLAS threads; the rates (examples/s) compare.
 */
export const w5: Workload = {
  id: 'W5',
  description: 'batch-size sweep cells: the W3 network at B=10, 100, 1000, 200 steps each, one cell per core on the worker pool, single-threaded kernels',
  unit: 'examples/s',
  async run(scale) {
    const workers = Math.max(1, Number(process.env.SGD_SDE_WORKERS ?? availableParallelism()));
    const steps = Math.max(1, Math.round(200 * scale));
    const cells: Cell<BenchMlpCell>[] = [];
    for (const batch of [1000, 100, 10]) {
      for (let w = 0; w < workers; w++) cells.push({ task: 'bench-mlp-cell', payload: { batch, steps, seed: batch + w, threads: 1 } });
    }
    const t0 = performance.now();
    const done = await runCells<{ seconds: number; work: number }>(cells, { workers, registry: tasks, registryModule: 'bench/tasks.js' });
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, work: done.reduce((s, r) => s + r.work, 0) };
  },
};



