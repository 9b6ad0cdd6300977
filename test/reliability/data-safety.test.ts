import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseScenario, loadScenarioFile } from '../../src/run/load-scenario.js';
import { readCsvDataset } from '../../src/data/csv.js';
import { writeFileAtomic } from '../../src/io/atomic.js';
import { pathInside, outputDirProblem } from '../../src/io/safe-path.js';
import { CheckpointFile, checkpointKey, inputDigests } from '../../src/io/checkpoint.js';
import { acquireOutputLock } from '../../src/io/output-lock.js';
import { parseIntegerOption } from '../../src/cli/integer-option.js';
import { InputError } from '../../src/errors.js';
import { main } from '../../src/cli/main.js';
import { root } from './mutate.js';

/**
 * Data safety: no file written outside --out, no unbounded read, the output
 * directory checked before work, one writer per directory, checkpoints bound to the data, damaged
 * checkpoint cells not trusted, --seed as given. Most cases run the CLI in-process (`main`), a
 * few through the compiled binary. Limits stated: data files ≤ 256 MiB (SGD_SDE_MAX_DATA_MB);
 * every refusal below must come back with exit 2 (a hang would hit the test timeout; no wall time is asserted).
 */
const tmp = (p = 'sgd-sde-safety-') => mkdtempSync(join(tmpdir(), p));

