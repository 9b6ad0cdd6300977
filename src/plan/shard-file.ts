import { createHash } from 'node:crypto';
import { z } from 'zod';
import { writeFileAtomic } from '../io/atomic.js';
import { BoundedReadError, dataFileCapBytes, pathInside, readBoundedText } from '../io/safe-path.js';
import { canonicalJson, encode, decode } from '../io/checkpoint.js';
import { toolVersion } from '../version.js';
import type { LoadedScenario } from '../run/load-scenario.js';

/**
 * A shard file: the finished cells of shard K of N of one sweep, and everything `merge` needs to
 * check a set of them and to run the experiment's analysis (the normalised scenario, its base
 * directory, quick, seed). Written atomically after every finished cell (a preempted task keeps
 * its work, and the same command continues from it), so on disk it is always a complete JSON
 * document; `cells` may be a prefix of `assigned` while the shard runs.
 *
 *   { "format": "sgd-sde-shard", "formatVersion": 2, "tool": {name, version},
 *     "experiment", "name", "seed", "quick", "scenarioHash", "inputs": {json path: sha256},
 *     "source", "baseDir", "shard": K, "shards": N, "cellCount", "assigned": [cell indices of shard K],
 *     "scenario": {…normalised…}, "cells": [[index, result], …] }
 *
 * scenarioHash = sha256 of the canonical JSON of {experiment, scenario, quick} (the seed is part of
 * the scenario); `inputs` = the SHA-256 of every data file the scenario reads (io/checkpoint.ts,
 * inputDigests), so that merge refuses shards computed from different data. Format 1 (before
 * `inputs`) is still read: merge accepts it only for a scenario that reads no data file. The code
 * version is compared separately so that merge can say which differs. Cell results are encoded as
 * in checkpoint.json (NaN, ±Infinity, −0 and typed arrays survive).
 *
 * A shard file is untrusted input: it is read through the bounded reader (a regular file of at most
 * the data-file cap, never a FIFO or a device) and its header checked field by field here; its
 * cells, cellCount, assigned and shards are checked against the plan at merge (merge-shards.ts).
 */
export const SHARD_FORMAT = 'sgd-sde-shard';
export const SHARD_FORMAT_VERSION = 2;
/** the versions this code reads */
const READABLE_VERSIONS = [1, 2];
/** the largest shard count (as parseShardSpec allows) */
export const MAX_SHARDS = 100000;

export interface ShardHeader {
  format: typeof SHARD_FORMAT;
  formatVersion: number;
  tool: { name: string; version: string };
  experiment: string;
  name: string;
  seed: number;
  quick: boolean;
  scenarioHash: string;
  /** SHA-256 of every data file the scenario reads, by JSON path (absent in format 1) */
  inputs?: Record<string, string>;
  /** the scenario file the shard was run from, as given (for the commands merge prints) */
  source: string;
  baseDir: string;
  shard: number;
  shards: number;
  cellCount: number;
  assigned: number[];
  scenario: Record<string, unknown>;
}

export interface ShardContents extends ShardHeader {
  /** finished cells, decoded, by index */
  cells: Map<number, unknown>;
}

export function shardFileName(shard: number, shards: number): string {
  return `shard-${shard}-of-${shards}.json`;
}

export function shardPath(dir: string, shard: number, shards: number): string {
  // inside --out, and not through a symbolic link leading out of it (io/safe-path.ts)
  return pathInside(dir, [shardFileName(shard, shards)]);
}

export function scenarioHash(loaded: Pick<LoadedScenario, 'kind' | 'scenario' | 'quick'>): string {
  return createHash('sha256').update(canonicalJson({ experiment: loaded.kind, scenario: loaded.scenario, quick: loaded.quick })).digest('hex');
}

export function shardHeader(loaded: LoadedScenario, source: string, shard: number, shards: number, cellCount: number, assigned: number[], inputs: Record<string, string>): ShardHeader {
  return {
    format: SHARD_FORMAT,
    formatVersion: SHARD_FORMAT_VERSION,
    tool: { name: 'sgd-sde', version: toolVersion },
    experiment: loaded.kind,
    name: loaded.name,
    seed: loaded.scenario.seed,
    quick: loaded.quick,
    scenarioHash: scenarioHash(loaded),
    inputs,
    source,
    baseDir: loaded.baseDir,
    shard,
    shards,
    cellCount,
    assigned,
    scenario: loaded.scenario,
  };
}

