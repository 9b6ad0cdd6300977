import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '../../src/run/load-scenario.js';
import { shardPath } from '../../src/plan/shard-file.js';
import { prepareShardRun } from '../../src/plan/shard-run.js';
import { main } from '../../src/cli/main.js';
import { writeFigures } from '../../src/plots/index.js';
import { runScenario } from '../../src/run/runner.js';

/**
 * Shard files, merge and figure files resolve their paths with
 * pathInside (io/safe-path.ts) like results.json: a symbolic link planted at a file name, or a
 * subdirectory symlinked out, is refused (exit 2) and the file it points at is untouched.
 */
const tmp = () => mkdtempSync(join(tmpdir(), 'sgd-sde-shard-paths-'));
const collapse = {
  experiment: 'collapse', name: 'sp-collapse', seed: 5,
  model: { kind: 'quadratic', dim: 2, n: 60, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 2 } },
  grid: { lr: [0.01, 0.02], batchSize: [2, 6] }, run: { replicas: 8, time: 10 },
};

async function runMain(argv: string[]): Promise<{ code: number; stderr: string }> {
  const err = process.stderr.write.bind(process.stderr);
  const out = process.stdout.write.bind(process.stdout);
  let stderr = '';
  process.stderr.write = ((c: string) => { stderr += c; return true; }) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return { code: await main(argv), stderr };
  } finally {
    process.stderr.write = err;
    process.stdout.write = out;
  }
}

describe('shard files, merge and figures write only inside --out', () => {
  it('a shard file name planted as a symlink to a file outside is refused, the file untouched', () => {
    const dir = tmp();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    mkdirSync(join(dir, 'shards'));
    symlinkSync(victim, join(dir, 'shards', 'shard-0-of-2.json'));
    expect(() => shardPath(join(dir, 'shards'), 0, 2)).toThrow(/refusing to write .*shard-0-of-2\.json: a symbolic link leads it out of the output directory/);
    expect(shardPath(join(dir, 'shards'), 1, 2)).toBe(join(dir, 'shards', 'shard-1-of-2.json'));
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('merge --out a regular file is refused before merging (exit 2)', async () => {
    const dir = tmp();
    const loaded = parseScenario(collapse);
    await prepareShardRun(loaded, { index: 0, count: 1 }, { source: 's.json', dir: join(dir, 'shards'), workers: 1 }).start();
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    const r = await runMain(['merge', join(dir, 'shards', 'shard-0-of-1.json'), '--out', file, '--no-plots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out: is a regular file, not a directory/);
    expect(readFileSync(file, 'utf8')).toBe('x');
    const ok = await runMain(['merge', join(dir, 'shards', 'shard-0-of-1.json'), '--out', join(dir, 'merged'), '--no-plots']);
    expect([0, 1]).toContain(ok.code); // twin: a directory merges
  });

  it('a figure file planted as a symlink out of the directory is refused, its target untouched', async () => {
    const dir = tmp();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const out = join(dir, 'out');
    mkdirSync(out);
    const result = await runScenario(parseScenario(collapse), { workers: 1 });
    const ids = (await writeFigures(result, out)).map((f) => f.slice(out.length + 1));
    expect(ids.length).toBeGreaterThan(0);
    const svg = ids.find((f) => f.endsWith('.svg'))!;
    const out2 = join(dir, 'out2');
    mkdirSync(out2);
    symlinkSync(victim, join(out2, svg));
    await expect(writeFigures(result, out2)).rejects.toThrow(/a symbolic link leads it out of the output directory/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readdirSync(out2).length).toBeGreaterThan(0);
  });
});