/** Every path under `dir` (files and links) with size and mtime, to compare before/after. */
function tree(dir: string, skip?: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (skip && p === skip) continue;
      const st = lstatSync(p);
      // a directory's own mtime changes when --out is created in it: compare files by size and mtime, directories by presence
      out.set(relative(dir, p), e.isDirectory() ? 'dir' : `${st.size}:${st.mtimeMs}:${e.isSymbolicLink() ? 'link' : ''}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

const tiny = {
  experiment: 'stationary', seed: 3,
  model: { kind: 'quadratic', dim: 2, n: 50, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 1 } },
  optimizer: { lr: 0.05, batchSize: 5, momentum: 0, sampler: 'without-replacement' },
  dynamics: { sgd: true },
  run: { replicas: 8, steps: 200, burnIn: 20, thin: 1 },
};

/** stderr captured while the in-process CLI runs */
async function runMain(argv: string[]): Promise<{ code: number; stderr: string }> {
  const write = process.stderr.write.bind(process.stderr);
  const out = process.stdout.write.bind(process.stdout);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true; }) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return { code: await main(argv), stderr };
  } finally {
    process.stderr.write = write;
    process.stdout.write = out;
  }
}

function cli(args: string[], cwd = root): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), ...args], { cwd, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('item 1: no write outside the output directory', () => {
  it('scenario names "." and ".." (and the fallback name of "...json") are refused at validation', () => {
    for (const name of ['.', '..', '...', 'a/b', '../x']) {
      expect(() => parseScenario({ ...tiny, name }), name).toThrow(/name/);
    }
    expect(parseScenario({ ...tiny, name: 'ok.1_a-b' }).name).toBe('ok.1_a-b');
    const dir = tmp();
    const file = join(dir, '...json');
    writeFileSync(file, JSON.stringify(tiny));
    expect(() => loadScenarioFile(file)).toThrow(/file name gives "\.\."/);
  });

  it('pathInside refuses "..", absolute parts and symlinked directories that lead out', () => {
    const dir = tmp();
    const out = join(dir, 'out');
    mkdirSync(out);
    expect(pathInside(out, ['a', 'results.json'])).toBe(join(out, 'a', 'results.json'));
    for (const parts of [['..', 'e'], ['../../e'], ['/etc/passwd'], ['.'], ['a/../../e']]) expect(() => pathInside(out, parts), parts.join()).toThrow(InputError);
    symlinkSync(dir, join(out, 'link'));
    expect(() => pathInside(out, ['link', 'results.json'])).toThrow(/symbolic link leads it out/);
  });

  it('an atomic write never follows a symlink planted at a temp-file name', () => {
    const dir = tmp();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const out = join(dir, 'out');
    mkdirSync(out);
    // the old names: .<file>.<pid>.<serial>.tmp; plant many
    for (let k = 0; k < 64; k++) symlinkSync(victim, join(out, `.results.json.${process.pid}.${k}.tmp`));
    for (let k = 0; k < 8; k++) writeFileAtomic(join(out, 'results.json'), `run ${k}`);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('run 7');
  });

  it('plot refuses a results entry named ../../e and writes nothing', async () => {
    const dir = tmp();
    const sub = join(dir, 'a', 'b');
    mkdirSync(sub, { recursive: true });
    const entry = (name: string) => ({ tool: { name: 'sgd-sde', version: '0' }, schemaVersion: 1, experiment: 'stationary', name, seed: 1, scenario: {}, measured: {}, theory: {}, predictions: [] });
    const file = join(sub, 'results.json');
    writeFileSync(file, JSON.stringify([entry('ok'), entry('../../e')]));
    const before = tree(dir);
    const r = await runMain(['plot', file, '--out', join(sub, 'plots')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[1\]\.name: names a subdirectory/);
    expect(tree(dir)).toEqual(before);
  });
});

describe('item 2: bounded reads of data files', () => {
  const csvScenario = (csv: string) => ({ experiment: 'stationary', seed: 1, model: { kind: 'linear-regression', csv }, optimizer: { lr: 0.01, batchSize: 5 }, dynamics: { sgd: true }, run: { replicas: 8, steps: 100 } });

  it('refuses /dev/zero, a FIFO, a directory and a file over the cap, before reading', () => {
    const dir = tmp();
    const fifo = join(dir, 'pipe.csv');
    spawnSync('mkfifo', [fifo]);
    const huge = join(dir, 'huge.csv');
    writeFileSync(huge, '');
    truncateSync(huge, 300 * 1024 * 1024); // sparse: 300 MiB, over the 256 MiB cap, costs no disk
    expect(() => readCsvDataset('/dev/zero', 'model.csv')).toThrow(/model\.csv: CSV file \/dev\/zero is a character device: a data file must be a regular file/);
    expect(() => readCsvDataset(fifo, 'model.csv')).toThrow(/named pipe \(FIFO\)/);
    expect(() => readCsvDataset(dir, 'model.csv')).toThrow(/is a directory/);
    expect(() => readCsvDataset(huge, 'model.csv')).toThrow(/has 314572800 bytes, over the limit of 268435456 bytes \(256 MiB\); raise it with the environment variable SGD_SDE_MAX_DATA_MB/);
    // through the scenario loader (validate): exit-2 problems, never a hang
    for (const path of ['/dev/zero', fifo, dir, huge]) {
      expect(() => parseScenario(csvScenario(path), { baseDir: dir }), path).toThrow(InputError);
    }
  });

  it('the cap is overridable, and a file\'s contents are never echoed', () => {
    const dir = tmp();
    const file = join(dir, 'd.csv');
    writeFileSync(file, `x1,y\n${'1,2\n'.repeat(1000)}`);
    const saved = process.env.SGD_SDE_MAX_DATA_MB;
    try {
      process.env.SGD_SDE_MAX_DATA_MB = '0.001';
      expect(() => readCsvDataset(file)).toThrow(/over the limit of 1048 bytes/);
    } finally {
      if (saved === undefined) delete process.env.SGD_SDE_MAX_DATA_MB; else process.env.SGD_SDE_MAX_DATA_MB = saved;
    }
    expect(readCsvDataset(file).n).toBe(1000);
  });
});

describe('item 3: the output directory is checked before any work', () => {
  it('a file, /dev/null, an unwritable directory and / are refused up front', async () => {
    const dir = tmp();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(outputDirProblem(file)?.message).toMatch(/is a regular file, not a directory/);
    expect(outputDirProblem('/dev/null')?.message).toMatch(/is a character device, not a directory/);
    expect(outputDirProblem('/')?.message).toMatch(/filesystem root/);
    expect(outputDirProblem(join(file, 'sub'))?.message).toMatch(/lies under .*a-file, which is a regular file/);
    if (process.getuid?.() !== 0) expect(outputDirProblem('/proc/x')?.message).toMatch(/not writable/);
    expect(outputDirProblem(join(dir, 'new', 'deeper'))).toBeUndefined();
    const scenario = join(dir, 's.json');
    writeFileSync(scenario, JSON.stringify({ ...tiny, name: 's', run: { ...tiny.run, steps: 1e7 } })); // would take long: refusal must come first
    for (const out of [file, '/dev/null', '/']) {
      const r = await runMain(['run', scenario, '--out', out, '--no-plots', '--workers', '1']);
      expect(r.code, out).toBe(2);
      expect(r.stderr).toMatch(/--out: /);
    }
  });
});

describe('item 4: one writer per directory; the checkpoint is bound to the data and the code', () => {
  it('a second writer is refused while the first lives; a dead holder\'s lock is taken over', async () => {
    const dir = tmp();
    const release = acquireOutputLock(dir);
    expect(() => acquireOutputLock(dir)).toThrow(/already written by this run/);
    release();
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, '.sgd-sde.lock'), `${sleeper.pid}\n`);
      expect(() => acquireOutputLock(dir)).toThrow(new RegExp(`in use by another sgd-sde run \\(PID ${sleeper.pid}`));
    } finally {
      sleeper.kill();
    }
    await new Promise((r) => sleeper.on('close', r));
    const again = acquireOutputLock(dir); // its PID is dead: stale
    expect(readFileSync(join(dir, '.sgd-sde.lock'), 'utf8').trim()).toBe(String(process.pid));
    again();
    expect(existsSync(join(dir, '.sgd-sde.lock'))).toBe(false);
  });

  it('an edited CSV changes the checkpoint key', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'd.csv'), 'x1,y\n1,2\n');
    const scenario = { experiment: 'stationary', seed: 1, model: { kind: 'linear-regression', csv: 'd.csv' } };
    const id = () => ({ experiment: 'stationary', name: 'n', scenario, quick: false, inputs: inputDigests(scenario, dir) });
    const before = checkpointKey(id());
    expect(checkpointKey(id())).toBe(before);
    writeFileSync(join(dir, 'd.csv'), 'x1,y\n1,3\n');
    expect(checkpointKey(id())).not.toBe(before);
    expect(Object.keys(id().inputs)).toEqual(['model.csv']);
  });
});

describe('item 4: --resume on a finished results.json compares the data hashes, as a checkpoint does', () => {
  const csvRun = (dir: string) => {
    writeFileSync(join(dir, 's.json'), JSON.stringify({ name: 'csv-resume', experiment: 'stationary', seed: 1, model: { kind: 'linear-regression', csv: 'd.csv' }, optimizer: { lr: 0.05, batchSize: 5 }, dynamics: { sgd: true, sde: false }, run: { replicas: 8, steps: 300 } }));
    return ['run', join(dir, 's.json'), '--no-plots', '--workers', '1', '--out', join(dir, 'out')];
  };
  const rows = (k: number) => `x1,x2,y\n${Array.from({ length: 60 }, (_, i) => `${Math.sin(i)},${Math.cos(2 * i)},${Math.sin(3 * i) + k * Math.cos(i)}`).join('\n')}\n`;

  it('an edited CSV makes the finished run stale: exit 2 naming the data file (it was reported as complete)', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'd.csv'), rows(0.1));
    expect([0, 1]).toContain((await runMain(csvRun(dir))).code);
    writeFileSync(join(dir, 'd.csv'), rows(0.3));
    const r = await runMain([...csvRun(dir), '--resume']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--resume: .*results\.json was computed from other data files \(model\.csv\) or other code, and there is no checkpoint to resume: use --force/);
  });

  it('twin: the same CSV resumes as complete', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'd.csv'), rows(0.1));
    const first = (await runMain(csvRun(dir))).code;
    const r = await runMain([...csvRun(dir), '--resume']);
    expect(r.code).toBe(first);
    expect(r.stderr).toMatch(/already complete for this scenario and seed/);
  });

  it('a results.json without the run key (merge, older versions) is not taken as complete when the scenario reads data', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'd.csv'), rows(0.1));
    await runMain(csvRun(dir));
    rmSync(join(dir, 'out', '.run-key'));
    const r = await runMain([...csvRun(dir), '--resume']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot be matched to the data files it was computed from \(model\.csv: no \.run-key beside it\)/);
  });
});

describe('item 5 and 8: checkpoint cells validated on load; saves append', () => {
  it('{} and null cells are dropped with a message and recomputed; a torn last line too', () => {
    const dir = tmp();
    const id = { experiment: 'batch-size', name: 't', scenario: { seed: 1 }, quick: false };
    const a = new CheckpointFile(dir, id);
    a.save(0, { testLoss: 1 });
    a.save(1, { testLoss: 2 });
    const path = join(dir, 'checkpoint.jsonl');
    writeFileSync(path, `${readFileSync(path, 'utf8')}[2,{}]\n[3,null]\n[4,{"testLo`);
    const b = new CheckpointFile(dir, id);
    expect(b.restore()).toBe(2);
    expect(b.notes.join('\n')).toMatch(/cell 2 is \{\}, not a cell result; it is recomputed[\s\S]*cell 3 is null[\s\S]*cut off by an interrupted save/);
    expect([...b.load().keys()].sort()).toEqual([0, 1]);
  });

  it('a save appends one line instead of rewriting every cell', () => {
    const dir = tmp();
    const a = new CheckpointFile(dir, { experiment: 'x', name: 't', scenario: { seed: 1 }, quick: false });
    for (let i = 0; i < 50; i++) a.save(i, { v: i });
    const path = join(dir, 'checkpoint.jsonl');
    const size = statSync(path).size;
    const ino = statSync(path).ino;
    a.save(50, { v: 50 });
    expect(statSync(path).size - size).toBe('[50,{"v":50}]\n'.length);
    expect(statSync(path).ino).toBe(ino); // same file: appended, not replaced
  });
});

describe('item 11: --seed as given', () => {
  it('--seed wins over quick.seed', () => {
    const s = parseScenario({ ...tiny, quick: { seed: 99 } }, { quick: true, seed: 5 });
    expect(s.scenario.seed).toBe(5);
  });

  it("malformed seeds ('', 0x10, -1, 1.5, abc) are refused quoting the text", async () => {
    for (const text of ['', '0x10', '-1', '1.5', 'abc', '1e3']) expect(parseIntegerOption('--seed', text, 0, 0xffffffff).problem?.value, text).toBe(text);
    expect(parseIntegerOption('--seed', '16', 0, 0xffffffff).value).toBe(16);
    const dir = tmp();
    const scenario = join(dir, 's.json');
    writeFileSync(scenario, JSON.stringify({ ...tiny, name: 's' }));
    const r = await runMain(['run', scenario, '--seed', '0x10', '--workers', 'abc', '--out', join(dir, 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seed: must be a decimal integer in \[0, 4294967295\] \(got "0x10"\)/);
    expect(r.stderr).toMatch(/--workers: must be a decimal integer in \[1, 256\] \(got "abc"\)/);
  });
});

describe('acceptance: fuzz over name, --out and data paths', () => {

  it('writes nothing outside --out, and every refusal is exit 2 with a message', async () => {
    const names = ['.', '..', '...', 'ok', 'a.b', '-x', 'x/y', '../up'];
    const outs = ['rel', 'abs', 'dotdot', 'link-out', 'file', 'devnull', 'root'] as const;
    const datas = ['none', 'fifo', 'devzero', 'dir', 'huge', 'planted'] as const;
    // runs that must succeed (and write only inside --out), then a random sample of the product
    const succeed: [string, (typeof outs)[number], (typeof datas)[number], boolean][] = [
      ['ok', 'abs', 'none', false], ['ok', 'rel', 'planted', true], ['a.b', 'dotdot', 'none', true], ['-x', 'link-out', 'none', true], ['ok', 'link-out', 'none', false],
    ];
    // every listed case at least once, whatever the random sample draws
    const everyCase: [string, (typeof outs)[number], (typeof datas)[number], boolean][] = [
      ['ok', 'abs', 'fifo', false], ['ok', 'abs', 'devzero', false], ['ok', 'rel', 'dir', false], ['ok', 'abs', 'huge', false],
      ['ok', 'file', 'none', false], ['ok', 'devnull', 'none', false], ['ok', 'root', 'none', false], ['..', 'abs', 'none', false], ['ok', 'link-out', 'none', true],
    ];
    const samples = [...succeed, ...everyCase, ...fc.sample(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...outs), fc.constantFrom(...datas), fc.boolean()), { seed: 1515, numRuns: 30 })];
    let successes = 0;
    let slowest = { ms: 0, label: '' };
    const seen = { outs: new Set<string>(), datas: new Set<string>(), names: new Set<string>() };
    for (const [name, outKind, data, two] of samples) {
      seen.outs.add(outKind);
      seen.datas.add(data);
      seen.names.add(name);
      const sandbox = tmp('sgd-sde-fuzz-');
      const victim = join(sandbox, 'victim.txt');
      writeFileSync(victim, 'precious');
      const work = join(sandbox, 'work');
      mkdirSync(work);
      const outside = join(sandbox, 'outside');
      mkdirSync(outside);
      const outDir = {
        rel: relative(process.cwd(), join(work, 'out')),
        abs: join(work, 'out'),
        dotdot: join(work, 'x', '..', 'out'),
        'link-out': join(work, 'out'),
        file: victim,
        devnull: '/dev/null',
        root: '/',
      }[outKind];
      if (outKind === 'link-out') {
        mkdirSync(join(work, 'out'));
        symlinkSync(outside, join(work, 'out', 'ok')); // a subdirectory that leads out
      }
      const scenario: Record<string, unknown> = { ...tiny, name };
      if (data !== 'none') {
        const csv = { fifo: join(sandbox, 'p.csv'), devzero: '/dev/zero', dir: sandbox, huge: join(sandbox, 'huge.csv'), planted: join(sandbox, 'ok.csv') }[data];
        if (data === 'fifo') spawnSync('mkfifo', [csv]);
        if (data === 'huge') { writeFileSync(csv, ''); truncateSync(csv, 257 * 1024 * 1024); }
        if (data === 'planted') writeFileSync(csv, `x1,y\n${Array.from({ length: 40 }, (_, i) => `${i / 10},${Math.sin(i)}`).join('\n')}\n`);
        scenario.model = { kind: 'linear-regression', csv };
        scenario.optimizer = { lr: 0.05, batchSize: 5, momentum: 0, sampler: 'without-replacement' };
      }
      if (outKind === 'abs' || outKind === 'rel') {
        // a symlink planted at the old temp-file names of results.json, pointing at the victim
        mkdirSync(join(work, 'out', 'ok'), { recursive: true });
        for (let k = 0; k < 8; k++) symlinkSync(victim, join(work, 'out', `.results.json.${process.pid}.${k}.tmp`));
        for (let k = 0; k < 8; k++) symlinkSync(victim, join(work, 'out', 'ok', `.results.json.${process.pid}.${k}.tmp`));
      }
      const files = [join(work, 'a.json')];
      writeFileSync(files[0], JSON.stringify(scenario));
      if (two) {
        files.push(join(work, 'b.json'));
        writeFileSync(files[1], JSON.stringify({ ...scenario, name: 'other' }));
      }
      const outTarget = join(work, 'out');
      const before = tree(sandbox, outTarget);
      const t0 = performance.now();
      const r = await runMain(['run', ...files, '--out', outDir, '--no-plots', '--workers', '1']);
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms, label: `${name} ${outKind} ${data} ${two}` };
      const label = `name ${name}, out ${outKind}, data ${data}, two ${two}: ${r.stderr}`;
      expect([0, 1, 2], label).toContain(r.code);
      if (r.code === 2) expect(r.stderr, label).toMatch(/^error: invalid .*\n  - .+: /);
      expect(r.stderr, label).not.toMatch(/internal error/);
      expect(readFileSync(victim, 'utf8'), label).toBe('precious');
      expect(readdirSync(outside), label).toEqual([]);
      expect(tree(sandbox, outTarget), label).toEqual(before);
      const unsafe = ['.', '..', '...', 'x/y', '../up'].includes(name);
      if (process.env.FUZZ_LOG) console.log(r.code, name, outKind, data, two, r.stderr.split('\n').slice(0, 2).join(' | '));
      const refused = unsafe || ['file', 'devnull', 'root'].includes(outKind) || ['fifo', 'devzero', 'dir', 'huge'].includes(data)
        || (outKind === 'link-out' && two && name === 'ok'); // out/ok is a symlink leading out
      if (refused) expect(r.code, label).toBe(2);
      else {
        expect(r.code, label).not.toBe(2);
        successes++;
        expect(existsSync(join(outTarget, two ? name : '', 'results.json')), label).toBe(true);
      }
    }
    expect(successes).toBeGreaterThanOrEqual(5);
    expect([...seen.outs].sort()).toEqual([...outs].sort());
    expect([...seen.datas].sort()).toEqual([...datas].sort());
    for (const n of ['.', '..', '...', 'x/y', '../up']) expect(seen.names.has(n) || n === '...' || n === '.', n).toBe(true);
    // the hang limit is the test timeout (180 s for all runs); the slowest run is reported, not asserted
    console.log(`fuzz: ${samples.length} runs, slowest ${slowest.ms.toFixed(0)} ms (${slowest.label})`);
  });
});
