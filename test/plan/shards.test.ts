import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario, type LoadedScenario } from '../../src/run/load-scenario.js';
import { runScenario } from '../../src/run/runner.js';
import { writeRunOutputs } from '../../src/cli/outputs.js';
import { planScenario } from '../../src/plan/plan.js';
import { assignShards, cellsOfShard, parseShardSpec } from '../../src/plan/shard-assignment.js';
import { prepareShardRun } from '../../src/plan/shard-run.js';
import { checkShardSet, mergeShards } from '../../src/plan/merge-shards.js';
import { InputError } from '../../src/errors.js';

/**
 * Sharding a sweep: for one small scenario of every sweep kind, running shards K = 0..N−1 and
 * merging them writes exactly the bytes of results.json that one unsharded run writes, for
 * N = 1, 3 and N above the number of cells (empty shards). Evidence is cut by label set (its λ
 * points are a warm-started chain); stationary is not a sweep and refuses --shard. The assignment is a deterministic partition balanced by the cost model.
 */
const root = join(import.meta.dirname, '..', '..');

const sweeps: Record<string, Record<string, unknown>> = {
  'batch-size': {
    experiment: 'batch-size', name: 'shard-batch-size', seed: 3,
    model: { kind: 'potential', n: 64, noise: { variance: 1 } },
    optimizer: { lr: 0.05 }, batchSizes: [2, 4, 8, 16, 32],
    run: { seeds: 2, sdeTime: 100, burnInTime: 10 }, fit: { bootstrap: 50 }, theory: { gridPoints: 51 },
  },
  collapse: {
    experiment: 'collapse', name: 'shard-collapse', seed: 5,
    model: { kind: 'quadratic', dim: 2, n: 60, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 2 } },
    grid: { lr: [0.01, 0.02], batchSize: [2, 6], n: [60, 240] },
    run: { replicas: 8, time: 10 },
  },
  evidence: {
    experiment: 'evidence', name: 'shard-evidence', seed: 4, seeds: 2,
    data: { synthetic: { features: 20, trainPerClass: 30, testPerClass: 100 } },
    lambda: { min: 0.01, max: 100, count: 6 },
  },
  escape: {
    experiment: 'escape', name: 'shard-escape', seed: 3,
    noise: { variance: 400 }, sampler: 'without-replacement',
    kramers: { lr: [0.01], n: [400], barrierOverT: [3, 3.5] },
    validity: { lr: [0.3], n: 400, barrierOverT: [3] },
    run: { replicas: 20, horizon: 8 },
  },
  'gradient-noise': {
    experiment: 'gradient-noise', name: 'shard-gradient-noise', seed: 2,
    model: { kind: 'linear-regression', n: 200, dim: 4, labelNoise: 0.5 },
    optimizer: { lr: 0.05, batchSize: 8 },
    trajectory: { steps: 100, checkpoints: 3, pairs: 500, small: 2, big: 8 },
    frontier: { batchSizes: [2, 8, 32, 128], lr: 'optimal', targetExcess: 0.05, replicas: 4, maxSteps: 20000 },
  },
  transient: {
    experiment: 'transient', name: 'shard-transient', seed: 3,
    model: { dim: 2, spectrum: [0.5, 0.25], start: 4 }, horizon: 1,
    lrs: [0.1, 0.05, 0.025, 0.0125], paths: 2000,
    integrators: { steps: [16, 32, 64, 128], paths: 1000, bootstrap: 50 },
  },
};

function resultsBytes(dir: string): Buffer {
  return readFileSync(join(dir, 'results.json'));
}

async function runSharded(loaded: LoadedScenario, shards: number, dir: string): Promise<string[]> {
  const shardDir = join(dir, 'shards');
  for (let k = 0; k < shards; k++) await prepareShardRun(loaded, { index: k, count: shards }, { source: 'scenario.json', dir: shardDir, workers: 1 }).start();
  return readdirSync(shardDir).filter((f) => f.endsWith('.json')).map((f) => join(shardDir, f));
}

