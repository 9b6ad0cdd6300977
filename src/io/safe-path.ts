import { accessSync, closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, parse, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';

/**
 * The one place that decides which paths sgd-sde may write and which files it may read.
 *
 * Writes: every file goes inside the output directory the user named (`--out`). `pathInside(root, …)`
 * resolves a relative path against `root` and refuses (InputError, exit 2) any result that is not
 * strictly below `root`, lexically (`..`, absolute parts) or through a symlinked directory inside
 * it (the real path of the deepest existing ancestor must lie below the real path of `root`).
 * Names that become path components (a scenario's `name`, a results entry's `name`) must pass
 * `isSafeName`: letters, digits, `.`, `_`, `-`, and not made of dots alone (`.`, `..`, `...`).
 * `checkOutputDir` is run before any work: the directory (or its nearest existing ancestor) must be
 * a writable directory and not the filesystem root.
 *
 * Reads: every file a user or another process could have placed (scenarios, CSV data, results,
 * shard files, checkpoints, the stress configuration, the lock file, .run-key) is read only through
 * `readBoundedText` (`readBoundedFile` for input files: InputError): opened non-blocking and checked
 * by fstat on the open descriptor, so it must be a regular file (not a FIFO, a device such as
 * /dev/zero, or a directory) of at most the cap (`dataFileCapBytes`: 256 MiB, overridable with the
 * environment variable SGD_SDE_MAX_DATA_MB); never more than cap + 1 bytes are read.
 */

/** A name that is safe as one path component. */
export const SAFE_NAME = /^(?!\.+$)[A-Za-z0-9._-]+$/;
export const SAFE_NAME_RULE = 'letters, digits, ".", "_" and "-" only, and not "." or ".." (dots alone)';

export function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name) && name.length <= 200;
}

/** `root/…parts`, refused (InputError naming `flag`) unless it lies strictly inside `root`. */
export function pathInside(root: string, parts: string[], flag = '--out'): string {
  const base = resolve(root);
  const target = resolve(base, ...parts);
  const rel = relative(base, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new InputError([{ path: flag, message: `refusing to write ${target}: it is not inside the output directory ${base}`, value: parts.join('/') }], 'output path');
  }
  // a symlinked directory inside root must not lead out of it: neither an ancestor of the target nor
  // the target itself (a subdirectory `out/<name>` that is a symlink to elsewhere was written through)
  const realRoot = realExisting(base);
  for (const real of [realExisting(dirname(target)), realExisting(target)]) {
    const realRel = relative(realRoot, real);
    if (realRel.startsWith('..') || isAbsolute(realRel)) {
      throw new InputError([{ path: flag, message: `refusing to write ${target}: a symbolic link leads it out of the output directory ${base} (to ${real})`, value: parts.join('/') }], 'output path');
    }
  }
  return target;
}

/** The real path of `p`, or of its deepest existing ancestor joined with the rest. */
function realExisting(p: string): string {
  let current = resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return resolve(realpathSync(current), ...rest);
    } catch {
      const up = dirname(current);
      if (up === current) return resolve(p);
      rest.unshift(parse(current).base);
      current = up;
    }
  }
}

/**
 * Can `dir` be used as an output directory? A problem (to report with exit 2 before any work) or
 * undefined. It is not created here.
 */
export function outputDirProblem(dir: string, flag = '--out'): { path: string; message: string; value: string } | undefined {
  const abs = resolve(dir);
  if (parse(abs).root === abs) return { path: flag, message: 'is the filesystem root: name a directory for this run\'s files', value: dir };
  let existing = abs;
  for (;;) {
    let st: Stats | undefined;
    try {
      st = statSync(existing);
    } catch {
      st = undefined;
    }
    if (st) {
      if (!st.isDirectory()) {
        const what = existing === abs ? 'is' : `lies under ${existing}, which is`;
        return { path: flag, message: `${what} ${fileKind(st)}, not a directory: name a directory (it is created if missing)`, value: dir };
      }
      try {
        accessSync(existing, constants.W_OK | constants.X_OK);
      } catch {
        return { path: flag, message: existing === abs ? 'is not writable by this user' : `cannot be created: ${existing} is not writable by this user`, value: dir };
      }
      return undefined;
    }
    const up = dirname(existing);
    if (up === existing) return { path: flag, message: 'has no existing ancestor directory', value: dir };
    existing = up;
  }
}

