import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, smallSweep } from './mutate.js';

/**
 * Ctrl-C during a sweep keeps every finished cell (checkpoint.json, written atomically after each
 * cell); `run --resume` continues from them and writes exactly the results.json of an
 * uninterrupted run, whatever the worker counts of the pieces. The output directory is protected:
 * an earlier results.json or checkpoint is never silently overwritten, and a checkpoint is only
 * resumed by the scenario and seed that wrote it.
 */
interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function cli(args: string[], interruptWhen?: (out: string) => boolean): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'sgd-sde.js'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timer: NodeJS.Timeout | undefined;
    if (interruptWhen) {
      timer = setInterval(() => {
        if (interruptWhen(stderr)) {
          clearInterval(timer);
          child.kill('SIGINT');
        }
      }, 50);
    }
    child.on('close', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function savedCells(file: string): number {
  if (!existsSync(file)) return 0;
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('[')).length;
  } catch {
    return 0; // never half-written (atomic rename), but be safe while polling
  }
}

describe('interrupt and resume a sweep', () => {
  it('SIGINT keeps the finished cells; --resume gives the same results.json as an uninterrupted run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-resume-'));
    const file = join(dir, 'sweep.json');
    writeFileSync(file, JSON.stringify({ ...smallSweep, run: { ...smallSweep.run, sdeTime: 600 } })); // 20 cells of a fraction of a second
    const whole = join(dir, 'whole');
    const pieces = join(dir, 'pieces');
    const checkpoint = join(pieces, 'checkpoint.jsonl');

    // interrupted once at least 4 cells are saved, on 2 worker threads
    const first = await cli(['run', file, '--out', pieces, '--no-plots', '--workers', '2'], () => savedCells(checkpoint) >= 4);
    expect(first.stderr).not.toMatch(/internal error/);
    expect(first.code, first.stderr).toBe(130);
    expect(first.stderr).toMatch(/interrupted \(SIGINT\): \d+ finished cells? saved in .*checkpoint\.jsonl; run the same command with --resume/);
    const saved = savedCells(checkpoint);
    expect(saved).toBeGreaterThanOrEqual(4);
    expect(saved).toBeLessThan(20);
    expect(existsSync(join(pieces, 'results.json'))).toBe(false);

    // the checkpoint is protected: a plain rerun refuses, and so does a resume with another seed
    const plain = await cli(['run', file, '--out', pieces, '--no-plots']);
    const otherSeed = await cli(['run', file, '--out', pieces, '--no-plots', '--resume', '--seed', '4']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/interrupted run: continue it with --resume, or discard it with --force/);
    expect(otherSeed.code).toBe(2);
    expect(otherSeed.stderr).toMatch(/different scenario, seed, data file or sgd-sde version/);
    expect(savedCells(checkpoint)).toBe(saved);

    // resumed on 1 worker (in-process), then the uninterrupted run on 2 workers
    const resumed = await cli(['run', file, '--out', pieces, '--no-plots', '--resume', '--workers', '1']);
    expect(resumed.stderr).toMatch(new RegExp(`resuming: ${saved} finished cell`));
    expect([0, 1]).toContain(resumed.code);
    expect(existsSync(checkpoint)).toBe(false); // finished: the checkpoint is gone
    const straight = await cli(['run', file, '--out', whole, '--no-plots', '--workers', '2']);
    expect(straight.code).toBe(resumed.code);
    const bytes = readFileSync(join(whole, 'results.json'), 'utf8');
    expect(readFileSync(join(pieces, 'results.json'), 'utf8')).toBe(bytes);
    // what makes a run reproducible is recorded: tool version, Node version, kernel backend, the normalised scenario, the seed
    const result = JSON.parse(bytes);
    expect(result.tool).toEqual({ name: 'sgd-sde', version: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version, node: process.version, backend: expect.stringMatching(/^(native|wasm-fma|wasm|js)$/) });
    expect(result.seed).toBe(smallSweep.seed);
    expect(result.scenario).toMatchObject({ ...smallSweep, run: { ...smallSweep.run, sdeTime: 600 }, fit: { window: 2, bootstrap: 50 }, tolerance: 4 }); // defaults filled in

    // a finished directory: refused without a flag; --resume reports it without recomputing
    // one after the other: two runs on one directory at once are refused by its lock (data-safety.test.ts)
    const again = await cli(['run', file, '--out', whole, '--no-plots']);
    const done = await cli(['run', file, '--out', whole, '--no-plots', '--resume']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds results\.json from an earlier run: use --force/);
    expect(done.code).toBe(straight.code);
    expect(done.stderr).toMatch(/already complete for this scenario and seed/);
    expect(readFileSync(join(whole, 'results.json'), 'utf8')).toBe(bytes);
  });
});