describe('run --shard K/N then merge: the bytes of one run', () => {
  for (const [kind, raw] of Object.entries(sweeps)) {
    it(`${kind}: N = 1, 3 and N > cells give results.json identical to an unsharded run`, async () => {
      const loaded = parseScenario(raw);
      const cells = planScenario(loaded).cells.length;
      expect(cells).toBeGreaterThanOrEqual(4); // evidence: one cell per (seed, label set), 2 × 2
      const base = mkdtempSync(join(tmpdir(), `sgd-sde-shards-${kind}-`));
      await writeRunOutputs(await runScenario(loaded, { workers: 1 }), join(base, 'single'), { plots: false });
      const single = resultsBytes(join(base, 'single'));
      for (const n of [1, 3, cells + 2]) {
        const dir = join(base, `n${n}`);
        const files = await runSharded(loaded, n, dir);
        expect(files).toHaveLength(n);
        const merged = checkShardSet(files);
        expect(merged.cells.size).toBe(cells);
        await writeRunOutputs(await mergeShards(merged), dir, { plots: false });
        expect(resultsBytes(dir).equals(single), `${kind}, N = ${n}`).toBe(true);
      }
    });
  }

  it('twin: a merge that loses one cell is refused, naming the cell and the command that recomputes it', async () => {
    const loaded = parseScenario(sweeps.collapse);
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-shards-twin-'));
    const files = await runSharded(loaded, 2, dir);
    const text = readFileSync(files[1], 'utf8');
    const doc = JSON.parse(text) as { cells: unknown[] };
    const dropped = (doc.cells[0] as [number, unknown])[0];
    doc.cells = doc.cells.slice(1);
    writeFileSync(files[1], JSON.stringify(doc));
    let error: unknown;
    try {
      checkShardSet(files);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    const message = (error as InputError).problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    expect(message).toContain(`${files[1]}: is incomplete: 1 of`);
    expect(message).toContain(`(${dropped})`);
    expect(message).toMatch(/sgd-sde run scenario\.json --seed 5 --shard 1\/2 --out /);
    expect(message).toContain('sbatch --array=1 ');
  });
});

describe('shard assignment', () => {
  it('is a partition, deterministic, and balanced within 4/3 of the best (LPT)', () => {
    const costs = Array.from({ length: 40 }, (_, i) => 1 + ((i * 7919) % 13) * (i % 3 === 0 ? 10 : 1));
    for (const n of [1, 2, 3, 7, 40, 50]) {
      const a = assignShards(costs, n);
      expect(assignShards(costs, n)).toEqual(a);
      const seen = Array.from({ length: n }, (_, k) => cellsOfShard(costs, { index: k, count: n })).flat().sort((x, y) => x - y);
      expect(seen).toEqual(costs.map((_, i) => i));
      const load = new Array<number>(n).fill(0);
      a.forEach((k, i) => (load[k] += costs[i]));
      const lower = Math.max(Math.max(...costs), costs.reduce((s, c) => s + c, 0) / n); // no schedule beats this
      expect(Math.max(...load)).toBeLessThanOrEqual((4 / 3) * lower + 1e-9);
    }
  });

  it('twin: a round-robin assignment breaks the LPT bound on skewed costs', () => {
    const costs = [100, 1, 1, 1, 100, 1, 1, 1];
    const roundRobin = new Array<number>(4).fill(0);
    costs.forEach((c, i) => (roundRobin[i % 4] += c));
    expect(Math.max(...roundRobin)).toBeGreaterThan((4 / 3) * 100);
    const lpt = new Array<number>(4).fill(0);
    assignShards(costs, 4).forEach((k, i) => (lpt[k] += costs[i]));
    expect(Math.max(...lpt)).toBe(100);
  });

  it('parses K/N and names what is wrong', () => {
    expect(parseShardSpec('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShardSpec('4/4')).toEqual({ error: 'the shard index K must be in [0, 3]' });
    expect(parseShardSpec('a/4')).toHaveProperty('error');
    expect(parseShardSpec('1/0')).toHaveProperty('error');
  });

  it('stationary refuses --shard with the reason; evidence shards by (seed, label set), not by λ', () => {
    const stationary = parseScenario(JSON.parse(readFileSync(join(root, 'scenarios', 'quickstart.json'), 'utf8')));
    expect(() => prepareShardRun(stationary, { index: 0, count: 2 }, { source: 'q.json', dir: tmpdir() })).toThrow(/stationary scenarios cannot be sharded: a stationary run is one ensemble/);
    const evidence = parseScenario(JSON.parse(readFileSync(join(root, 'scenarios', 'evidence-synthetic.json'), 'utf8')), { baseDir: join(root, 'scenarios') });
    expect(planScenario(evidence).cells.map((c) => c.label)).toEqual(['seed#0 true labels, 25 λ values', 'seed#0 random labels, 25 λ values', 'seed#1 true labels, 25 λ values', 'seed#1 random labels, 25 λ values', 'seed#2 true labels, 25 λ values', 'seed#2 random labels, 25 λ values']);
    // two seeds: replicate-major, the index order the experiment's runCells and the checkpoint use
    const twoSeeds = parseScenario({ ...JSON.parse(readFileSync(join(root, 'scenarios', 'evidence-synthetic.json'), 'utf8')), seeds: 2 }, { baseDir: join(root, 'scenarios') });
    expect(planScenario(twoSeeds).cells.map((c) => c.label)).toEqual(['seed#0 true labels, 25 λ values', 'seed#0 random labels, 25 λ values', 'seed#1 true labels, 25 λ values', 'seed#1 random labels, 25 λ values']);
  });
});

describe('merge refuses a bad shard set with exit 2, naming the file, and writes nothing', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), ...args], { cwd: root, encoding: 'utf8' });

  it('mixed seeds, a missing shard, a duplicated shard, another version, a truncated file, a non-shard JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-shards-bad-'));
    const scenario = join(dir, 'sweep.json');
    writeFileSync(scenario, JSON.stringify(sweeps.collapse));
    const shardRun = (k: number, n: number, out: string, seed?: number) => {
      const r = cli(['run', scenario, '--shard', `${k}/${n}`, '--out', out, '--workers', '1', ...(seed === undefined ? [] : ['--seed', String(seed)])]);
      expect(r.status, r.stderr).toBe(0);
      return join(out, `shard-${k}-of-${n}.json`);
    };
    const a = [0, 1, 2].map((k) => shardRun(k, 3, join(dir, 'a')));
    const seed9 = shardRun(1, 3, join(dir, 'b'), 9);
    const write = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const doc = JSON.parse(readFileSync(a[2], 'utf8')) as { tool: { version: string } };
    const otherVersion = write('other-version.json', JSON.stringify({ ...doc, tool: { ...doc.tool, version: '0.0.1-other' } }));
    const text = readFileSync(a[2], 'utf8');
    const truncated = write('truncated.json', text.slice(0, Math.floor(text.length / 2)));
    const notShard = write('not-a-shard.json', JSON.stringify({ schemaVersion: 1, predictions: [] }));
    const cases: [string, string[], RegExp][] = [
      ['mixed seeds', [a[0], seed9, a[2]], new RegExp(`${escape(seed9)}: has seed 9, a different seed than`)],
      ['missing shard', [a[0], a[2]], /shard\(s\) 1 of 3 are missing[\s\S]*--shard 1\/3 --out [\s\S]*sbatch --array=1 /],
      ['duplicated shard', [a[0], a[1], a[1], a[2]], new RegExp(`${escape(a[1])}: duplicates shard 1/3, already given as`)],
      ['another version', [a[0], a[1], otherVersion], new RegExp(`${escape(otherVersion)}: was written by sgd-sde 0\\.0\\.1-other, another code version`)],
      ['truncated', [a[0], a[1], truncated], new RegExp(`${escape(truncated)}: is not valid JSON, probably truncated or corrupted`)],
      ['not a shard', [a[0], a[1], notShard], new RegExp(`${escape(notShard)}: is not an sgd-sde shard file`)],
    ];
    for (const [what, files, pattern] of cases) {
      const out = join(dir, `out-${what.replace(/ /g, '-')}`);
      const r = cli(['merge', ...files, '--out', out, '--no-plots']);
      expect(r.status, `${what}: ${r.stderr}`).toBe(2);
      expect(r.stderr, what).toMatch(pattern);
      expect(existsSync(out), `${what}: nothing written`).toBe(false);
    }
    // twin: the good set merges
    const good = cli(['merge', ...a, '--out', join(dir, 'good'), '--no-plots']);
    expect(good.stderr).not.toMatch(/error/i);
    expect([0, 1]).toContain(good.status);
    expect(existsSync(join(dir, 'good', 'results.json'))).toBe(true);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
