import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One bounded reader for every file the tool opens (io/safe-path.ts, readBoundedText): besides
 * scenarios, CSV data, results and shard files, the stress configuration, the output lock, .run-key
 * and the checkpoint. A FIFO planted under any of those names used to hang the command (a read of a
 * pipe with no writer never ends), and a private file given as --config had its first bytes
 * echoed in the error. Each case runs the CLI in a child process (a hang becomes a timeout, not a
 * stuck test) and must end in exit 2 naming the file and what it is, never quoting its contents.
 */
const root = join(import.meta.dirname, '..', '..');
const cli = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 600_000 });

let dir: string;
const tiny = {
  experiment: 'stationary', name: 'bounded', seed: 3,
  model: { kind: 'quadratic', dim: 2, n: 50, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 1 } },
  optimizer: { lr: 0.05, batchSize: 5 }, dynamics: { sgd: true, sde: false },
  run: { replicas: 8, steps: 200, burnIn: 20 },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sgd-sde-bounded-'));
  writeFileSync(join(dir, 'tiny.json'), JSON.stringify(tiny));
});

const fifo = (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0);

describe('item 7: every file the tool reads is read bounded, and never echoed', () => {
  it('stress --config on a FIFO exits 2; on /etc/passwd exits 2 without quoting it', () => {
    const pipe = join(dir, 'config.json');
    fifo(pipe);
    let r = cli(['stress', '--config', pipe, '--runs', '1', '--out', join(dir, 'stress1')]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`stress config ${pipe} is a named pipe (FIFO): a stress config must be a regular file`);
    r = cli(['stress', '--config', '/etc/passwd', '--runs', '1', '--out', join(dir, 'stress2')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the stress config \/etc\/passwd is not valid JSON: (not a JSON value|a syntax error at line \d+)/);
    const firstLine = readFileSync('/etc/passwd', 'utf8').split('\n')[0];
    expect(r.stderr).not.toContain(firstLine.slice(0, 8)); // "root:x:0" — the contents stay out of messages
    r = cli(['stress', '--config', '/dev/zero', '--runs', '1', '--out', join(dir, 'stress3')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is a character device');
  });

  it('a FIFO named .sgd-sde.lock in the output directory: run exits 2 and leaves it', () => {
    const out = join(dir, 'locked');
    mkdirSync(out);
    fifo(join(out, '.sgd-sde.lock'));
    const r = cli(['run', join(dir, 'tiny.json'), '--out', out, '--no-plots', '--workers', '1']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${join(out, '.sgd-sde.lock')} is a named pipe (FIFO), not a regular file: it is not a lock file written by sgd-sde; remove it, or use another --out`);
  });

  it('a FIFO named .run-key, or checkpoint.jsonl, in a finished output directory: run --resume exits 2', () => {
    const out = join(dir, 'finished');
    const first = cli(['run', join(dir, 'tiny.json'), '--out', out, '--no-plots', '--workers', '1']);
    expect([0, 1], first.stderr).toContain(first.status);
    // twin: the real .run-key resumes as complete
    const again = cli(['run', join(dir, 'tiny.json'), '--out', out, '--no-plots', '--workers', '1', '--resume']);
    expect([0, 1], again.stderr).toContain(again.status);
    expect(again.stderr).toContain('already complete');
    rmSync(join(out, '.run-key'));
    fifo(join(out, '.run-key'));
    let r = cli(['run', join(dir, 'tiny.json'), '--out', out, '--no-plots', '--workers', '1', '--resume']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${join(out, '.run-key')} is a named pipe (FIFO), not a regular file: it is not the run key sgd-sde writes`);
    fifo(join(out, 'checkpoint.jsonl'));
    r = cli(['run', join(dir, 'tiny.json'), '--out', out, '--no-plots', '--workers', '1', '--resume']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/checkpoint\.jsonl is damaged \(.*is a named pipe \(FIFO\)/);
  }, 180_000);
});
