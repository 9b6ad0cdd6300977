import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LoadedScenario } from '../run/load-scenario.js';
import { parseScenario } from '../run/load-scenario.js';
import { CompleteCells } from '../run/complete-cells.js';
import { runScenario, type RunOptions } from '../run/runner.js';
import type { Result } from '../core/result.js';
import { InputError, type InputProblem } from '../errors.js';
import { experimentEntries } from '../run/registry.js';
import { canonicalJson, inputDigests } from '../io/checkpoint.js';
import { sweepCells } from '../run/sweep-cells.js';
import { readShardFile, scenarioHash, ShardFileError, type ShardContents } from './shard-file.js';
import { shellQuote } from './shell-quote.js';
import { cellResultProblem } from '../core/cell-result.js';

/**
 * `merge`: check a set of shard files and run the experiment's analysis on their cells.
 *
 * Shard files are untrusted input (shard-file.ts reads them bounded and checks each header). A set
 * is accepted only when every file is a readable shard file and all of them share the scenario
 * hash, seed, code version, shard count N and data files' hashes; each shard 0..N−1 appears exactly
 * once; the scenario reloads to itself; and, against the plan of that scenario (not the shard
 * files' word for it): every file's cellCount is the plan's cell count, the shards' `assigned` sets
 * are disjoint and cover every cell exactly once (they need not equal today's cost-model
 * assignment: a cost model may be recalibrated between run and merge), every cell is present once
 * and passes its task's cell schema (experiments/<kind>/cell-schema.ts: types, bounds and the
 * parameters it echoes from its payload), and the data files the scenario reads hash as the shards
 * recorded (a format-1 shard, which recorded none, is accepted only for a scenario that reads no
 * data file). Otherwise InputError (exit 2) lists every problem, each naming the file(s) and the
 * field, and for missing work the command that recomputes it and the `sbatch --array=` of the
 * missing shard indices. Nothing is written on a refusal.
 *
 * The analysis then runs through the ordinary runner with a checkpoint that holds every cell, so
 * runCells computes nothing and the experiment writes exactly what an unsharded run writes.
 */
export interface MergedShards {
  loaded: LoadedScenario;
  cells: Map<number, unknown>;
  shards: number;
}

const SHARD_NAME = /^shard-(\d+)-of-(\d+)\.json$/;

/**
 * The shard files named by the arguments: a file as it is; a directory stands for every
 * shard-K-of-N.json in it (so that a container can run merge without a shell to expand a glob),
 * refused when it holds shard files of several N unless `of` picks one.
 */
export function expandShardArguments(paths: readonly string[], of?: number): { files: string[]; problems: InputProblem[] } {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      isDir = false; // missing: reported by the reader
    }
    if (!isDir) {
      files.push(path);
      continue;
    }
    const found = readdirSync(path).map((f) => ({ f, m: SHARD_NAME.exec(f) })).filter((e) => e.m !== null && (of === undefined || Number(e.m[2]) === of));
    const counts = [...new Set(found.map((e) => Number(e.m![2])))].sort((a, b) => a - b);
    if (counts.length === 0) problems.push({ path, message: `is a directory without shard files (shard-K-of-${of ?? 'N'}.json)` });
    else if (counts.length > 1) problems.push({ path, message: `holds shard files of ${counts.length} shard counts (N = ${counts.join(', ')}): name the files of one N, or give --of N` });
    else files.push(...found.sort((a, b) => Number(a.m![1]) - Number(b.m![1])).map((e) => join(path, e.f)));
  }
  return { files, problems };
}

