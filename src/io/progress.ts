import type { Progress } from '../core/progress.js';

/**
 * Progress on long runs, on stderr so stdout stays machine-readable. Throttled; silent when stderr
 * is not a terminal unless forced (CI logs stay short). The interface is core/progress.ts.
 */
export function stderrProgress(options: { enabled?: boolean } = {}): Progress {
  const enabled = options.enabled ?? Boolean(process.stderr.isTTY);
  return {
    info(message) {
      process.stderr.write(`${message}\n`);
    },
    start(label, total) {
      if (!enabled) return { tick() {}, end() {} };
      const t0 = Date.now();
      let last = 0;
      const draw = (done: number, final: boolean) => {
        const frac = total > 0 ? Math.min(1, done / total) : 1;
        const width = 24;
        const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
        const secs = (Date.now() - t0) / 1000;
        const eta = frac > 0 && !final ? ` eta ${(secs / frac - secs).toFixed(0)}s` : '';
        process.stderr.write(`\r${label} [${bar}] ${(100 * frac).toFixed(0).padStart(3)}% ${secs.toFixed(1)}s${eta}   `);
        if (final) process.stderr.write('\n');
      };
      return {
        tick(done) {
          const now = Date.now();
          if (now - last < 200) return;
          last = now;
          draw(done, false);
        },
        end() {
          draw(total, true);
        },
      };
    },
  };
}
