import type { Progress, ProgressTask } from '../core/progress.js';

/**
 * Progress on long runs, on stderr so stdout stays machine-readable. On a terminal: a bar with an
 * ETA, redrawn at most every 200 ms. Not on a terminal (a log, a batch job): nothing for the first
 * LONG_RUN_MS, then a line per finished unit (cell), at most one every LINE_INTERVAL_MS, with the
 * count, elapsed time and ETA, so short runs keep logs short and long ones show they are alive.
 * The interface is core/progress.ts.
 */
export function stderrProgress(options: { enabled?: boolean; clock?: () => number; write?: (line: string) => void } = {}): Progress {
  const enabled = options.enabled ?? Boolean(process.stderr.isTTY);
  return {
    info(message) {
      process.stderr.write(`${message}\n`);
    },
    start(label, total) {
      if (!enabled) return lineProgress(label, total, options.clock ?? Date.now, options.write);
      const t0 = Date.now();
      let last = 0;
      const draw = (done: number, final: boolean, workFraction?: number) => {
        const frac = workFraction ?? (total > 0 ? Math.min(1, done / total) : 1);
        const width = 24;
        const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
        const secs = (Date.now() - t0) / 1000;
        const eta = frac > 0 && !final ? ` eta ${(secs / frac - secs).toFixed(0)}s` : '';
        process.stderr.write(`\r${label} [${bar}] ${(100 * frac).toFixed(0).padStart(3)}% ${secs.toFixed(1)}s${eta}   `);
        if (final) process.stderr.write('\n');
      };
      return {
        tick(done, fraction) {
          const now = Date.now();
          if (now - last < 200) return;
          last = now;
          draw(done, false, fraction);
        },
        end() {
          draw(total, true);
        },
      };
    },
  };
}

export const LONG_RUN_MS = 10_000;
export const LINE_INTERVAL_MS = 2_000;

function lineProgress(label: string, total: number, clock: () => number, write: (line: string) => void = (l) => process.stderr.write(l)): ProgressTask {
  const t0 = clock();
  let last = -Infinity;
  let lastDone = 0;
  let printed = false;
  const line = (done: number, workFraction?: number) => {
    const secs = (clock() - t0) / 1000;
    const frac = workFraction ?? (total > 0 ? Math.min(1, done / total) : 1);
    const eta = frac > 0 && frac < 1 ? `, eta ${(secs / frac - secs).toFixed(0)}s` : '';
    write(`${label}: ${done}/${total} done, ${secs.toFixed(0)}s${eta}\n`);
  };
  return {
    tick(done, fraction) {
      const now = clock();
      if (done <= lastDone || now - t0 < LONG_RUN_MS || now - last < LINE_INTERVAL_MS) return;
      lastDone = done;
      last = now;
      printed = true;
      line(done, fraction);
    },
    end() {
      if (printed) line(total);
    },
  };
}

/** For tests: the non-terminal progress with an injected clock and sink. */
export const lineProgressForTest = lineProgress;