export function checkShardSet(paths: readonly string[], options: { of?: number } = {}): MergedShards {
  const expanded = expandShardArguments(paths, options.of);
  const problems: InputProblem[] = [...expanded.problems];
  const files: { path: string; shard: ShardContents }[] = [];
  if (paths.length === 0) problems.push({ path: 'shards', message: 'give at least one shard file' });
  for (const path of expanded.files) {
    try {
      files.push({ path, shard: readShardFile(path) });
    } catch (err) {
      if (!(err instanceof ShardFileError)) throw err;
      problems.push({ path, message: err.message });
    }
  }
  if (problems.length > 0 || files.length === 0) throw new InputError(problems.length ? problems : [{ path: 'shards', message: 'give at least one shard file' }], 'shards');
  const ref = files[0];
  const inputsOf = (s: ShardContents) => canonicalJson(s.inputs ?? {});
  for (const { path, shard } of files.slice(1)) {
    const against = `than ${ref.path}`;
    if (shard.tool.version !== ref.shard.tool.version) problems.push({ path, message: `was written by sgd-sde ${shard.tool.version}, another code version ${against} (${ref.shard.tool.version}): re-run it with one version` });
    else if (shard.seed !== ref.shard.seed) problems.push({ path, message: `has seed ${shard.seed}, a different seed ${against} (seed ${ref.shard.seed})` });
    else if (shard.experiment !== ref.shard.experiment || shard.scenarioHash !== ref.shard.scenarioHash) problems.push({ path, message: `belongs to another scenario (${shard.experiment} "${shard.name}"${shard.quick ? ', --quick' : ''}) ${against} (${ref.shard.experiment} "${ref.shard.name}"${ref.shard.quick ? ', --quick' : ''})` });
    else if (shard.shards !== ref.shard.shards) problems.push({ path, message: `is shard ${shard.shard}/${shard.shards}, cut into another number of shards ${against} (N = ${ref.shard.shards})` });
    else if ((shard.inputs !== undefined && ref.shard.inputs !== undefined) && inputsOf(shard) !== inputsOf(ref.shard)) problems.push({ path, message: `inputs: was computed from different data files ${against} (their SHA-256 differ: ${differingInputs(shard.inputs, ref.shard.inputs).join(', ')}); re-run every shard on the same data` });
  }
  if (problems.length > 0) throw new InputError(problems, 'shards');

  // the scenario, and its plan: the reference for cellCount, assigned and every cell
  const loaded = reloadScenario(ref.path, ref.shard);
  const sweep = sweepCells(loaded);
  if (!sweep) throw new InputError([{ path: ref.path, message: `experiment: ${loaded.kind} scenarios are not sweeps, so no shard file of one can be merged` }], 'shards');
  const cellCount = sweep.cells.length;
  for (const { path, shard } of files) {
    if (shard.cellCount !== cellCount) problems.push({ path, message: `cellCount: says ${shard.cellCount} cells, but the scenario it holds plans ${cellCount}` });
  }
  if (problems.length > 0) throw new InputError(problems, 'shards');

  const n = ref.shard.shards;
  const byShard = new Map<number, string>();
  for (const { path, shard } of files) {
    const first = byShard.get(shard.shard);
    if (first !== undefined) problems.push({ path, message: `duplicates shard ${shard.shard}/${n}, already given as ${first}` });
    else byShard.set(shard.shard, path);
  }
  // the assigned sets partition the cells: disjoint here, covering once every shard is present
  const owner = new Map<number, string>();
  for (const { path, shard } of files) {
    if (byShard.get(shard.shard) !== path) continue;
    for (const i of shard.assigned) {
      const other = owner.get(i);
      if (other !== undefined) problems.push({ path, message: `assigned: lists cell ${i}, which ${other} lists too (the shards' assignments overlap)` });
      else owner.set(i, path);
    }
  }
  const cells = new Map<number, unknown>();
  const missingCells: number[] = [];
  const rerun = new Set<number>();
  const cellSchemas = experimentEntries[loaded.kind].cellResults;
  for (const { path, shard } of files) {
    if (byShard.get(shard.shard) !== path) continue;
    const absent = shard.assigned.filter((i) => !shard.cells.has(i));
    if (absent.length > 0) {
      problems.push({ path, message: `is incomplete: ${absent.length} of its ${shard.assigned.length} cell(s) are missing (${list(absent)}); the task was stopped before it finished` });
      missingCells.push(...absent);
      rerun.add(shard.shard);
    }
    let bad = 0;
    for (const [i, r] of shard.cells) {
      const problem = cellResultProblem(cellSchemas, sweep.cells[i], r);
      if (problem !== undefined) {
        if (bad++ < 5) problems.push({ path, message: `cells: cell ${i} (${sweep.cells[i].task}) ${problem}` });
        continue;
      }
      cells.set(i, r);
    }
    if (bad > 5) problems.push({ path, message: `cells: … and ${bad - 5} more cell(s) that fail their schema` });
  }
  for (let k = 0; k < n; k++) if (!byShard.has(k)) rerun.add(k);
  const missingShards = [...rerun].sort((a, b) => a - b).filter((k) => !byShard.has(k));
  if (missingShards.length > 0) problems.push({ path: 'shards', message: `shard(s) ${list(missingShards)} of ${n} are missing (no file given for them)` });
  if (rerun.size === 0) {
    const unassigned: number[] = [];
    for (let i = 0; i < cellCount; i++) if (!owner.has(i)) unassigned.push(i);
    if (unassigned.length > 0) problems.push({ path: 'shards', message: `assigned: cell(s) ${list(unassigned)} are assigned to no shard (the shards' assignments do not cover the plan)` });
    for (let i = 0; i < cellCount; i++) if (!cells.has(i) && owner.has(i)) missingCells.push(i);
    if (missingCells.length > 0 && problems.length === 0) problems.push({ path: 'shards', message: `cell(s) ${list(missingCells)} are in no shard file` });
  }
  if (rerun.size > 0) {
    const s = ref.shard;
    const tasks = [...rerun].sort((a, b) => a - b);
    const flags = `${s.quick ? ' --quick' : ''} --seed ${s.seed}`;
    const dir = dirname(ref.path);
    const commands = tasks.slice(0, 5).map((k) => `sgd-sde run ${shellQuote(s.source)}${flags} --shard ${k}/${n} --out ${shellQuote(dir)}`).join('; ');
    problems.push({
      path: 'shards',
      message: `recompute the missing shard(s) with: ${commands}${tasks.length > 5 ? `; … (${tasks.length} in all)` : ''} — or on Slurm: sbatch --array=${tasks.join(',')} ${shellQuote(join(dir, '..', `${s.name}.array.sbatch`))} (the array script \`sgd-sde slurm\` wrote)`,
    });
  }
  problems.push(...dataProblems(files, loaded));
  if (problems.length > 0) throw new InputError(problems, 'shards');
  return { loaded, cells, shards: n };
}