/** Write header + cells (already encoded, by index) atomically. */
export function writeShardFile(path: string, header: ShardHeader, encodedCells: ReadonlyMap<number, string>): void {
  const entries = [...encodedCells.entries()].sort((a, b) => a[0] - b[0]).map(([i, text]) => `[${i},${text}]`);
  const head = JSON.stringify(header);
  writeFileAtomic(path, `${head.slice(0, -1)},"cells":[\n${entries.join(',\n')}\n]}\n`);
}

export { encode as encodeCell };

/** Why a file is not a usable shard file (the message merge prints after the file name). */
export class ShardFileError extends Error {}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const index = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The header as it must read back; each field's problem is reported by name. */
const headerSchema = z.object({
  tool: z.object({ name: z.string(), version: z.string().max(200) }),
  experiment: z.string().max(200),
  name: z.string().max(200),
  seed: z.int().min(0).max(0xffffffff),
  quick: z.boolean(),
  scenarioHash: hex64,
  inputs: z.record(z.string().max(1000), hex64).optional(),
  source: z.string().max(10000),
  baseDir: z.string().max(10000),
  shards: z.int().min(1).max(MAX_SHARDS),
  shard: index,
  cellCount: index,
  assigned: z.array(index),
  scenario: z.record(z.string(), z.unknown()),
  cells: z.array(z.unknown()),
});

/** Read and check one shard file's own consistency; throws ShardFileError naming the problem. */
export function readShardFile(path: string): ShardContents {
  let text: string;
  try {
    text = readBoundedText(path, dataFileCapBytes(), '; shard files are read up to the data-file limit, raised with the environment variable SGD_SDE_MAX_DATA_MB');
  } catch (err) {
    if (!(err instanceof BoundedReadError)) throw err;
    throw new ShardFileError(err.message);
  }
  let raw: Record<string, unknown>;
  try {
    raw = decode(text) as Record<string, unknown>;
  } catch {
    throw new ShardFileError('is not valid JSON, probably truncated or corrupted');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || raw.format !== SHARD_FORMAT) {
    throw new ShardFileError(`is not an sgd-sde shard file (no "format": "${SHARD_FORMAT}"); shard files are written by \`sgd-sde run --shard K/N\``);
  }
  if (!READABLE_VERSIONS.includes(raw.formatVersion as number)) throw new ShardFileError(`has shard format version ${JSON.stringify(raw.formatVersion)}; this sgd-sde reads versions ${READABLE_VERSIONS.join(' and ')}`);
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) {
    const field = parsed.error.issues[0].path.join('.');
    throw new ShardFileError(`is damaged: field "${field}" is missing or malformed (${parsed.error.issues[0].message})`);
  }
  const h = raw as unknown as ShardHeader & { cells: unknown[] };
  if (raw.formatVersion === 2 && h.inputs === undefined) throw new ShardFileError('is damaged: field "inputs" is missing or malformed (format 2 records the data files\' hashes)');
  if (h.shard >= h.shards) throw new ShardFileError(`is damaged: field "shard" is ${h.shard}, not below "shards" = ${h.shards}`);
  const assigned = new Set<number>();
  for (const i of h.assigned) {
    if (i >= h.cellCount) throw new ShardFileError(`is damaged: field "assigned" lists cell ${i}, not below "cellCount" = ${h.cellCount}`);
    if (assigned.has(i)) throw new ShardFileError(`is damaged: field "assigned" lists cell ${i} twice`);
    assigned.add(i);
  }
  const cells = new Map<number, unknown>();
  for (const entry of h.cells) {
    if (!Array.isArray(entry) || entry.length !== 2 || !Number.isSafeInteger(entry[0]) || (entry[0] as number) < 0) throw new ShardFileError('is damaged: field "cells" holds an entry that is not [index, result]');
    const i = entry[0] as number;
    if (!assigned.has(i)) throw new ShardFileError(`is damaged: it holds cell ${i}, which is not assigned to shard ${h.shard}/${h.shards}`);
    if (cells.has(i)) throw new ShardFileError(`is damaged: cell ${i} appears twice`);
    cells.set(i, entry[1]);
  }
  const { cells: _omit, ...header } = h;
  return { ...(header as ShardHeader), cells };
}
