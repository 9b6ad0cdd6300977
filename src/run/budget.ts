import { totalmem } from 'node:os';
import type { InputProblem } from '../errors.js';
import { experimentEntries, isExperimentKind } from './registry.js';

/**
 * What a scenario will cost, refused before any work when it cannot fit or finish:
 *  - memory: the replica moments of the stationary experiment hold replicas × d² doubles per
 *    recorded dynamics (3000 replicas at d = 512 ≈ 12 GB); a network of h hidden units on MNIST
 *    holds about 4 copies of (785 + 10)·h float32 weights per concurrent run. Refused above the memory
 *    limit: half this machine's memory, at most 8 GiB (other programs share it), overridable with the
 *    environment variable SGD_SDE_MAX_MEMORY_GB; --allow-long does not lift it.
 *  - time, for a kind that runs as one whole (stationary): its cost model's estimate from the loaded
 *    model (experiments/stationary/cost.ts: N, d, the curvature at the minimum, the burn-in and SDE
 *    step they give) over the time budget (TIME_BUDGET_CORE_HOURS, or SGD_SDE_MAX_CORE_HOURS) unless
 *    --allow-long: the same estimate and the same budget as run --plan and plan/plan-limits.ts, which
 *    checks the sweeps once their cells are planned.
 *  - counts: run.steps above 10¹⁰, more than 10⁴ explicit λ values, or a batch-size sweep of more than
 *    10⁵ cells (points × batch sizes × seeds), are refused unless --allow-long.
 */

/**
 * The time budget of one run: 100 core-hours admits every shipped scenario (the largest, paper
 * Fig 6 full, is about half of it by the cost model). SGD_SDE_MAX_CORE_HOURS overrides it.
 */
export const TIME_BUDGET_CORE_HOURS = 100;

export function coreHourBudget(): number {
  const env = process.env.SGD_SDE_MAX_CORE_HOURS;
  if (env !== undefined && /^\d+(\.\d+)?$/.test(env.trim()) && Number(env) > 0) return Number(env);
  return TIME_BUDGET_CORE_HOURS;
}

/** An estimate in core-hours, for messages. */
export function coreHoursText(seconds: number): string {
  const h = seconds / 3600;
  return h >= 1e4 || h < 0.01 ? `${h.toExponential(2)} core-hours` : `${h.toPrecision(3)} core-hours`;
}

const STEP_LIMIT = 1e10;
const LAMBDA_LIMIT = 10_000;
const CELL_LIMIT = 100_000;

