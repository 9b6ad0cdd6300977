// The build stamp: dist/build-stamp.json records a hash of the sources dist/ was compiled from
// (every src/**/*.ts and tsconfig.json), written by `npm run build` after tsc. Worker threads run
// the compiled dist/, so the tests' global setup (test/global-setup.ts) compares the stamp with the
// sources and rebuilds when they differ: no test runs a stale dist/. Content, not modification times:
// a checkout, a stash or a rebase that restores older sources is caught as well.
//
//   node scripts/build-stamp.mjs        write the stamp (the last step of `npm run build`)
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STAMP = join('dist', 'build-stamp.json');

function sources(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** sha256 over the relative path and the bytes of every source tsc compiles, in a fixed order. */
export function sourceHash(root) {
  const hash = createHash('sha256');
  for (const file of [join(root, 'tsconfig.json'), ...sources(join(root, 'src'))]) {
    hash.update(relative(root, file).split(sep).join('/')).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Why dist/ does not hold the compiled current sources, or undefined when it does. */
export function staleDist(root) {
  const stamp = join(root, STAMP);
  if (!existsSync(stamp)) return 'dist/ has no build stamp (it was not built by `npm run build`)';
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(stamp, 'utf8')).sourceHash;
  } catch {
    return `${STAMP} is unreadable`;
  }
  return recorded === sourceHash(root) ? undefined : 'dist/ was compiled from other sources than src/ holds now';
}

export function writeStamp(root) {
  const stamp = join(root, STAMP);
  writeFileSync(`${stamp}.tmp`, `${JSON.stringify({ sourceHash: sourceHash(root) })}\n`);
  renameSync(`${stamp}.tmp`, stamp);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeStamp(fileURLToPath(new URL('..', import.meta.url)));
