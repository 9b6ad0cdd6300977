import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { CellCheckpoint } from '../core/experiment.js';
import { writeFileAtomic } from './atomic.js';
import { toolVersion } from '../version.js';

/**
 * The finished cells of a sweep, saved in the output directory after every cell so that an
 * interrupted run (Ctrl-C, a crash, a diverged cell) loses no finished work and `run --resume`
 * continues from them. The file is rewritten atomically (temp file + rename) on each save: it is
 * always either the previous or the new complete list. It is keyed by a hash of the normalised
 * scenario (seed and quick overrides included), the experiment kind and the tool version, so a
 * resume with anything else is refused. Cell results round-trip exactly, NaN and −0 included,
 * so a resumed run writes the same results.json as an uninterrupted one.
 */
export const CHECKPOINT_FILE = 'checkpoint.json';
const FORMAT = 1;

export interface CheckpointIdentity {
  experiment: string;
  name: string;
  scenario: Record<string, unknown>;
  quick: boolean;
}

/** The hash a checkpoint (and a finished results.json) is matched by. */
export function checkpointKey(id: CheckpointIdentity, version = toolVersion): string {
  return createHash('sha256').update(canonicalJson({ experiment: id.experiment, scenario: id.scenario, quick: id.quick, version })).digest('hex');
}

export class CheckpointFile implements CellCheckpoint {
  readonly path: string;
  private readonly key: string;
  private readonly id: CheckpointIdentity;
  /** encoded results by cell index, kept as text so a save re-serialises nothing */
  private readonly cells = new Map<number, string>();
  private loaded = false;

  /**
   * `onLoad` runs when an experiment asks for its saved cells, i.e. when a checkpointed sweep
   * starts (the CLI arms its Ctrl-C handler then).
   */
  constructor(dir: string, id: CheckpointIdentity, private readonly onLoad?: () => void) {
    this.path = join(dir, CHECKPOINT_FILE);
    this.id = id;
    this.key = checkpointKey(id);
  }

  /** Whether the directory holds a checkpoint (of any run). */
  exists(): boolean {
    return existsSync(this.path);
  }

  /**
   * Read the saved cells for a resumed run; InputError (exit 2) when the file belongs to another
   * scenario, seed or version, or is damaged.
   */
  restore(): number {
    let raw: { format?: unknown; key?: unknown; experiment?: unknown; seed?: unknown; cells?: unknown };
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8'), revive);
    } catch (err) {
      throw new InputError([{ path: '--resume', message: `${this.path} is damaged (${(err as Error).message}); use --force to discard it and start over` }], 'command line');
    }
    if (raw.format !== FORMAT || raw.key !== this.key || !Array.isArray(raw.cells)) {
      const what = `experiment ${JSON.stringify(raw.experiment)}, seed ${JSON.stringify(raw.seed)}`;
      throw new InputError([{
        path: '--resume',
        message: `${this.path} was saved by a different scenario, seed or sgd-sde version (${what}); resuming would mix results. Use --force to discard it, or --out for another directory`,
      }], 'command line');
    }
    for (const entry of raw.cells as unknown[]) {
      if (!Array.isArray(entry) || !Number.isInteger(entry[0])) throw new InputError([{ path: '--resume', message: `${this.path} is damaged (a cell entry is malformed); use --force to start over` }], 'command line');
      this.cells.set(entry[0] as number, encode(entry[1]));
    }
    return this.cells.size;
  }

  get size(): number {
    return this.cells.size;
  }

  load(): Map<number, unknown> {
    if (!this.loaded) {
      this.loaded = true;
      this.onLoad?.();
    }
    const out = new Map<number, unknown>();
    for (const [index, text] of this.cells) out.set(index, JSON.parse(text, revive));
    return out;
  }

  save(index: number, result: unknown): void {
    this.cells.set(index, encode(result));
    const entries = [...this.cells.entries()].sort((a, b) => a[0] - b[0]).map(([i, text]) => `[${i},${text}]`);
    const head = JSON.stringify({ format: FORMAT, key: this.key, tool: { name: 'sgd-sde', version: toolVersion }, experiment: this.id.experiment, name: this.id.name, seed: this.id.scenario.seed });
    writeFileAtomic(this.path, `${head.slice(0, -1)},"cells":[\n${entries.join(',\n')}\n]}\n`);
  }

  /** Delete the file (the run finished and its results are written). */
  remove(): void {
    rmSync(this.path, { force: true });
  }
}

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
  });
}

/** JSON that keeps what plain JSON loses: NaN, ±Infinity, −0 and typed arrays. */
export function encode(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    const original = (this as Record<string, unknown>)[key]; // before toJSON, so typed arrays are seen as such
    if (typeof original === 'number' && (!Number.isFinite(original) || Object.is(original, -0))) return { $number: Object.is(original, -0) ? '-0' : String(original) };
    if (ArrayBuffer.isView(original) && !(original instanceof DataView)) {
      return { $typed: original.constructor.name, values: Array.from(original as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) && !Object.is(x, -0) ? x : { $number: Object.is(x, -0) ? '-0' : String(x) })) };
    }
    return v;
  });
}

/** Parse text written with `encode` (NaN, ±Infinity, −0 and typed arrays restored). */
export function decode(text: string): unknown {
  return JSON.parse(text, revive);
}

const TYPED: Record<string, (values: number[]) => unknown> = {
  Float64Array: (v) => Float64Array.from(v),
  Float32Array: (v) => Float32Array.from(v),
  Int32Array: (v) => Int32Array.from(v),
  Uint32Array: (v) => Uint32Array.from(v),
  Uint8Array: (v) => Uint8Array.from(v),
};

function revive(_key: string, v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && typeof o.$number === 'string') return o.$number === '-0' ? -0 : Number(o.$number);
  if (keys.length === 2 && typeof o.$typed === 'string' && Array.isArray(o.values) && Object.hasOwn(TYPED, o.$typed)) return TYPED[o.$typed](o.values as number[]);
  return v;
}