/** The normalised scenario of the shards, reloaded and checked to hash as they recorded. */
function reloadScenario(path: string, shard: ShardContents): LoadedScenario {
  let loaded: LoadedScenario;
  try {
    // the shards ran (with --allow-long where needed); merging simulates nothing, so only memory limits apply
    loaded = parseScenario(shard.scenario, { baseDir: shard.baseDir, source: path, quick: false, allowLong: true });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new InputError(err.problems.map((p) => ({ ...p, path: `${path}: scenario.${p.path}` })), 'shards');
  }
  // the normalised scenario (quick overrides already applied) must load back to itself
  const back = { ...loaded, quick: shard.quick };
  if (scenarioHash(back) !== shard.scenarioHash) {
    throw new InputError([{ path, message: 'scenarioHash: its scenario does not reload to the same normalised scenario in this sgd-sde version (scenario hash differs)' }], 'shards');
  }
  return back;
}

/** Why a cell read from a shard file is not a result of its planned cell, or undefined. */
/**
 * The data files must be the ones every shard was computed from: their SHA-256 now (read bounded)
 * against the shards' `inputs`. A format-1 shard recorded none: accepted only when there are none.
 */
function dataProblems(files: { path: string; shard: ShardContents }[], loaded: LoadedScenario): InputProblem[] {
  let now: Record<string, string>;
  try {
    now = inputDigests(loaded.scenario, loaded.baseDir);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return err.problems.map((p) => ({ ...p, path: `${files[0].path}: inputs (${p.path})` }));
  }
  const problems: InputProblem[] = [];
  const reads = Object.keys(now);
  for (const { path, shard } of files) {
    if (shard.inputs === undefined) {
      if (reads.length > 0) problems.push({ path, message: `inputs: was written by an sgd-sde that did not record the data files' hashes (shard format 1), and the scenario reads ${reads.join(', ')}: the shards cannot be shown to share their data; re-run them` });
      continue;
    }
    const differ = differingInputs(shard.inputs, now);
    if (differ.length > 0) problems.push({ path, message: `inputs: the data file(s) ${differ.join(', ')} changed since this shard ran (SHA-256 differ): re-run the shards on the current data, or restore the data they ran on` });
  }
  return problems;
}

function differingInputs(a: Record<string, string>, b: Record<string, string>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => a[k] !== b[k]).map((k) => `${k}${k in a && k in b ? '' : ' (recorded on one side only)'}`);
}

/** Run the experiment's analysis on the merged cells: the Result an unsharded run produces. */
export async function mergeShards(merged: MergedShards, options: Omit<RunOptions, 'checkpoint'> = {}): Promise<Result> {
  return runScenario(merged.loaded, { ...options, workers: 1, checkpoint: new CompleteCells(merged.cells, 'the shard files') });
}

function list(values: number[]): string {
  return values.length <= 20 ? values.join(', ') : `${values.slice(0, 20).join(', ')}, … (${values.length} in all)`;
}
