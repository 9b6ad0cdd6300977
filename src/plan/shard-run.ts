import { existsSync } from 'node:fs';
import type { LoadedScenario } from '../run/load-scenario.js';
import type { CellCheckpoint } from '../core/experiment.js';
import { runScenario, type RunOptions } from '../run/runner.js';
import { InputError } from '../errors.js';
import { planScenario } from './plan.js';
import { cellsOfShard, type ShardSpec } from './shard-assignment.js';
import { encodeCell, readShardFile, shardHeader, shardPath, writeShardFile, ShardFileError, type ShardHeader } from './shard-file.js';
import { canonicalJson, inputDigests } from '../io/checkpoint.js';

/**
 * `run --shard K/N`: the experiment runs as usual, through its cell checkpoint
 * (ExperimentContext.checkpoint, consumed by runCells as `completed` / `onCellDone`), with a
 * checkpoint that
 *   - reports every cell of the other shards as already done (a placeholder that is never analysed),
 *     so runCells runs only this shard's cells;
 *   - writes each finished cell to the shard file (atomically, after every cell);
 *   - once all of this shard's cells are in the file, stops the experiment with ShardComplete
 *     before its analysis could see a placeholder.
 * A shard with no cells (N above the cell count) writes a file with none. An existing shard file
 * of the same scenario, seed, version and K/N is continued (a re-run after preemption skips the
 * finished cells); one of anything else is refused unless `force`.
 */
const OTHER_SHARD = Object.freeze({ '(cell of another shard)': true });

class ShardComplete extends Error {
  constructor() {
    super('the shard is complete');
  }
}

class ShardCheckpoint implements CellCheckpoint {
  private readonly encoded = new Map<number, string>();
  private readonly mine: Set<number>;

  constructor(
    private readonly path: string,
    private readonly header: ShardHeader,
    restored: ReadonlyMap<number, unknown>,
  ) {
    this.mine = new Set(header.assigned);
    for (const [i, r] of restored) this.encoded.set(i, encodeCell(r));
  }

  get done(): number {
    return this.encoded.size;
  }

  flush(): void {
    writeShardFile(this.path, this.header, this.encoded);
  }

  /** every cell of the other shards counts as finished here: this shard never runs it */
  finished(): ReadonlySet<number> {
    const out = new Set<number>(this.encoded.keys());
    for (let i = 0; i < this.header.cellCount; i++) if (!this.mine.has(i)) out.add(i);
    return out;
  }

  load(): Map<number, unknown> {
    if (this.encoded.size === this.mine.size) throw new ShardComplete();
    const out = new Map<number, unknown>();
    for (let i = 0; i < this.header.cellCount; i++) if (!this.mine.has(i)) out.set(i, OTHER_SHARD);
    for (const [i, text] of this.encoded) out.set(i, JSON.parse(text)); // never analysed: only its presence matters
    return out;
  }

  save(index: number, result: unknown): void {
    if (!this.mine.has(index)) throw new Error(`internal: cell ${index} ran in shard ${this.header.shard}/${this.header.shards} but belongs to another shard`);
    this.encoded.set(index, encodeCell(result));
    this.flush();
    if (this.encoded.size === this.mine.size) throw new ShardComplete();
  }
}

export interface ShardRunOptions extends Omit<RunOptions, 'checkpoint'> {
  /** the scenario file as the user gave it (recorded for the commands merge prints) */
  source: string;
  /** directory of the shard files */
  dir: string;
  force?: boolean;
}

export interface ShardRunPlan {
  path: string;
  assigned: number[];
  cellCount: number;
  /** cells found in an earlier shard file of the same run */
  restored: number;
  start(): Promise<{ path: string; cells: number }>;
}

/** Validate a shard run (kind, existing file) before any work; InputError (exit 2) on a problem. */
export function prepareShardRun(loaded: LoadedScenario, spec: ShardSpec, options: ShardRunOptions): ShardRunPlan {
  const plan = planScenario(loaded);
  if (!plan.shardable) {
    throw new InputError([{ path: '--shard', message: `${loaded.kind} scenarios cannot be sharded: ${plan.reason}; run it without --shard`, value: `${spec.index}/${spec.count}` }], 'command line');
  }
  const assigned = cellsOfShard(plan.cells.map((c) => c.cost), spec);
  const header = shardHeader(loaded, options.source, spec.index, spec.count, plan.cells.length, assigned, inputDigests(loaded.scenario, loaded.baseDir));
  const path = shardPath(options.dir, spec.index, spec.count);
  let restored = new Map<number, unknown>();
  if (existsSync(path) && !options.force) {
    let previous;
    try {
      previous = readShardFile(path);
    } catch (err) {
      if (!(err instanceof ShardFileError)) throw err;
      throw new InputError([{ path: '--out', message: `${path} ${err.message}; use --force to overwrite it`, value: options.dir }], 'command line');
    }
    // a format-1 file recorded no data hashes: it continues only where the scenario reads no data file
    const sameData = canonicalJson(previous.inputs ?? {}) === canonicalJson(header.inputs);
    if (!sameData) {
      throw new InputError([{ path: '--out', message: `${path} was computed from other data files (${Object.keys(header.inputs ?? {}).join(', ') || 'none'}) than the scenario reads now: use --force to overwrite it, or another --out`, value: options.dir }], 'command line');
    }
    if (previous.scenarioHash === header.scenarioHash && previous.tool.version === header.tool.version && JSON.stringify(previous.assigned) !== JSON.stringify(assigned)) {
      throw new InputError([{ path: '--out', message: `${path} was assigned other cells than this sgd-sde assigns shard ${spec.index}/${spec.count} (its cost model changed since the shard started): finish the sweep with the installation that started it, or start it over with --force on every shard`, value: options.dir }], 'command line');
    }
    if (previous.scenarioHash !== header.scenarioHash || previous.tool.version !== header.tool.version) {
      throw new InputError([{ path: '--out', message: `${path} belongs to another scenario, seed or sgd-sde version (${previous.name}, seed ${previous.seed}, version ${previous.tool.version}): use --force to overwrite it, or another --out`, value: options.dir }], 'command line');
    }
    restored = previous.cells;
  }
  const checkpoint = new ShardCheckpoint(path, header, restored);
  return {
    path,
    assigned,
    cellCount: plan.cells.length,
    restored: restored.size,
    async start() {
      checkpoint.flush(); // the file exists from the start: an empty shard is a complete one
      try {
        await runScenario(loaded, { ...options, checkpoint });
      } catch (err) {
        if (err instanceof ShardComplete) return { path, cells: checkpoint.done };
        throw err;
      }
      throw new Error(`internal: the ${loaded.kind} experiment finished without asking its cell checkpoint, so --shard cannot split it`);
    },
  };
}
