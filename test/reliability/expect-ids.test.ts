import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { stationary } from '../../src/experiments/stationary/experiment.js';

/** A typo in `expect` must fail `validate` (exit 2, naming the JSON path). */
async function runMain(argv: string[]): Promise<{ code: number; stderr: string }> {
  const write = process.stderr.write.bind(process.stderr);
  const out = process.stdout.write.bind(process.stdout);
  let stderr = '';
  process.stderr.write = ((c: string) => { stderr += c; return true; }) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return { code: await main(argv), stderr };
  } finally {
    process.stderr.write = write;
    process.stdout.write = out;
  }
}

const base = {
  name: 'ids', experiment: 'stationary', seed: 1,
  model: { kind: 'quadratic', dim: 2, n: 50, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 1 } },
  optimizer: { lr: 0.05, batchSize: 5, sampler: 'without-replacement' },
  run: { replicas: 8, steps: 200 },
};

function file(extra: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-expect-'));
  writeFileSync(join(dir, 's.json'), JSON.stringify({ ...base, ...extra }));
  return dir;
}

describe('item 13: expect keys are checked against the kind\'s prediction ids before the run', () => {
  it('a typo (sgd.trace.vs.uo) fails validate with exit 2 and the JSON path', async () => {
    const dir = file({ expect: { 'sgd.trace.vs.uo': 'disagree' } });
    const r = await runMain(['validate', join(dir, 's.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expect\.sgd\.trace\.vs\.uo: no stationary prediction has this id/);
  });

  it('twin: the correct id validates', async () => {
    const dir = file({ expect: { 'sgd.trace.vs.ou': 'disagree' } });
    expect((await runMain(['validate', join(dir, 's.json')])).code).toBe(0);
  });

  it('every id a real run makes matches the declared patterns (they are not too narrow)', async () => {
    const dir = file({});
    await runMain(['run', join(dir, 's.json'), '--no-plots', '--out', join(dir, 'out')]);
    const raw = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
    const ids: string[] = (Array.isArray(raw) ? raw[0] : raw).predictions.map((p: { id: string }) => p.id);
    expect(ids.length).toBeGreaterThan(3);
    const patterns = stationary.predictionIds!(base as never);
    for (const id of ids) expect(patterns.some((re) => re.test(id)), id).toBe(true);
  });
});