export interface BudgetOptions {
  allowLong?: boolean;
  /** where the scenario's data files are (the time estimate reads them) */
  baseDir?: string;
  /** refuse a whole run over the time budget (default true; run --plan prints the estimate instead) */
  estimateTime?: boolean;
  /** bytes available; default 75% of the machine's memory */
  memoryLimit?: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Half the machine's memory, at most 8 GiB, unless SGD_SDE_MAX_MEMORY_GB says otherwise. */
export function memoryLimitBytes(): number {
  const env = process.env.SGD_SDE_MAX_MEMORY_GB;
  if (env !== undefined && /^\d+(\.\d+)?$/.test(env.trim())) return Number(env) * 2 ** 30;
  return Math.min(0.5 * totalmem(), 8 * 2 ** 30);
}

function human(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(0)} MB`;
}

export function budgetProblems(kind: string, scenario: Record<string, unknown>, options: BudgetOptions = {}): InputProblem[] {
  const problems: InputProblem[] = [];
  const memoryLimit = options.memoryLimit ?? memoryLimitBytes();
  const long = (path: string, message: string, value?: unknown) => {
    if (!options.allowLong) problems.push({ path, message: `${message}; pass --allow-long to run it anyway`, ...(value === undefined ? {} : { value }) });
  };
  const model = obj(scenario.model);
  const run = obj(scenario.run);
  const optimizer = obj(scenario.optimizer);
  const steps = num(run.steps);
  if (steps !== undefined && steps > STEP_LIMIT) long('run.steps', `${steps.toExponential(2)} steps is more than the ${STEP_LIMIT.toExponential(0)} this tool runs without being asked`, steps);

  if (kind === 'stationary') {
    const replicas = num(run.replicas) ?? 1;
    const d = num(model.dim) ?? (Array.isArray(model.spectrum) ? model.spectrum.length : undefined);
    const dynamics = obj(scenario.dynamics);
    const recorded = (dynamics.sgd === false ? 0 : 1) + (dynamics.sde === false ? 0 : 1);
    if (d !== undefined) {
      const bytes = replicas * d * d * 8 * Math.max(1, recorded);
      if (bytes > memoryLimit) {
        problems.push({ path: 'run.replicas', message: `needs about ${human(bytes)} for the replica moments (replicas × d² × 8 bytes × ${recorded} dynamics at d = ${d}), over the memory limit of ${human(memoryLimit)} (SGD_SDE_MAX_MEMORY_GB); reduce run.replicas or model.dim`, value: replicas });
      }
    }
  }
  // a kind that runs as one whole: its cost model's estimate against the time budget, as run --plan states it
  const entry = isExperimentKind(kind) ? experimentEntries[kind] : undefined;
  if (!options.allowLong && options.estimateTime !== false && problems.length === 0 && entry && !entry.sharding.shardable && entry.sharding.wholeRunEstimate) {
    let estimate: { seconds: number; basis?: string } | undefined;
    try {
      estimate = entry.sharding.wholeRunEstimate(scenario as never, options.baseDir ?? process.cwd());
    } catch {
      estimate = undefined; // a model that cannot be built is the run's to report, with its own message
    }
    const budget = coreHourBudget();
    if (estimate && !(estimate.seconds <= budget * 3600)) {
      const momentum = num(optimizer.momentum) ?? 0;
      long('run', `the cost model estimates ${coreHoursText(estimate.seconds)} for the run${estimate.basis ? ` (${estimate.basis})` : ''}, over the time budget of ${budget} core-hour${budget === 1 ? '' : 's'} (SGD_SDE_MAX_CORE_HOURS)${momentum > 0.999 ? `; momentum ${momentum} makes ε_eff = ε/(1−m) large, so the SDE needs many substeps of h λ_max ≤ 0.004` : ''}`);
    }
  }
  if (kind === 'batch-size') {
    // cells = outer points × batch sizes × seeds (an upper bound: duplicates after capping at N are dropped)
    const sweep = obj(scenario.sweep);
    const points = 1 + ['lr', 'n', 'momentum'].reduce((acc, k) => acc + (Array.isArray(sweep[k]) ? (sweep[k] as unknown[]).length : 0), 0);
    const bs = scenario.batchSizes;
    const sizes = Array.isArray(bs) ? bs.length : num(obj(bs).count) ?? num(obj(obj(bs).noiseScale).count) ?? 1;
    const seeds = num(run.seeds) ?? 8;
    const cells = points * sizes * seeds;
    if (cells > CELL_LIMIT) long('batchSizes', `the sweep has up to ${cells.toExponential(2)} cells (${points} points × ${sizes} batch sizes × ${seeds} seeds), more than ${CELL_LIMIT.toExponential(0)}`, `[${sizes} batch sizes]`);
  }
  const hidden = num(model.hidden);
  if (model.kind === 'mlp' && hidden !== undefined) {
    const bytes = 4 * (785 + 10) * hidden * 4;
    if (bytes > memoryLimit / 4) problems.push({ path: 'model.hidden', message: `${hidden} hidden units need about ${human(bytes)} per concurrent network, more than this machine can give to each worker (${human(memoryLimit / 4)}); use fewer hidden units`, value: hidden });
  }
  if (Array.isArray(scenario.lambda) && scenario.lambda.length > LAMBDA_LIMIT) long('lambda', `${scenario.lambda.length} λ values (each a Newton solve and a Hessian factorisation) is more than ${LAMBDA_LIMIT}`, `[${scenario.lambda.length} values]`);
  return problems;
}
