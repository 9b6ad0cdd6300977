import { dirname, join } from 'node:path';
import type { LoadedScenario } from '../run/load-scenario.js';
import { parseScenario } from '../run/load-scenario.js';
import type { CellCheckpoint } from '../core/experiment.js';
import { runScenario, type RunOptions } from '../run/runner.js';
import type { Result } from '../core/result.js';
import { InputError, type InputProblem } from '../errors.js';
import { readShardFile, scenarioHash, ShardFileError, type ShardContents } from './shard-file.js';

/**
 * `merge`: check a set of shard files and run the experiment's analysis on their cells.
 *
 * A set is accepted only when every file is a readable shard file and all of them share the
 * scenario hash, seed, code version and shard count N; each shard 0..N−1 appears exactly once;
 * and every cell 0..cellCount−1 is present exactly once. Otherwise InputError (exit 2) lists every
 * problem, each naming the file(s), and for missing work the command that recomputes it and the
 * `sbatch --array=` of the missing shard indices. Nothing is written on a refusal.
 *
 * The analysis then runs through the ordinary runner with a checkpoint that holds every cell, so
 * runCells computes nothing and the experiment writes exactly what an unsharded run writes.
 */
export interface MergedShards {
  loaded: LoadedScenario;
  cells: Map<number, unknown>;
  shards: number;
}

export function checkShardSet(paths: readonly string[]): MergedShards {
  const problems: InputProblem[] = [];
  const files: { path: string; shard: ShardContents }[] = [];
  if (paths.length === 0) problems.push({ path: 'shards', message: 'give at least one shard file' });
  for (const path of paths) {
    try {
      files.push({ path, shard: readShardFile(path) });
    } catch (err) {
      if (!(err instanceof ShardFileError)) throw err;
      problems.push({ path, message: err.message });
    }
  }
  if (problems.length > 0) throw new InputError(problems, 'shards');
  const ref = files[0];
  for (const { path, shard } of files.slice(1)) {
    const against = `than ${ref.path}`;
    if (shard.tool.version !== ref.shard.tool.version) problems.push({ path, message: `was written by sgd-sde ${shard.tool.version}, another code version ${against} (${ref.shard.tool.version}): re-run it with one version` });
    else if (shard.seed !== ref.shard.seed) problems.push({ path, message: `has seed ${shard.seed}, a different seed ${against} (seed ${ref.shard.seed})` });
    else if (shard.experiment !== ref.shard.experiment || shard.scenarioHash !== ref.shard.scenarioHash) problems.push({ path, message: `belongs to another scenario (${shard.experiment} "${shard.name}"${shard.quick ? ', --quick' : ''}) ${against} (${ref.shard.experiment} "${ref.shard.name}"${ref.shard.quick ? ', --quick' : ''})` });
    else if (shard.shards !== ref.shard.shards) problems.push({ path, message: `is shard ${shard.shard}/${shard.shards}, cut into another number of shards ${against} (N = ${ref.shard.shards})` });
  }
  if (problems.length > 0) throw new InputError(problems, 'shards');
  const n = ref.shard.shards;
  const byShard = new Map<number, string>();
  for (const { path, shard } of files) {
    const first = byShard.get(shard.shard);
    if (first !== undefined) problems.push({ path, message: `duplicates shard ${shard.shard}/${n}, already given as ${first}` });
    else byShard.set(shard.shard, path);
  }
  const cells = new Map<number, unknown>();
  const missingCells: number[] = [];
  const rerun = new Set<number>();
  for (const { path, shard } of files) {
    if (byShard.get(shard.shard) !== path) continue;
    const absent = shard.assigned.filter((i) => !shard.cells.has(i));
    if (absent.length > 0) {
      problems.push({ path, message: `is incomplete: ${absent.length} of its ${shard.assigned.length} cell(s) are missing (${list(absent)}); the task was stopped before it finished` });
      missingCells.push(...absent);
      rerun.add(shard.shard);
    }
    for (const [i, r] of shard.cells) {
      if (cells.has(i)) problems.push({ path, message: `holds cell ${i}, which another shard file also holds` });
      else cells.set(i, r);
    }
  }
  for (let k = 0; k < n; k++) if (!byShard.has(k)) rerun.add(k);
  const missingShards = [...rerun].sort((a, b) => a - b).filter((k) => !byShard.has(k));
  if (missingShards.length > 0) problems.push({ path: 'shards', message: `shard(s) ${list(missingShards)} of ${n} are missing (no file given for them)` });
  if (rerun.size === 0) {
    for (let i = 0; i < ref.shard.cellCount; i++) if (!cells.has(i)) missingCells.push(i);
    if (missingCells.length > 0) problems.push({ path: 'shards', message: `cell(s) ${list(missingCells)} are in no shard file` });
  }
  if (rerun.size > 0) {
    const s = ref.shard;
    const tasks = [...rerun].sort((a, b) => a - b);
    const flags = `${s.quick ? ' --quick' : ''} --seed ${s.seed}`;
    const dir = dirname(ref.path);
    const commands = tasks.slice(0, 5).map((k) => `sgd-sde run ${s.source}${flags} --shard ${k}/${n} --out ${dir}`).join('; ');
    problems.push({
      path: 'shards',
      message: `recompute the missing shard(s) with: ${commands}${tasks.length > 5 ? `; … (${tasks.length} in all)` : ''} — or on Slurm: sbatch --array=${tasks.join(',')} ${join(dir, '..', `${s.name}.array.sbatch`)} (the array script \`sgd-sde slurm\` wrote)`,
    });
  }
  if (problems.length > 0) throw new InputError(problems, 'shards');
  const loaded = parseScenario(ref.shard.scenario, { baseDir: ref.shard.baseDir, source: ref.path, quick: false });
  // the normalised scenario (quick overrides already applied) must load back to itself
  const back = { ...loaded, quick: ref.shard.quick };
  if (scenarioHash(back) !== ref.shard.scenarioHash) {
    throw new InputError([{ path: ref.path, message: 'its scenario does not reload to the same normalised scenario in this sgd-sde version (scenario hash differs)' }], 'shards');
  }
  return { loaded: back, cells, shards: n };
}

/** The finished cells of every shard, as a checkpoint from which nothing is left to run. */
class CompleteCells implements CellCheckpoint {
  constructor(private readonly cells: ReadonlyMap<number, unknown>) {}
  load(): Map<number, unknown> {
    return new Map(this.cells);
  }
  save(index: number): void {
    throw new Error(`internal: merge ran cell ${index}, which no shard held`);
  }
}

/** Run the experiment's analysis on the merged cells: the Result an unsharded run produces. */
export async function mergeShards(merged: MergedShards, options: Omit<RunOptions, 'checkpoint'> = {}): Promise<Result> {
  return runScenario(merged.loaded, { ...options, workers: 1, checkpoint: new CompleteCells(merged.cells) });
}

function list(values: number[]): string {
  return values.length <= 20 ? values.join(', ') : `${values.slice(0, 20).join(', ')}, … (${values.length} in all)`;
}
