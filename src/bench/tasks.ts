import type { TaskRegistry } from '../workers/pool.js';
import { runBenchMlpCell, type BenchMlpCell } from './mlp-synthetic.js';

/** Worker-thread tasks of the benchmarks (W5 runs its cells through the sweep's worker pool). */
export const tasks: TaskRegistry = {
  'bench-mlp-cell': (payload: BenchMlpCell) => runBenchMlpCell(payload),
};
