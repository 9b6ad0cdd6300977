import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBoundedFile } from './safe-path.js';
import { InputError } from '../errors.js';
import type { CellCheckpoint } from '../core/experiment.js';
import { appendLine, writeFileAtomic } from './atomic.js';
import { toolVersion } from '../version.js';

/**
 * The finished cells of a sweep, saved in the output directory as each cell finishes so that an
 * interrupted run (Ctrl-C, a crash, a diverged cell) loses no finished work and `run --resume`
 * continues from them. The file is JSON Lines, appended to: a header line, then one line
 * `[index, cell]` per finished cell, so a save costs one line (not a rewrite of every cell, which
 * made a sweep's saves quadratic in its cell count). A crash mid-append leaves at most a torn last
 * line, which restore drops (that cell is recomputed). The header holds a hash of the normalised
 * scenario (seed and quick overrides included), the experiment kind, the tool version, a digest of
 * the code, and the SHA-256 of every data file the scenario reads, so a resume with anything else
 * (an edited CSV included) is refused. Cells are validated on restore: an entry that is not a
 * non-empty object (hand-damaged: `{}`, `null`) is dropped with a message and recomputed. Cell
 * results round-trip exactly, NaN and −0 included, so a resumed run writes the same results.json
 * as an uninterrupted one.
 */
export const CHECKPOINT_FILE = 'checkpoint.jsonl';
const FORMAT = 2;

export interface CheckpointIdentity {
  experiment: string;
  name: string;
  scenario: Record<string, unknown>;
  quick: boolean;
  /** SHA-256 of every data file the scenario reads, by the path as written in the scenario */
  inputs?: Record<string, string>;
}

/** The hash a checkpoint (and a finished results.json) is matched by. */
export function checkpointKey(id: CheckpointIdentity, version = toolVersion): string {
  const fields: Record<string, unknown> = { experiment: id.experiment, scenario: id.scenario, quick: id.quick, version };
  if (id.inputs !== undefined) fields.inputs = id.inputs;
  if (id.inputs !== undefined) fields.code = codeDigest();
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/** A cell as the runner produces it: a non-empty object (experiments return records of numbers and arrays). */
export function isCellResult(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0;
}

export class CheckpointFile implements CellCheckpoint {
  readonly path: string;
  private readonly key: string;
  private readonly id: CheckpointIdentity;
  /** encoded results by cell index */
  private readonly cells = new Map<number, string>();
  private loaded = false;
  private headerWritten = false;
  /** messages about dropped (damaged) cells, for the caller to print */
  readonly notes: string[] = [];

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
   * scenario, seed, data or version, or its header is damaged. Damaged cell lines are dropped
   * (recomputed) with a note in `notes`.
   */
  restore(): number {
    const damaged = (why: string) => new InputError([{ path: '--resume', message: `${this.path} is damaged (${why}); use --force to discard it and start over` }], 'command line');
    let text: string;
    try {
      text = readBoundedFile(this.path, '--resume', 'checkpoint');
    } catch (err) {
      throw damaged((err as Error).message.split('\n').pop() ?? 'unreadable');
    }
    const lines = text.split('\n');
    const complete = text.endsWith('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let raw: { format?: unknown; key?: unknown; experiment?: unknown; seed?: unknown };
    try {
      raw = JSON.parse(lines[0] ?? '');
    } catch {
      throw damaged('its first line is not the checkpoint header');
    }
    if (raw === null || typeof raw !== 'object' || raw.format !== FORMAT || raw.key !== this.key) {
      const what = raw && typeof raw === 'object' ? `experiment ${JSON.stringify(raw.experiment)}, seed ${JSON.stringify(raw.seed)}` : 'no header';
      throw new InputError([{
        path: '--resume',
        message: `${this.path} was saved by a different scenario, seed, data file or sgd-sde version (${what}); resuming would mix results. Use --force to discard it, or --out for another directory`,
      }], 'command line');
    }
    for (let k = 1; k < lines.length; k++) {
      const lineNo = k + 1;
      let entry: unknown;
      try {
        entry = JSON.parse(lines[k], revive);
      } catch {
        if (k === lines.length - 1 && !complete) {
          this.notes.push(`${this.path} line ${lineNo}: a cell cut off by an interrupted save; it is recomputed`);
          continue;
        }
        throw damaged(`line ${lineNo} is not JSON`);
      }
      if (!Array.isArray(entry) || entry.length !== 2 || !Number.isInteger(entry[0]) || (entry[0] as number) < 0) throw damaged(`line ${lineNo} is not an [index, cell] entry`);
      if (!isCellResult(entry[1])) {
        this.cells.delete(entry[0] as number);
        this.notes.push(`${this.path} line ${lineNo}: cell ${entry[0]} is ${JSON.stringify(entry[1])}, not a cell result; it is recomputed`);
        continue;
      }
      this.cells.set(entry[0] as number, encode(entry[1]));
    }
    this.headerWritten = true;
    return this.cells.size;
  }

  get size(): number {
    return this.cells.size;
  }

  finished(): ReadonlySet<number> {
    return new Set(this.cells.keys());
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
    const text = encode(result);
    this.cells.set(index, text);
    if (!this.headerWritten || !existsSync(this.path)) {
      // a fresh file: header and every cell known so far, written atomically; later saves append
      const head = JSON.stringify({ format: FORMAT, key: this.key, tool: { name: 'sgd-sde', version: toolVersion }, experiment: this.id.experiment, name: this.id.name, seed: this.id.scenario.seed });
      const body = [...this.cells.entries()].sort((a, b) => a[0] - b[0]).map(([i, t]) => `[${i},${t}]\n`).join('');
      writeFileAtomic(this.path, `${head}\n${body}`);
      this.headerWritten = true;
      return;
    }
    appendLine(this.path, `[${index},${text}]`);
  }

  /** Delete the file (the run finished and its results are written). */
  remove(): void {
    rmSync(this.path, { force: true });
    this.headerWritten = false;
  }
}

let codeHash: string | undefined;

/**
 * A digest of the running code (every .js/.ts/.wasm file of the compiled package, or of src/ when
 * run from source): a checkpoint from other code is not resumed even at the same version number.
 */
export function codeDigest(): string {
  if (codeHash !== undefined) return codeHash;
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(js|ts|wasm|wat|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(root);
  const hash = createHash('sha256');
  for (const f of files.sort()) hash.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  codeHash = hash.digest('hex');
  return codeHash;
}

/** Every data file a scenario names (fields `csv` and `testCsv`, at any depth): JSON path and the path as written. */
export function dataFileFields(scenario: unknown): { at: string; file: string }[] {
  const out: { at: string; file: string }[] = [];
  const visit = (value: unknown, path: string) => {
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const at = path ? `${path}.${key}` : key;
      if ((key === 'csv' || key === 'testCsv') && typeof v === 'string') out.push({ at, file: v });
      else visit(v, at);
    }
  };
  visit(scenario, '');
  return out;
}

/**
 * The SHA-256 of every data file a scenario names (dataFileFields), keyed by JSON path; read with
 * the same bounds as the data loader.
 */
export function inputDigests(scenario: unknown, baseDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { at, file } of dataFileFields(scenario)) {
    out[at] = createHash('sha256').update(readBoundedFile(resolve(baseDir, file), at, 'CSV file')).digest('hex');
  }
  return out;
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
