import { describe, it, expect, beforeAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario, type LoadedScenario } from '../../src/run/load-scenario.js';
import { runScenario } from '../../src/run/runner.js';
import { writeRunOutputs } from '../../src/cli/outputs.js';
import { prepareShardRun } from '../../src/plan/shard-run.js';
import { checkShardSet, mergeShards } from '../../src/plan/merge-shards.js';
import { InputError } from '../../src/errors.js';

/**
 * Shard files are untrusted input to `merge`. Each forged, damaged or mismatched set below is
 * refused with exit 2 and a message naming the file and the field (never a stack trace, a signal or
 * a hang): a FIFO, /dev/zero or an oversized file in place of a shard; a cell value of the wrong type,
 * a forged N or replica count, an extra field; a forged cellCount or shard count; overlapping or
 * incomplete assignments; shards computed from different data. Accepted, with the bytes of an
 * unsharded run: an assignment that differs from today's cost model but partitions the cells (a cost
 * model may be recalibrated between run and merge), and a format-1 shard (no data hashes, written by
 * earlier versions) of a scenario that reads no data file. merge takes the output lock like run, and
 * Ctrl-C during merge says what happened and leaves no results.json of its own.
 */
const root = join(import.meta.dirname, '..', '..');
const cli = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 600_000 });

const collapse = {
  experiment: 'collapse', name: 'trust-collapse', seed: 5,
  model: { kind: 'quadratic', dim: 2, n: 60, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 2 } },
  grid: { lr: [0.01, 0.02], batchSize: [2, 6], n: [60, 240] },
  run: { replicas: 8, time: 10 },
};

type ShardDoc = { formatVersion: number; inputs?: Record<string, string>; assigned: number[]; cells: [number, Record<string, unknown>][]; shards: number; cellCount: number } & Record<string, unknown>;

let dir: string;
let loaded: LoadedScenario;
let files: string[];
let single: Buffer;

