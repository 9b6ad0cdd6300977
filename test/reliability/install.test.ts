import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './mutate.js';
import { rebuildCommand } from '../../src/linalg/backend.js';

/**
 * Installing: the lockfile that `npm install` leaves as it is, the hint that works where the
 * package sits (a checkout or a dependency), and messages that name the real cause when the
 * native addon is missing because SGD_SDE_NATIVE=off switched it off.
 */
describe('install', () => {
  it('package-lock.json records the install script, so npm install on a fresh clone does not rewrite it', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    expect(typeof pkg.scripts.install).toBe('string');
    expect(lock.packages[''].hasInstallScript).toBe(true);
  });

  it('the rebuild hint: npm run install in a checkout, npm rebuild sgd-sde as a dependency', () => {
    expect(rebuildCommand('/home/u/sgd-sde')).toBe('npm run install');
    expect(rebuildCommand('/home/u/app/node_modules/sgd-sde')).toBe('npm rebuild sgd-sde');
    expect(rebuildCommand('C:\\app\\node_modules\\sgd-sde')).toBe('npm rebuild sgd-sde');
  });

  // the install script itself, copied where a checkout and a dependency would hold it (never run in place: it writes native/build.log)
  for (const [where, expected] of [['checkout', 'npm run install'], ['node_modules/sgd-sde', 'npm rebuild sgd-sde']] as const) {
    it(`the install step with SGD_SDE_NATIVE=off (${where}) says to unset it and to run ${expected}, and records why in native/build.log`, () => {
      const pkgDir = join(mkdtempSync(join(tmpdir(), 'sgd-sde-install-')), where);
      mkdirSync(join(pkgDir, 'scripts'), { recursive: true });
      mkdirSync(join(pkgDir, 'native'));
      copyFileSync(join(root, 'scripts', 'build-native.mjs'), join(pkgDir, 'scripts', 'build-native.mjs'));
      const run = spawnSync(process.execPath, [join(pkgDir, 'scripts', 'build-native.mjs')], { encoding: 'utf8', env: { ...process.env, SGD_SDE_NATIVE: 'off' } });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('SGD_SDE_NATIVE=off');
      expect(run.stdout).toContain(`unset SGD_SDE_NATIVE, then \`${expected}\``);
      expect(run.stdout).not.toContain('apt-get');
      expect(readFileSync(join(pkgDir, 'native', 'build.log'), 'utf8').split('\n')[0]).toBe('sgd-sde native addon not built: SGD_SDE_NATIVE=off at install');
    });
  }

  it('at run time, SGD_SDE_NATIVE=off is named as the cause and the hint is to unset it (not to install OpenBLAS)', () => {
    const backend = join(root, 'dist', 'linalg', 'backend.js');
    expect(existsSync(backend), 'npm run build first').toBe(true);
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `import { backendLine } from ${JSON.stringify(backend)}; process.stdout.write(backendLine());`], {
      encoding: 'utf8',
      env: { ...process.env, SGD_SDE_NATIVE: 'off', SGD_SDE_BACKEND: 'auto' },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/native BLAS backend unavailable: disabled by the environment variable SGD_SDE_NATIVE=off; for the faster one: unset SGD_SDE_NATIVE/);
    expect(run.stdout).not.toMatch(/for the faster one: apt-get/);
  });
});
