import type { BatchSizeScenario } from './schema.js';
import type { SweepPlan } from './plan.js';
import { mnistFullCount } from '../../data/mnist-full.js';

/**
 * The cost of a network sweep before it runs, so that a long run says what it will take (no
 * silent caps: the user sees the estimate and can reduce the scenario).
 *
 * Model (measured on this project's WebAssembly kernels, 784-800-10, one core, MNIST's sparse first
 * layer): a step costs STEP_FIXED + PER_EXAMPLE·B seconds at 800 hidden units (the fixed part is
 * the update of all parameters, the rest the products), scaled linearly with the hidden width; an
 * evaluation (learning curve point or final measurement) costs PER_EVAL_EXAMPLE per image of the
 * training and test sets. Examples processed = Σ_cells B·steps. Within a factor of about 1.5 on an
 * idle core; a loaded machine is slower.
 */
const STEP_FIXED = 0.9e-3;
const PER_EXAMPLE = 0.06e-3;
const PER_EVAL_EXAMPLE = 0.02e-3;

export interface SweepCost {
  cells: number;
  /** Σ over cells of B × steps */
  examples: number;
  /** estimated single-core seconds */
  cpuSeconds: number;
}

export function estimateMlpSweepCost(s: BatchSizeScenario, plan: SweepPlan): SweepCost | undefined {
  if (s.model.kind !== 'mlp') return undefined;
  const m = s.model;
  const width = m.hidden / 800;
  let examples = 0;
  let cpuSeconds = 0;
  plan.cells.forEach((_, i) => {
    const p = plan.points[plan.cellPoint[i]];
    const b = p.batchSizes[plan.cellBatch[i]];
    examples += b * p.steps;
    const evals = 1 + (m.curveEvery ? Math.floor(p.steps / m.curveEvery) + 1 : 0);
    const testImages = m.testPerClass !== undefined ? m.testPerClass * m.digits.length : m.digits.reduce((t, dg) => t + mnistFullCount('test', dg), 0);
    const evalImages = p.n + testImages;
    cpuSeconds += width * (p.steps * (STEP_FIXED + PER_EXAMPLE * b) + evals * evalImages * PER_EVAL_EXAMPLE);
  });
  return { cells: plan.cells.length, examples, cpuSeconds };
}

/** One line for stderr: cells, examples, CPU time and wall time on the given workers. */
export function describeCost(c: SweepCost, workers: number): string {
  const h = (sec: number) => (sec >= 3600 ? `${(sec / 3600).toFixed(1)} h` : `${(sec / 60).toFixed(1)} min`);
  return `estimate: ${c.cells} cells, ${c.examples.toExponential(2)} examples, about ${h(c.cpuSeconds)} of one idle core, ${h(c.cpuSeconds / Math.max(1, workers))} wall on ${workers} worker(s)`;
}
