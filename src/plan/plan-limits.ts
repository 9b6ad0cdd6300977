import type { InputProblem } from '../errors.js';
import type { LoadedScenario } from '../run/load-scenario.js';
import { coreHourBudget, coreHoursText, memoryLimitBytes, TIME_BUDGET_CORE_HOURS } from '../run/budget.js';
import { planScenario, type ScenarioPlan } from './plan.js';
import { PROCESS_BASELINE_BYTES } from '../experiments/common/cost-coefficients.js';

/**
 * Refuse up front, from the cost model, what cannot fit or finish. `validate`
 * and `run` call this after a scenario has loaded (run/budget.ts has already refused, by
 * counting fields alone, what is too large even to plan: 10⁶ λ values, 10⁵ cells, 2^53 steps).
 *
 *  - memory: the plan's peak resident bytes of one process (plan.memoryBytes: one cell at a time),
 *    plus the peak cell once more per further worker thread of a sweep (w workers hold up to w
 *    cells), over the memory limit (half this machine's memory, at most 8 GiB, or
 *    SGD_SDE_MAX_MEMORY_GB) is refused always: --allow-long does not lift it.
 *  - time: the plan's core-seconds over the time budget (TIME_BUDGET_CORE_HOURS = 100 core-hours,
 *    or SGD_SDE_MAX_CORE_HOURS) is refused unless --allow-long. 100 core-hours admits every shipped
 *    scenario (the largest, paper Fig 6 full, is ≈ 51 core-hours by the model).
 * Each message states the estimate and what it read from the model (test/plan/plan-vs-measured.test.ts
 * holds every shipped scenario's quick plan within ×3 of its measured CPU time). A kind without a
 * cost model (plan.estimated false; every shipped kind has one) is not refused here.
 */
export { TIME_BUDGET_CORE_HOURS };

export interface PlanLimitOptions {
  allowLong?: boolean;
  /** bytes; default memoryLimitBytes() */
  memoryLimit?: number;
  /** worker threads that will hold cells at once (default 1) */
  workers?: number;
  /** core-hours; default SGD_SDE_MAX_CORE_HOURS or TIME_BUDGET_CORE_HOURS */
  coreHourBudget?: number;
}

const bytesText = (b: number) => (b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${(b / 1e6).toFixed(0)} MB`);

/** The field that sizes a kind's memory, for the JSON path of its refusal (an evidence data set, replicas, hidden units). */
function memoryPath(loaded: LoadedScenario): string {
  const s = loaded.scenario as unknown as { data?: { synthetic?: unknown; mnist?: unknown }; model?: { kind?: string } };
  switch (loaded.kind) {
    case 'evidence':
      return s.data?.synthetic ? 'data.synthetic.trainPerClass' : s.data?.mnist ? 'data.mnist.trainPerClass' : 'data.csv';
    case 'stationary':
    case 'collapse':
      return 'run.replicas';
    case 'transient':
      return 'paths';
    case 'batch-size':
      return s.model?.kind === 'mlp' ? 'model.hidden' : 'model.n';
    default:
      return 'run';
  }
}

export function planLimitProblems(loaded: LoadedScenario, options: PlanLimitOptions = {}, plan: ScenarioPlan = planScenario(loaded)): InputProblem[] {
  if (!plan.estimated) return [];
  const problems: InputProblem[] = [];
  const memoryLimit = options.memoryLimit ?? memoryLimitBytes();
  const budget = options.coreHourBudget ?? coreHourBudget();
  const cells = plan.cells.length === 1 ? 'the run' : `${plan.cells.length} cells`;
  const concurrent = plan.shardable ? Math.max(1, Math.min(options.workers ?? 1, plan.cells.length)) : 1;
  const memory = plan.memoryBytes + (concurrent - 1) * Math.max(0, plan.memoryBytes - PROCESS_BASELINE_BYTES);
  if (!(memory <= memoryLimit)) {
    problems.push({
      path: memoryPath(loaded),
      message: `the cost model estimates ${bytesText(memory)} of memory${concurrent > 1 ? ` with ${concurrent} workers (${bytesText(plan.memoryBytes)} with one)` : ''}, over the memory limit of ${bytesText(memoryLimit)} (SGD_SDE_MAX_MEMORY_GB; --allow-long does not lift it)${concurrent > 1 ? '; fewer --workers' : ''}; see \`sgd-sde run --plan\``,
    });
  }
  if (!options.allowLong && !(plan.coreSeconds <= budget * 3600)) {
    problems.push({
      path: 'run',
      message: `the cost model estimates ${coreHoursText(plan.coreSeconds)} for ${cells}${plan.basis ? ` (${plan.basis})` : ''}, over the time budget of ${budget} core-hour${budget === 1 ? '' : 's'} (SGD_SDE_MAX_CORE_HOURS); pass --allow-long to run it anyway, or see \`sgd-sde run --plan\``,
    });
  }
  return problems;
}
