import type { LoadedScenario } from '../../run/load-scenario.js';
import { planScenario } from '../../plan/plan.js';
import { COST_MODEL_BAND } from '../../plan/cost-model-band.js';
import { assignShards, type ShardSpec } from '../../plan/shard-assignment.js';
import { prepareShardRun } from '../../plan/shard-run.js';
import { stderrProgress } from '../../io/progress.js';
import { createInterrupter, InterruptedError } from '../../io/interrupt.js';
import { fmt, count, wrap } from '../../io/format.js';

/**
 * The two extra modes of `run`: `--plan` (print the cost model's estimate, run nothing) and
 * `--shard K/N` (run one shard of a sweep into a shard file). The work is in plan/.
 */
export function printPlan(loaded: LoadedScenario, shards?: number): string {
  const plan = planScenario(loaded);
  const lines: string[] = [];
  const hours = plan.coreSeconds / 3600;
  lines.push(`${loaded.name} (${loaded.kind}${loaded.quick ? ', --quick' : ''}, seed ${loaded.scenario.seed})`);
  lines.push(`  cells:            ${plan.cells.length}${plan.shardable ? '' : ` (not shardable: ${plan.reason})`}`);
  if (!plan.estimated) lines.push('  estimate:         none (no cost model for this kind)');
  else {
    lines.push(`  core-hours:       ${fmt(hours)} (${formatDuration(plan.coreSeconds)} of one core; the cost model is within ×${COST_MODEL_BAND})`);
    if (plan.basis) lines.push(...wrap(plan.basis, 100, '  from the model:   ', ' '.repeat(20)));
    lines.push(`  memory:           ${formatBytes(plan.memoryBytes)} per process (one cell at a time; each worker thread adds its cell's share)`);
  }
  if (plan.shardable && plan.cells.length > 0) {
    const costs = plan.cells.map((c) => c.cost);
    const dearest = plan.cells.reduce((a, b) => (b.cost > a.cost ? b : a));
    lines.push(`  dearest cell:     #${dearest.index} ${dearest.label}: ${formatDuration(dearest.cost)}`);
    for (const n of shards ? [shards] : [4, 16, 64].filter((n) => n < plan.cells.length)) {
      const load = new Float64Array(n);
      assignShards(costs, n).forEach((k, i) => (load[k] += costs[i]));
      lines.push(`  ${`${n} shards:`.padEnd(17)} longest shard ${formatDuration(Math.max(...load))} of one core (wall time with --shard K/${n})`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function runShardCommand(loaded: LoadedScenario, spec: ShardSpec, options: { source: string; dir: string; force: boolean; workers: number }): Promise<void> {
  const interrupter = createInterrupter(() => process.stderr.write('\ninterrupt: stopping the shard; finished cells are saved (Ctrl-C again to quit at once)\n'));
  const progress = stderrProgress();
  const prepared = prepareShardRun(loaded, spec, {
    source: options.source, dir: options.dir, force: options.force, workers: options.workers, progress,
    signal: interrupter.signal, onWarning: (m) => process.stderr.write(`warning: ${m}\n`),
  });
  progress.info(`shard ${spec.index}/${spec.count}: runs ${count(prepared.assigned.length, 'cell')} of the sweep's ${prepared.cellCount}${prepared.restored > 0 ? `, ${prepared.restored} already in ${prepared.path}` : ''}`);
  interrupter.arm();
  let done;
  try {
    done = await prepared.start();
  } catch (err) {
    if (err instanceof InterruptedError) throw new InterruptedError(err.signal, `interrupted (${err.signal}): finished cells are saved in ${prepared.path}; the same command continues from them`);
    throw err;
  } finally {
    interrupter.disarm();
  }
  process.stdout.write(`wrote ${count(done.cells, 'cell')} of shard ${spec.index}/${spec.count} to ${done.path}\n`);
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds.toPrecision(3)} s`;
  if (seconds < 7200) return `${(seconds / 60).toPrecision(3)} min`;
  return `${(seconds / 3600).toPrecision(3)} h`;
}

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toPrecision(3)} GiB` : `${(bytes / 2 ** 20).toPrecision(3)} MiB`;
}
