import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { createFileExclusive } from './atomic.js';
import { BoundedReadError, readBoundedText } from './safe-path.js';

/**
 * One writer per output directory. `run` takes `<out>/.sgd-sde.lock`, created exclusively (O_EXCL,
 * no symlink followed) and holding the writer's PID, before it touches the checkpoint or results;
 * a second run on the same directory is refused (exit 2) while that PID is alive. A lock left by a
 * dead process (kill -9, a crash) is stale and taken over. Released when the run ends and, as a
 * last resort, when the process exits. `merge` takes the same lock. The lock file is read through the
 * bounded reader (io/safe-path.ts): a FIFO or a device planted under its name is refused (exit 2),
 * never read (it would hang or flood), and never removed.
 */
/** A PID and a newline; anything longer is not a lock this tool wrote. */
const LOCK_CAP_BYTES = 64;
export const LOCK_FILE = '.sgd-sde.lock';

const held = new Set<string>();
let exitHook = false;

/** Is a process with this PID alive (signal 0 probes without sending)? EPERM means it exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock of `dir` (created if missing) or throw InputError naming the live holder. */
export function acquireOutputLock(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createFileExclusive(path, `${process.pid}\n`)) {
      held.add(path);
      if (!exitHook) {
        exitHook = true;
        process.on('exit', () => {
          for (const p of held) releasePath(p);
        });
      }
      return () => {
        releasePath(path);
        held.delete(path);
      };
    }
    let text = '';
    try {
      text = readBoundedText(path, LOCK_CAP_BYTES);
    } catch (err) {
      if (!(err instanceof BoundedReadError)) throw err;
      if (/cannot be read: ENOENT/.test(err.message)) continue; // removed meanwhile: try again
      throw new InputError([{ path: '--out', message: `${path} ${err.message}: it is not a lock file written by sgd-sde; remove it, or use another --out`, value: dir }], 'command line');
    }
    const pid = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new InputError([{ path: '--out', message: `${dir} is in use by another sgd-sde run (PID ${pid}, lock ${path}); wait for it, or use another --out`, value: dir }], 'command line');
    }
    if (pid === process.pid && held.has(path)) {
      throw new InputError([{ path: '--out', message: `${dir} is already written by this run`, value: dir }], 'command line');
    }
    rmSync(path, { force: true }); // stale: its process is gone
  }
  throw new InputError([{ path: '--out', message: `could not take the lock ${path}: another process keeps recreating it`, value: dir }], 'command line');
}

function releasePath(path: string): void {
  try {
    if (readBoundedText(path, LOCK_CAP_BYTES).trim() === String(process.pid)) rmSync(path, { force: true });
  } catch {
    // already gone
  }
}
