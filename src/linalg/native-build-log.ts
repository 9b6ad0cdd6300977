import { closeSync, lstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../version.js';

/** The install step's first log line when it built no addon (scripts/build-native.mjs writes it). */
const NOT_BUILT_PREFIX = 'sgd-sde native addon not built: ';

/**
 * Why the install step built no addon, from the first line of the package's own native/build.log
 * (never a path a user names); undefined when it does not say.
 */
export function installSkipReason(): string | undefined {
  const log = join(packageRoot, 'native', 'build.log');
  try {
    if (!lstatSync(log).isFile()) return undefined; // never open a FIFO: it would block
    const fd = openSync(log, 'r');
    try {
      const head = Buffer.alloc(300);
      const line = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8').split('\n')[0];
      return line.startsWith(NOT_BUILT_PREFIX) ? line.slice(NOT_BUILT_PREFIX.length).replace(/[^\x20-\x7e]/g, '?') : undefined;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
