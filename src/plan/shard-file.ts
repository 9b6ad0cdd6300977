import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { pathInside } from '../io/safe-path.js';
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
 *   { "format": "sgd-sde-shard", "formatVersion": 1, "tool": {name, version},
 *     "experiment", "name", "seed", "quick", "scenarioHash", "source", "baseDir",
 *     "shard": K, "shards": N, "cellCount", "assigned": [cell indices of shard K],
 *     "scenario": {…normalised…}, "cells": [[index, result], …] }
 *
 * scenarioHash = sha256 of the canonical JSON of {experiment, scenario, quick} (the seed is part of
 * the scenario); the code version is compared separately so that merge can say which differs.
 * Cell results are encoded as in checkpoint.json (NaN, ±Infinity, −0 and typed arrays survive).
 */
export const SHARD_FORMAT = 'sgd-sde-shard';
export const SHARD_FORMAT_VERSION = 1;

export interface ShardHeader {
  format: typeof SHARD_FORMAT;
  formatVersion: number;
  tool: { name: string; version: string };
  experiment: string;
  name: string;
  seed: number;
  quick: boolean;
  scenarioHash: string;
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

export function shardHeader(loaded: LoadedScenario, source: string, shard: number, shards: number, cellCount: number, assigned: number[]): ShardHeader {
  return {
    format: SHARD_FORMAT,
    formatVersion: SHARD_FORMAT_VERSION,
    tool: { name: 'sgd-sde', version: toolVersion },
    experiment: loaded.kind,
    name: loaded.name,
    seed: loaded.scenario.seed,
    quick: loaded.quick,
    scenarioHash: scenarioHash(loaded),
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

/** Read and check one shard file's own consistency; throws ShardFileError naming the problem. */
export function readShardFile(path: string): ShardContents {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ShardFileError(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let raw: Record<string, unknown>;
  try {
    raw = decode(text) as Record<string, unknown>;
  } catch (err) {
    throw new ShardFileError(`is not valid JSON, probably truncated or corrupted (${(err as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || raw.format !== SHARD_FORMAT) {
    throw new ShardFileError(`is not an sgd-sde shard file (no "format": "${SHARD_FORMAT}"); shard files are written by \`sgd-sde run --shard K/N\``);
  }
  if (raw.formatVersion !== SHARD_FORMAT_VERSION) throw new ShardFileError(`has shard format version ${JSON.stringify(raw.formatVersion)}; this sgd-sde reads version ${SHARD_FORMAT_VERSION}`);
  const h = raw as unknown as ShardHeader & { cells: unknown };
  const bad = (field: string) => new ShardFileError(`is damaged: field "${field}" is missing or malformed`);
  const isIndexList = (v: unknown) => Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0);
  if (typeof h.tool?.version !== 'string') throw bad('tool.version');
  if (typeof h.experiment !== 'string') throw bad('experiment');
  if (!Number.isInteger(h.seed)) throw bad('seed');
  if (typeof h.scenarioHash !== 'string') throw bad('scenarioHash');
  if (!Number.isInteger(h.shards) || h.shards < 1) throw bad('shards');
  if (!Number.isInteger(h.shard) || h.shard < 0 || h.shard >= h.shards) throw bad('shard');
  if (!Number.isInteger(h.cellCount) || h.cellCount < 0) throw bad('cellCount');
  if (!isIndexList(h.assigned) || h.assigned.some((i) => i >= h.cellCount)) throw bad('assigned');
  if (h.scenario === null || typeof h.scenario !== 'object') throw bad('scenario');
  if (typeof h.baseDir !== 'string') throw bad('baseDir');
  if (!Array.isArray(h.cells)) throw bad('cells');
  const assigned = new Set(h.assigned);
  const cells = new Map<number, unknown>();
  for (const entry of h.cells as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2 || !Number.isInteger(entry[0])) throw bad('cells');
    const index = entry[0] as number;
    if (!assigned.has(index)) throw new ShardFileError(`is damaged: it holds cell ${index}, which is not assigned to shard ${h.shard}/${h.shards}`);
    if (cells.has(index)) throw new ShardFileError(`is damaged: cell ${index} appears twice`);
    cells.set(index, entry[1]);
  }
  const { cells: _omit, ...header } = h;
  return { ...(header as ShardHeader), cells };
}
