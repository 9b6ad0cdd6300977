import type { SweepCells, CellEstimate } from '../../core/cell.js';
import { batchSizeSweep, type BatchSizeSweep } from './sweep.js';
import type { BatchSizeScenario } from './schema.js';
import type { PotentialCellPayload } from './cells.js';
import type { MlpCellSpec } from '../../dynamics/train-mlp.js';
import { mnistFullCount } from '../../data/mnist-full.js';
import { CELL_SETUP_SECONDS, MNIST_DIGIT_READ_SECONDS, MNIST_FULL_READ_SECONDS } from '../common/cost-coefficients.js';

// Measured coefficients of this cost model (how: experiments/common/cost-coefficients.ts); the toy
// potential's re-measured with `node src/bench/plan-calibrate.mjs` (CPU time, not wall time) over 14
// cells of the quick toy-batch-size (7e-9 s per unit and 0.008 s per cell; it was 5.5e-8, 8× high).
/**
 * SGD on the toy potential: a step of one replica costs the landscape's compiled gradient (worth
 * POTENTIAL_STEP_EXAMPLES example offsets) plus B offsets; one unit = one example offset.
 */
const POTENTIAL_SECONDS_PER_EXAMPLE = 7e-9;
/** a toy-potential cell's own setup (its compiled landscape and offsets): the shared CELL_SETUP_SECONDS is for larger cells */
const POTENTIAL_CELL_SETUP_SECONDS = 0.008;
const POTENTIAL_STEP_EXAMPLES = 20;

/**
 * One MLP training step with h hidden units at batch size B: a + b·B milliseconds of CPU
 * (mlp-cost-model.mjs fit, sparse first layer on MNIST inputs). Interpolated linearly in h.
 */
const MLP_STEP_MS: readonly { hidden: number; a: number; bPerExample: number }[] = [
  { hidden: 64, a: 0.08, bPerExample: 0.0064 },
  { hidden: 800, a: 0.68, bPerExample: 0.066 },
];

/**
 * Building a network cell's data: copying its N + test images into float64 arrays, 25 µs per image
 * measured (mostly first-touch page faults of the fresh arrays), whatever the width; it dominates a
 * short cell on the 10 000-image test set.
 */
const MLP_DATA_MS_PER_IMAGE = 0.025;

/**
 * The cost model of a batch-size sweep (run --plan, --shard): one cell per (point, B, seed) as
 * batchSizeSweep lists them; a toy-potential cell costs (burn-in + steps) × replicas × (landscape
 * gradient + B) example offsets, an MLP cell (steps + one evaluation pass) × (a + b·B) ms from the
 * measured per-width step table, plus each evaluation's forward pass and the cell's data.
 *
 * Costs are units of work × the measured coefficients above and of experiments/common/cost-coefficients.ts
 * (within ×3 of measured CPU time: test/plan/plan-vs-measured.test.ts); the cells come from the experiment's own sweep (sweep.ts), so the list cannot
 * drift from what runs.
 */

export function batchSizeSweepCells(s: BatchSizeScenario): SweepCells {
  const sweep = batchSizeSweep(s);
  return { cells: sweep.cells, estimates: cellEstimates(sweep), overheadSeconds: mnistReadSeconds(s) };
}

/** The estimate of each cell of a sweep, in cell order. */
export function cellEstimates(sweep: BatchSizeSweep): CellEstimate[] {
  return sweep.cells.map((cell, index): CellEstimate => {
    const point = sweep.points[sweep.cellPoint[index]];
    if (cell.task === 'batch-size/potential') {
      const p = cell.payload as PotentialCellPayload;
      const units = (p.burnIn + p.steps) * p.replicas * (POTENTIAL_STEP_EXAMPLES + p.batchSize);
      return { index, label: `${point.label} B=${p.batchSize} seed#${sweep.cellSeed[index]}`, seconds: POTENTIAL_CELL_SETUP_SECONDS + units * POTENTIAL_SECONDS_PER_EXAMPLE, bytes: 8 * p.model.n * p.model.variables.length * 2 };
    }
    const p = cell.payload as MlpCellSpec;
    const { a, bPerExample } = mlpStepMs(p.hidden);
    const classes = p.digits?.length ?? 10;
    const n = p.trainPerClass * classes;
    const testImages = p.testPerClass !== undefined ? p.testPerClass * classes : (p.digits ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).reduce((t, d) => t + mnistFullCount('test', d), 0); // data 'full': the whole MNIST test set
    // each evaluation is a forward pass over every image in chunks, whatever B: one of a step's three products per example
    const evaluations = 1 + (p.evalEvery ? Math.floor(p.steps / p.evalEvery) : 0);
    const evalMs = (evaluations * (n + testImages) * bPerExample) / 3;
    const dataMs = (n + testImages) * MLP_DATA_MS_PER_IMAGE;
    const seconds = CELL_SETUP_SECONDS + (p.steps * (a + bPerExample * p.batchSize) + evalMs + dataMs) / 1000;
    const params = 784 * p.hidden + p.hidden * classes;
    const bytes = 4 * (4 * params + (n + testImages) * 784 + p.batchSize * p.hidden * 3);
    return { index, label: `${point.label} B=${p.batchSize} seed#${sweep.cellSeed[index]}`, seconds, bytes };
  });
}

/** Reading MNIST, once per process, for a network sweep (common/cost-coefficients.ts). */
function mnistReadSeconds(s: BatchSizeScenario): number {
  if (s.model.kind !== 'mlp') return 0;
  return s.model.data === 'full' ? MNIST_FULL_READ_SECONDS : s.model.digits.length * MNIST_DIGIT_READ_SECONDS;
}

/**
 * One line for stderr before a long (network) sweep runs, from the same estimates as run --plan, so
 * that a long run says what it will take (no silent caps: the user can reduce the scenario). Only
 * the cells still to run are priced: a resumed run or a shard says what is left, and a run with
 * nothing left to compute (merge, judge) says nothing (undefined).
 */
export function describeSweepCost(estimates: readonly CellEstimate[], finished: ReadonlySet<number>, workers: number): string | undefined {
  const pending = estimates.filter((e) => !finished.has(e.index));
  if (pending.length === 0) return undefined;
  const cpuSeconds = pending.reduce((t, e) => t + e.seconds, 0);
  const h = (sec: number) => (sec >= 3600 ? `${(sec / 3600).toFixed(1)} h` : `${(sec / 60).toFixed(1)} min`);
  const cells = pending.length === estimates.length ? `${estimates.length} cells` : `${pending.length} of the sweep's ${estimates.length} cells to run`;
  const used = Math.max(1, Math.min(workers, pending.length));
  return `estimate: ${cells}, about ${h(cpuSeconds)} of one core, ${h(cpuSeconds / used)} wall on ${used} worker(s)`;
}

function mlpStepMs(hidden: number): { a: number; bPerExample: number } {
  const t = MLP_STEP_MS;
  const lo = t[0], hi = t[t.length - 1];
  const f = (hidden - lo.hidden) / (hi.hidden - lo.hidden); // linear in h, extrapolated beyond the table
  return { a: Math.max(lo.a * 0.5, lo.a + f * (hi.a - lo.a)), bPerExample: Math.max(lo.bPerExample * 0.5, lo.bPerExample + f * (hi.bPerExample - lo.bPerExample)) };
}
