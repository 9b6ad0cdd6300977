import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, utimesSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleDist, writeStamp } from '../../scripts/build-stamp.mjs';

/**
 * No test runs a stale dist/: `npm run build` stamps dist/ with a hash of the sources, and the
 * global setup (test/global-setup.ts) rebuilds when the stamp differs. Checked on a planted tree.
 */
function plantedTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'sgd-sde-stamp-'));
  mkdirSync(join(root, 'src', 'run'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  writeFileSync(join(root, 'src', 'run', 'tasks.ts'), 'export const tasks = {};\n');
  writeFileSync(join(root, 'src', 'index.ts'), "export * from './run/tasks.js';\n");
  return root;
}

describe('the build stamp (scripts/build-stamp.mjs)', () => {
  it('this run: dist/ holds the compiled current sources (the global setup saw to it)', () => {
    expect(staleDist(fileURLToPath(new URL('../..', import.meta.url)))).toBeUndefined();
  });

  it('is fresh after a build and stale once a source changes; restoring the bytes makes it fresh again', () => {
    const root = plantedTree();
    expect(staleDist(root)).toMatch(/no build stamp/);
    writeStamp(root);
    expect(staleDist(root)).toBeUndefined();
    writeFileSync(join(root, 'src', 'run', 'tasks.ts'), 'export const tasks = { a: 1 };\n');
    expect(staleDist(root)).toMatch(/compiled from other sources/);
    writeFileSync(join(root, 'src', 'run', 'tasks.ts'), 'export const tasks = {};\n');
    expect(staleDist(root)).toBeUndefined();
    rmSync(root, { recursive: true });
  });

  it('twin: a new source file, a renamed one and tsconfig.json count; a modification time alone does not', () => {
    const root = plantedTree();
    writeStamp(root);
    utimesSync(join(root, 'src', 'index.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(staleDist(root)).toBeUndefined();
    writeFileSync(join(root, 'src', 'extra.ts'), 'export {};\n');
    expect(staleDist(root)).toMatch(/other sources/);
    rmSync(join(root, 'src', 'extra.ts'));
    writeFileSync(join(root, 'tsconfig.json'), '{"compilerOptions":{}}\n');
    expect(staleDist(root)).toMatch(/other sources/);
    rmSync(root, { recursive: true });
  });
});
