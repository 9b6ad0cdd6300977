import type { SweepCells, CellEstimate } from '../../core/cell.js';
import { planSweep } from './plan.js';
import type { BatchSizeScenario } from './schema.js';
import type { PotentialCellPayload } from './cells.js';
import type { MlpCellSpec } from '../../dynamics/train-mlp.js';
import { mnistFullCount } from '../../data/mnist-full.js';
import * as K from '../common/cost-coefficients.js';

/**
 * The cost model of a batch-size sweep (run --plan, --shard): one cell per (point, B, seed) as
 * planSweep lists them; a toy-potential cell costs (burn-in + steps) × replicas × (landscape
 * gradient + B) example offsets, an MLP cell (steps + one evaluation pass) × (a + b·B) ms from the
 * measured per-width step table.
 *
 * Costs are units of work × the measured coefficients of experiments/common/cost-coefficients.ts
 * (±50% across machines); the cells come from the experiment's own planner, so the list cannot
 * drift from what runs.
 */

export function batchSizeCells(s: BatchSizeScenario): SweepCells {
  const plan = planSweep(s);
  const estimates = plan.cells.map((cell, index): CellEstimate => {
    const point = plan.points[plan.cellPoint[index]];
    if (cell.task === 'batch-size/potential') {
      const p = cell.payload as PotentialCellPayload;
      const units = (p.burnIn + p.steps) * p.replicas * (K.POTENTIAL_STEP_EXAMPLES + p.batchSize);
      return { index, label: `${point.label} B=${p.batchSize} seed#${plan.cellSeed[index]}`, seconds: K.CELL_SETUP_SECONDS + units * K.POTENTIAL_SECONDS_PER_EXAMPLE, bytes: 8 * p.model.n * p.model.variables.length * 2 };
    }
    const p = cell.payload as MlpCellSpec;
    const { a, bPerExample } = mlpStepMs(p.hidden);
    const classes = p.digits?.length ?? 10;
    const n = p.trainPerClass * classes;
    const testImages = p.testPerClass !== undefined ? p.testPerClass * classes : (p.digits ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).reduce((t, d) => t + mnistFullCount('test', d), 0); // data 'full': the whole MNIST test set
    const evalSteps = (n + testImages) / Math.max(1, p.batchSize); // the evaluations cost about a pass
    const seconds = K.CELL_SETUP_SECONDS + ((p.steps + evalSteps) * (a + bPerExample * p.batchSize)) / 1000;
    const params = 784 * p.hidden + p.hidden * classes;
    const bytes = 4 * (4 * params + (n + testImages) * 784 + p.batchSize * p.hidden * 3);
    return { index, label: `${point.label} B=${p.batchSize} seed#${plan.cellSeed[index]}`, seconds, bytes };
  });
  return { cells: plan.cells, estimates };
}

function mlpStepMs(hidden: number): { a: number; bPerExample: number } {
  const t = K.MLP_STEP_MS;
  const lo = t[0], hi = t[t.length - 1];
  const f = (hidden - lo.hidden) / (hi.hidden - lo.hidden); // linear in h, extrapolated beyond the table
  return { a: Math.max(lo.a * 0.5, lo.a + f * (hi.a - lo.a)), bPerExample: Math.max(lo.bPerExample * 0.5, lo.bPerExample + f * (hi.bPerExample - lo.bPerExample)) };
}
