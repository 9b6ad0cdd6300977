import { closeSync, constants, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, basename, join } from 'node:path';

/**
 * Write a file so that readers see either the old content or the whole new content, never a
 * partial file: write a temporary sibling, then rename (atomic within one filesystem).
 *
 * The temporary file has a random name and is created exclusively (O_CREAT | O_EXCL | O_NOFOLLOW,
 * flag "wx"): a file or symbolic link planted at that name makes the open fail instead of being
 * followed, so a write never lands anywhere but in the temp file it created. The rename replaces
 * the final path itself (a symlink there is replaced, its target untouched).
 * This is the only module that writes files (test/reliability/static.test.ts); callers that write
 * into an output directory resolve their path with io/safe-path.ts `pathInside` first.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  let tmp = '';
  let fd = -1;
  for (let attempt = 0; fd < 0; attempt++) {
    tmp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 8) throw err;
    }
  }
  try {
    writeAll(fd, data);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
  } catch (err) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}

function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/**
 * Create `path` with `data` only if nothing exists there (no symlink followed); false if something
 * does. Used for lock files.
 */
export function createFileExclusive(path: string, data: string): boolean {
  mkdirSync(dirname(path), { recursive: true });
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeAll(fd, data);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Append one line to `path` (created if missing; a symlink at `path` is refused). Used by the
 * append-only checkpoint: a crash leaves at most a torn last line, which the reader drops.
 */
export function appendLine(path: string, line: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW, 0o644);
  try {
    writeAll(fd, line.endsWith('\n') ? line : `${line}\n`);
  } finally {
    closeSync(fd);
  }
}

/** JSON with a trailing newline; non-finite numbers become null (JSON has no NaN). */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
}
