import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

/**
 * A first run on one's own least-squares CSV must mean something. The shipped
 * scenarios/my-data.json (no expect block) exits 0: for least squares the exact covariance is
 * known, so each additive-noise approximation's expected outcome is fixed before the run from its
 * bias against the planned standard error ('disagree', 'agree' or 'not-judged'). Before this, the
 * default was 'agree' everywhere and the run exited 1 (sgd.trace.vs.ou at 15.6σ, sgd.excess-loss.vs.g
 * at 21.6σ with --quick).
 */
async function runMain(argv: string[]): Promise<{ code: number; stdout: string }> {
  const write = process.stderr.write.bind(process.stderr);
  const out = process.stdout.write.bind(process.stdout);
  let stdout = '';
  process.stderr.write = (() => true) as typeof process.stderr.write;
  process.stdout.write = ((c: string) => { stdout += c; return true; }) as typeof process.stdout.write;
  try {
    return { code: await main(argv), stdout };
  } finally {
    process.stderr.write = write;
    process.stdout.write = out;
  }
}

function scenarioCopy(extra: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-first-use-'));
  mkdirSync(join(dir, 'data'));
  copyFileSync('scenarios/data/my-data.csv', join(dir, 'data', 'my-data.csv'));
  const s = JSON.parse(readFileSync('scenarios/my-data.json', 'utf8'));
  writeFileSync(join(dir, 'my-data.json'), JSON.stringify({ ...s, ...extra }));
  return dir;
}

type P = { id: string; expect: string; pass: boolean };
const byId = (ps: P[]) => Object.fromEntries(ps.map((p) => [p.id, p]));

describe('item 14: defaults follow what theory expects for the model', () => {
  it('scenarios/my-data.json (own CSV, no expect block) exits 0, expectations fixed by theory', async () => {
    const dir = scenarioCopy({});
    const r = await runMain(['run', join(dir, 'my-data.json'), '--quick', '--no-plots', '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
    const p = byId((Array.isArray(result) ? result[0] : result).predictions);
    // exact theories are always expected to agree and do (4σ)
    expect(p['sgd.trace.vs.exact'].expect).toBe('agree');
    expect(p['sgd.trace.vs.exact'].pass).toBe(true);
    expect(p['sde.trace.vs.sdeExact'].pass).toBe(true);
    // the additive-noise approximations: the planned bias decides, never the measurement
    expect(p['sgd.trace.vs.ou'].expect).toBe('disagree');
    expect(p['sgd.excess-loss.vs.g'].expect).toBe('disagree');
    expect(p['sde.trace.vs.ou'].expect).toBe('not-judged');
    expect(r.stdout).toMatch(/INFO\s+sde\.trace\.vs\.ou .*not judged/);
    expect(r.stdout).toMatch(/7 of 7 judged predictions pass; 1 N\/E; 3 INFO/);
  });

  it('twin: declaring the old default ("agree") for the OU approximation fails, as the data reject it', async () => {
    const dir = scenarioCopy({ expect: { 'sgd.trace.vs.ou': 'agree' } });
    const r = await runMain(['run', join(dir, 'my-data.json'), '--quick', '--no-plots', '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+sgd\.trace\.vs\.ou/);
  });

  it('the expectations do not depend on the simulation: another seed, the same expect fields', async () => {
    const expects: string[][] = [];
    for (const seed of [1, 2]) {
      const dir = scenarioCopy({ seed });
      await runMain(['run', join(dir, 'my-data.json'), '--quick', '--no-plots', '--out', join(dir, 'out')]);
      const result = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
      expects.push((Array.isArray(result) ? result[0] : result).predictions.map((q: P) => `${q.id}:${q.expect}`));
    }
    expect(expects[1]).toEqual(expects[0]);
  });
});