async function runShards(scenario: LoadedScenario, out: string, count: number, source = 'trust.json', force = false): Promise<string[]> {
  const paths: string[] = [];
  for (let k = 0; k < count; k++) paths.push((await prepareShardRun(scenario, { index: k, count }, { source, dir: out, workers: 1, force }).start()).path);
  return paths;
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as ShardDoc;
function write(name: string, doc: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}

/** The problems of checkShardSet as "path: message" lines ('' when it accepts). */
function refusal(paths: string[]): string {
  try {
    checkShardSet(paths);
    return '';
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return err.problems.map((p) => `${p.path}: ${p.message}`).join('\n');
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sgd-sde-shard-trust-'));
  loaded = parseScenario(collapse);
  files = await runShards(loaded, join(dir, 'shards'), 2);
  await writeRunOutputs(await runScenario(loaded, { workers: 1 }), join(dir, 'single'), { plots: false });
  single = readFileSync(join(dir, 'single', 'results.json'));
});

async function mergedBytes(paths: string[], out: string): Promise<Buffer> {
  await writeRunOutputs(await mergeShards(checkShardSet(paths)), out, { plots: false });
  return readFileSync(join(out, 'results.json'));
}

describe('item 4: shard files are read bounded', () => {
  it('a FIFO, /dev/zero and a file over the cap are refused, named, not read', () => {
    const fifo = join(dir, 'fifo.json');
    spawnSync('mkfifo', [fifo]);
    expect(refusal([files[0], fifo])).toContain(`${fifo}: is a named pipe (FIFO), not a regular file`);
    expect(refusal([files[0], '/dev/zero'])).toContain('/dev/zero: is a character device, not a regular file');
    const saved = process.env.SGD_SDE_MAX_DATA_MB;
    process.env.SGD_SDE_MAX_DATA_MB = '0.001';
    try {
      expect(refusal(files)).toMatch(/: has \d+ bytes, over the limit of 1048 bytes \(1 KiB\)/);
    } finally {
      if (saved === undefined) delete process.env.SGD_SDE_MAX_DATA_MB; else process.env.SGD_SDE_MAX_DATA_MB = saved;
    }
  });

  it('through the CLI: merge of a FIFO or /dev/zero exits 2 naming the file', () => {
    const fifo = join(dir, 'fifo-cli.json');
    spawnSync('mkfifo', [fifo]);
    for (const bad of [fifo, '/dev/zero']) {
      const r = cli(['merge', files[0], bad, '--out', join(dir, 'never'), '--no-plots']);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`${bad}: is a`);
      expect(r.stderr).not.toMatch(/internal error/);
    }
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});

describe('item 5: shard contents are checked against the plan and the cell schemas', () => {
  const tamper = (name: string, k: number, edit: (doc: ShardDoc) => void) => {
    const doc = read(files[k]);
    edit(doc);
    const paths = [...files];
    paths[k] = write(name, doc);
    return { path: paths[k], message: refusal(paths) };
  };

  it('a cell value of the wrong type, a forged N or replica count, an extra field', () => {
    const cases: [string, (c: Record<string, unknown>) => void, RegExp][] = [
      ['type', (c) => { c.excess = 'lots'; }, /field "excess" must be a number/],
      ['null', (c) => { c.covariance = null; }, /field "covariance"/],
      ['n', (c) => { c.n = 1e308; }, /field "n" must equal the planned value (60|240)/],
      ['replicas', (c) => { c.replicas = 1e308; }, /field "replicas" must equal the planned value 8/],
      ['lr', (c) => { c.lr = 0.5; }, /field "lr" must equal the planned value 0\.0[12]/],
      ['extra', (c) => { c.injected = 1; }, /the result .*injected/i],
    ];
    for (const [name, edit, message] of cases) {
      const { path, message: text } = tamper(`cell-${name}.json`, 0, (doc) => edit(doc.cells[0][1]));
      expect(text, name).toMatch(new RegExp(`${escape(path)}: cells: cell \\d+ \\(collapse/cell\\) is not a result of its planned cell: `));
      expect(text, name).toMatch(message);
    }
  });

  it('a forged cellCount or shard count, and forged assignments', () => {
    expect(tamper('count0.json', 0, (d) => { d.cellCount = 0; }).message).toMatch(/count0\.json: is damaged: field "assigned" lists cell \d+, not below "cellCount" = 0/);
    expect(tamper('count1e9.json', 0, (d) => { d.cellCount = 1e9; }).message).toMatch(/count1e9\.json: cellCount: says 1000000000 cells, but the scenario it holds plans 8/);
    expect(tamper('shards1e9.json', 0, (d) => { d.shards = 1e9; }).message).toMatch(/shards1e9\.json: is damaged: field "shards" is missing or malformed/);
    expect(tamper('shards1e7.json', 0, (d) => { d.shards = 1e7; }).message).toMatch(/shards1e7\.json: is damaged: field "shards" is missing or malformed/);
    const forged3 = files.map((f, k) => write(`three-${k}.json`, { ...read(f), shards: 3 }));
    expect(refusal(forged3)).toMatch(/shards: shard\(s\) 2 of 3 are missing/);
    // overlapping: shard 0 also lists a cell of shard 1
    const other = read(files[1]).assigned[0];
    expect(tamper('overlap.json', 0, (d) => { d.assigned = [...d.assigned, other].sort((a, b) => a - b); }).message).toMatch(new RegExp(`assigned: lists cell ${other}, which .* lists too`));
    // a gap: a cell of shard 1 assigned to nobody
    const gap = tamper('gap.json', 1, (d) => { d.assigned = d.assigned.slice(1); d.cells = d.cells.filter(([i]) => i !== other); });
    expect(gap.message).toMatch(new RegExp(`assigned: cell\\(s\\) ${other} are assigned to no shard`));
  });

  it('twin: an assignment that differs from today\'s cost model but partitions the cells merges to the bytes of one run', async () => {
    const [a, b] = files.map(read);
    const moved = b.cells[0];
    a.assigned = [...a.assigned, moved[0]].sort((x, y) => x - y);
    a.cells = [...a.cells, moved].sort((x, y) => x[0] - y[0]);
    b.assigned = b.assigned.filter((i) => i !== moved[0]);
    b.cells = b.cells.slice(1);
    const paths = [write('moved-0.json', a), write('moved-1.json', b)];
    expect((await mergedBytes(paths, join(dir, 'moved'))).equals(single)).toBe(true);
  });

  it('through the CLI: a tampered cell and a forged cellCount exit 2 naming file and field', () => {
    const doc = read(files[0]);
    doc.cells[0][1].replicas = 1e308;
    const forged = write('cli-replicas.json', doc);
    const r = cli(['merge', forged, files[1], '--out', join(dir, 'never2'), '--no-plots']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${escape(forged)}: cells: cell \\d+ \\(collapse/cell\\) is not a result of its planned cell: field "replicas" must equal the planned value 8`));
    expect(existsSync(join(dir, 'never2'))).toBe(false);
  });
});

describe('item 3: shards of different data are refused', () => {
  it('a CSV edited between shards, and edited after all of them, are named; the same data merges', async () => {
    const data = join(dir, 'data');
    mkdirSync(data);
    const csv = join(data, 'd.csv');
    const rows = (shift: number) => `x1,x2,y\n${Array.from({ length: 60 }, (_, i) => `${Math.sin(i).toFixed(4)},${Math.cos(2 * i).toFixed(4)},${(Math.sin(3 * i) + shift).toFixed(4)}`).join('\n')}\n`;
    writeFileSync(csv, rows(0));
    const scenario = parseScenario({ experiment: 'collapse', name: 'trust-csv', seed: 2, model: { kind: 'linear-regression', csv: 'd.csv' }, grid: { lr: [0.01, 0.02], batchSize: [4, 8] }, run: { replicas: 8, time: 5 } }, { baseDir: data });
    const out = join(dir, 'csv-shards');
    const shards = await runShards(scenario, out, 2, 'csv.json');
    expect(read(shards[0]).formatVersion).toBe(2);
    expect(Object.keys(read(shards[0]).inputs!)).toEqual(['model.csv']);
    expect(refusal(shards)).toBe(''); // twin: the same data
    writeFileSync(csv, rows(0.5));
    expect(refusal(shards)).toMatch(new RegExp(`${escape(shards[0])}: inputs: the data file\\(s\\) model\\.csv changed since this shard ran`));
    // one shard re-run on the edited data: the set mixes data
    await prepareShardRun(scenario, { index: 1, count: 2 }, { source: 'csv.json', dir: out, workers: 1, force: true }).start();
    expect(refusal(shards)).toMatch(new RegExp(`${escape(shards[1])}: inputs: was computed from different data files than ${escape(shards[0])} \\(their SHA-256 differ: model\\.csv\\)`));
    // a format-1 shard of a data-reading scenario cannot be matched to its data
    const v1 = shards.map((f, k) => { const d = read(f); delete d.inputs; d.formatVersion = 1; return write(`csv-v1-${k}.json`, d); });
    expect(refusal(v1)).toMatch(/inputs: was written by an sgd-sde that did not record the data files' hashes \(shard format 1\), and the scenario reads model\.csv/);
  }, 120_000);

  it('twin: format-1 shards of a scenario that reads no data file merge to the bytes of one run', async () => {
    const v1 = files.map((f, k) => { const d = read(f); delete d.inputs; d.formatVersion = 1; return write(`v1-${k}.json`, d); });
    expect((await mergedBytes(v1, join(dir, 'v1'))).equals(single)).toBe(true);
    const mixed = [files[0], v1[1]];
    expect((await mergedBytes(mixed, join(dir, 'mixed'))).equals(single)).toBe(true);
  });
});

describe('item 8 and item 11: merge takes the output lock; Ctrl-C during merge is reported', () => {
  it('a directory locked by a live process is refused (exit 2), and nothing is written there', () => {
    const out = join(dir, 'locked');
    mkdirSync(out);
    writeFileSync(join(out, '.sgd-sde.lock'), `${process.pid}\n`); // this test process: alive
    const r = cli(['merge', ...files, '--out', out, '--no-plots', '--force']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`--out: ${escape(out)} is in use by another sgd-sde run \\(PID ${process.pid}`));
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    // twin: a stale lock (no such process) is taken over
    writeFileSync(join(out, '.sgd-sde.lock'), '999999999\n');
    const ok = cli(['merge', ...files, '--out', out, '--no-plots', '--force']);
    expect([0, 1], ok.stderr).toContain(ok.status);
    expect(readFileSync(join(out, 'results.json')).equals(single)).toBe(true);
    expect(existsSync(join(out, '.sgd-sde.lock'))).toBe(false);
  });

  it('SIGINT while merging: exit 130, a message saying to run merge again, and no results.json', async () => {
    const out = join(dir, 'interrupted');
    const child = spawn(process.execPath, [join(root, 'bin', 'sgd-sde.js'), 'merge', ...files, '--out', out], { cwd: root });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!sent && /merge: 8 cells of 2 shards checked/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(sent).toBe(true);
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted \(SIGINT\): merge stopped before it finished writing .*results\.json is written last, so this merge left none there .*run the same merge command again/);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    expect(existsSync(join(out, '.sgd-sde.lock'))).toBe(false);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
