import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { experimentEntries, experimentKinds } from '../../src/run/registry.js';

/**
 * One convention for every experiment kind's folder, src/experiments/<kind>/ (each file has one role):
 *
 *   entry.ts          the registry entry (ExperimentEntry): experiment, result schemas, tasks, sharding, figures
 *   experiment.ts     the Experiment: kind, summary, schema, checks, predictionIds, run
 *   schema.ts         the scenario's zod schema, its type and the cross-field checks
 *   prediction-ids.ts every prediction id, declared once with its pattern (core/prediction-id.ts)
 *   analysis.ts       from the measurements to the predictions
 *   result-schema.ts  the zod schemas of the results' `measured` and `theory` blocks
 *   figures.ts        the figure builder (its parts in figures/ when there are several)
 *   cost.ts           the cost model of `run --plan` / `--shard`: per-cell estimates or a whole-run one
 *   cells.ts          the worker tasks the entry names (or cells/, one file per task) — kinds with tasks
 *   sweep.ts          the run's cells in the order runCells, checkpoints and shards index them — sweeps
 *
 * Other files have names that say what they hold (landscape.ts, toy-theory.ts, …). No index.ts:
 * every import names the file it needs.
 */
const REQUIRED = ['entry.ts', 'experiment.ts', 'schema.ts', 'prediction-ids.ts', 'analysis.ts', 'result-schema.ts', 'figures.ts', 'cost.ts'];

interface KindFolder {
  kind: string;
  files: readonly string[];
  hasTasks: boolean;
  shardable: boolean;
}

/** What a kind folder lacks or holds against the convention, one line per problem. */
function conventionProblems(folder: KindFolder): string[] {
  const has = (f: string) => folder.files.includes(f);
  const problems = REQUIRED.filter((f) => !has(f)).map((f) => `${folder.kind}: no ${f}`);
  if (folder.hasTasks && !has('cells.ts') && !folder.files.some((f) => f.startsWith('cells/'))) problems.push(`${folder.kind}: worker tasks but no cells.ts or cells/`);
  if (folder.shardable && !has('sweep.ts')) problems.push(`${folder.kind}: a sweep but no sweep.ts`);
  for (const f of folder.files) if (f === 'index.ts' || f.endsWith('/index.ts')) problems.push(`${folder.kind}: ${f} (name the file by its role)`);
  return problems;
}

const experimentsDir = fileURLToPath(new URL('../../src/experiments', import.meta.url));

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`]));
}

describe('every experiment kind folder follows one convention', () => {
  it('has the files of the fixed roles, and no index.ts', () => {
    const problems = experimentKinds.flatMap((kind) => {
      const entry = experimentEntries[kind];
      return conventionProblems({ kind, files: filesUnder(join(experimentsDir, kind)), hasTasks: Object.keys(entry.tasks).length > 0, shardable: entry.sharding.shardable });
    });
    expect(problems).toEqual([]);
  });

  it('has a folder per registered kind, and only common/ besides', () => {
    const folders = readdirSync(experimentsDir).filter((n) => statSync(join(experimentsDir, n)).isDirectory()).sort();
    expect(folders).toEqual([...experimentKinds, 'common'].sort());
    expect(existsSync(join(experimentsDir, 'index.ts'))).toBe(false);
  });

  it('declares the ids of its predictions (validate checks expect keys against them)', () => {
    for (const kind of experimentKinds) expect(experimentEntries[kind].experiment.predictionIds, kind).toBeTypeOf('function');
  });

  it('twin: the check names a missing role, a missing sweep.ts and an index.ts', () => {
    const ok: KindFolder = { kind: 'k', files: [...REQUIRED, 'cells.ts', 'sweep.ts', 'figures/part.ts'], hasTasks: true, shardable: true };
    expect(conventionProblems(ok)).toEqual([]);
    expect(conventionProblems({ ...ok, files: ok.files.filter((f) => f !== 'analysis.ts') })).toEqual(['k: no analysis.ts']);
    expect(conventionProblems({ ...ok, files: ok.files.filter((f) => f !== 'sweep.ts') })).toEqual(['k: a sweep but no sweep.ts']);
    expect(conventionProblems({ ...ok, files: [...ok.files.filter((f) => f !== 'cells.ts'), 'cells/a.ts'] })).toEqual([]);
    expect(conventionProblems({ ...ok, files: ok.files.filter((f) => f !== 'cells.ts') })).toEqual(['k: worker tasks but no cells.ts or cells/']);
    expect(conventionProblems({ ...ok, files: [...ok.files, 'figures/index.ts'] })).toEqual(['k: figures/index.ts (name the file by its role)']);
  });
});