/**
 * Can `file` be written as one output file (`schema --out`)? Not a directory, not a device, not the
 * root, and its directory must be usable (outputDirProblem).
 */
export function outputFileProblem(file: string, flag = '--out'): { path: string; message: string; value: string } | undefined {
  const abs = resolve(file);
  if (parse(abs).root === abs) return { path: flag, message: 'is the filesystem root: name a file to write', value: file };
  const st = lstatOrUndefined(abs);
  if (st && !st.isFile()) return { path: flag, message: `is ${fileKind(st)}: name a file to write (it is replaced atomically)`, value: file };
  const dirProblem = outputDirProblem(dirname(abs), flag);
  return dirProblem && { ...dirProblem, value: file };
}

/** Throw InputError (exit 2) unless `dir` can be used as an output directory. */
export function checkOutputDir(dir: string, flag = '--out'): void {
  const problem = outputDirProblem(dir, flag);
  if (problem) throw new InputError([problem], 'command line');
}

export function fileKind(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

const DEFAULT_CAP_MB = 256;

/** The largest data file read, in bytes: 256 MiB unless SGD_SDE_MAX_DATA_MB says otherwise. */
export function dataFileCapBytes(): number {
  const env = process.env.SGD_SDE_MAX_DATA_MB;
  const mb = env !== undefined && /^\d+(\.\d+)?$/.test(env.trim()) ? Number(env) : DEFAULT_CAP_MB;
  return Math.floor(mb * 1024 * 1024);
}

/** Why a file could not be read by readBoundedText (the file's contents never appear in it). */
export class BoundedReadError extends Error {}

/**
 * The one reader of every file sgd-sde opens that a user or another process could have put there
 * (scenarios, CSV data, results, shard files, checkpoints, the stress configuration, the lock file,
 * .run-key): opened read-only and non-blocking, then checked with fstat on the open descriptor (so a
 * FIFO or a device swapped in between a check and the open cannot hang or flood the process: there
 * is no check before the open), refused unless it is a regular file of at most `cap` bytes, and
 * never read past cap + 1 bytes. Throws BoundedReadError with the reason, never with the contents.
 */
export function readBoundedText(path: string, cap: number, capHint = ''): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new BoundedReadError(`cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new BoundedReadError(`is ${fileKind(st)}, not a regular file`);
    if (st.size > cap) throw new BoundedReadError(`has ${st.size} bytes, over the limit of ${cap} bytes (${cap >= 1048576 ? `${Math.round(cap / 1048576)} MiB` : `${Math.round(cap / 1024)} KiB`})${capHint}`);
    const buffer = Buffer.allocUnsafe(Math.min(cap, st.size) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > cap) throw new BoundedReadError(`grew over the limit of ${cap} bytes while being read`);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length).toString('utf8');
  } catch (err) {
    if (err instanceof BoundedReadError) throw err;
    throw new BoundedReadError(`cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Read a data file as UTF-8 through readBoundedText, refusing (InputError at `jsonPath`) anything
 * but a regular file of at most `cap` bytes. The file's contents never appear in a message.
 */
export function readBoundedFile(path: string, jsonPath: string, what = 'data file', cap = dataFileCapBytes()): string {
  try {
    return readBoundedText(path, cap, '; raise it with the environment variable SGD_SDE_MAX_DATA_MB');
  } catch (err) {
    if (!(err instanceof BoundedReadError)) throw err;
    const message = err.message.replace(/, not a regular file$/, `: a ${what === 'CSV file' || what === 'data file' ? 'data file' : what} must be a regular file`);
    throw new InputError([{ path: jsonPath, message: `${what} ${path} ${message}` }], 'data');
  }
}

/** lstat that returns undefined for a missing path. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Where JSON.parse failed, without the file's text: V8's message quotes the start of the input
 * ("root:x:0:0"... is not valid JSON), which would echo a private file named by mistake.
 */
export function jsonErrorWithoutText(err: unknown, text: string): string {
  const message = (err as Error).message ?? String(err);
  const position = /position (\d+)/.exec(message)?.[1];
  const at = position !== undefined ? Number(position) : undefined;
  if (at === undefined) return /Unexpected end/.test(message) ? 'the text ends before the JSON value does' : 'not a JSON value';
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return `a syntax error at line ${line}, column ${column} (character ${at})`;
}
