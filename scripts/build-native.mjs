#!/usr/bin/env node
// Install step (package.json "install"): build the optional native BLAS addon (native/, OpenBLAS
// through Node-API) with node-gyp. It never fails the install: when OpenBLAS's headers, a compiler
// or node-gyp are missing, it prints one line and the WebAssembly kernels are used instead.
// SGD_SDE_NATIVE=off skips the build. The full build log is kept in native/build.log.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const native = join(root, 'native');
const addon = join(native, 'build', 'Release', 'sgd_sde_blas.node');
// The command that reruns this step: `npm rebuild sgd-sde` for a dependency (under node_modules/);
// in a checkout npm rebuild does not run the package's own install script, `npm run install` does.
// (src/linalg/backend.ts gives the same hint at run time.)
const rebuild = root.split(/[\\/]/).includes('node_modules') ? 'npm rebuild sgd-sde' : 'npm run install';
const disabled = process.env.SGD_SDE_NATIVE === 'off';
const hint = disabled
  ? `for the faster one: unset SGD_SDE_NATIVE, then \`${rebuild}\``
  : `for the faster one: apt-get install libopenblas-dev, then \`${rebuild}\``;

// The first line of native/build.log says why there is no addon: the run-time message quotes it
// (the addon missing because SGD_SDE_NATIVE=off is not the same as OpenBLAS missing).
const NOT_BUILT_PREFIX = 'sgd-sde native addon not built: ';

function unavailable(why, log = '') {
  try { writeFileSync(join(native, 'build.log'), `${NOT_BUILT_PREFIX}${why}\n${log}`); } catch { /* read-only install: no log */ }
  console.log(`native BLAS backend unavailable (${why}): using WebAssembly; ${hint}`);
  process.exit(0);
}

if (disabled) unavailable('SGD_SDE_NATIVE=off at install');
if (!existsSync(join(native, 'binding.gyp'))) unavailable('native/ sources not shipped');

// node-gyp: the one npm runs lifecycle scripts with, else npm's bundled copy, else a local install.
function findNodeGyp() {
  const candidates = [process.env.npm_config_node_gyp];
  if (process.env.npm_execpath) candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  try { candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js')); } catch { /* not installed locally */ }
  return candidates.find((p) => p && existsSync(p));
}
const gyp = findNodeGyp();
if (!gyp) unavailable('node-gyp not found');

// Node's own headers when they sit next to the binary (Debian/NodeSource packages, official
// tarballs): no download, so the build works offline.
const args = [gyp, 'rebuild', '--directory', native];
const prefix = join(dirname(process.execPath), '..');
if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);

const run = spawnSync(process.execPath, args, { cwd: native, encoding: 'utf8', env: process.env });
const log = `${run.stdout ?? ''}${run.stderr ?? ''}`;
if (run.status !== 0 || !existsSync(addon)) {
  const why = /cblas\.h|openblas/i.test(log) && /No such file|cannot find|not found/i.test(log)
    ? 'no OpenBLAS headers or library'
    : run.error ? `node-gyp did not start: ${run.error.message}` : 'the build failed, see native/build.log';
  unavailable(why, log);
}
try { writeFileSync(join(native, 'build.log'), log); } catch { /* read-only install: no log */ }
const probe = spawnSync(process.execPath, ['-e', `const b = require(${JSON.stringify(addon)}); process.stdout.write(b.config())`], { encoding: 'utf8' });
if (probe.status !== 0) unavailable(`the built addon does not load: ${(probe.stderr || '').split('\n').find((l) => l.trim()) ?? ''}`);
console.log(`native BLAS backend built (${probe.stdout})`);
