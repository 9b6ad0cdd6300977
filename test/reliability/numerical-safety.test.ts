import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { comparePrediction } from '../../src/stats/compare.js';
import { assertFiniteMeasurements, judgePredictions } from '../../src/run/prediction-guard.js';
import { named } from '../../src/stats/alternatives.js';
import { NumericalError } from '../../src/errors.js';
import { parseScenario } from '../../src/run/load-scenario.js';
import { runScenario } from '../../src/run/runner.js';
import { root, smallSweep } from './mutate.js';

/**
 * No NaN ever passes, and an unstable sweep warns up front and stops with exit 3 instead of
 * writing NaN (the stationary case is in test/cli/cli.test.ts).
 */
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
const anyNumber = fc.oneof(finite, fc.constantFrom(Number.NaN, Infinity, -Infinity, 0));

describe('a prediction with a non-finite number never passes', () => {
  it('comparePrediction: NaN or ±Infinity anywhere, or a zero standard error, fails both ways', () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, fc.constantFrom<'agree' | 'disagree'>('agree', 'disagree'), (predicted, measured, stdError, expect_) => {
        const p = comparePrediction({ id: 'p', description: '', predicted, measured, stdError, expect: expect_, alternative: named(predicted + 1, 'x') });
        if (![predicted, measured, stdError].every(Number.isFinite) || !(stdError > 0)) expect([p.pass, p.verdict]).toEqual([false, 'N/E']);
        if (p.pass) expect(Number.isFinite(p.z)).toBe(true);
        expect(p.pass).toBe(p.verdict === 'PASS');
      }),
      { seed: 3, numRuns: 2000 },
    );
  });

  it('judgePredictions overrides a hand-built PASS whose numbers are not finite, and says so; the runner refuses them (exit 3)', () => {
    const warnings: string[] = [];
    const good = { id: 'ok', description: '', predicted: 1, measured: 1.1, stdError: 0.1, tolerance: 4, z: 1, expect: 'agree' as const, alternative: named(2, 'x'), verdict: 'PASS' as const, pass: true };
    const bad = [{ ...good, id: 'nan', measured: Number.NaN }, { ...good, id: 'inf', stdError: Infinity }, { ...good, id: 'zero', stdError: 0 }];
    const out = judgePredictions([good, ...bad], {}, (m) => warnings.push(m));
    expect(out.map((p) => [p.verdict, p.pass])).toEqual([['PASS', true], ['N/E', false], ['N/E', false], ['N/E', false]]);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/nan: PASS as built, N\/E by the verdict rule \(not evaluable: measured not finite\)/);
    for (const p of bad) expect(() => assertFiniteMeasurements([p])).toThrow(NumericalError);
    expect(() => assertFiniteMeasurements([good])).not.toThrow();
  });

  it('a sweep of networks that all diverge ends in a numerical failure naming the predictions, never passes on NaN', async () => {
    const net = {
      experiment: 'batch-size', name: 'diverging-mlp', seed: 9,
      model: { kind: 'mlp', hidden: 8, digits: [0, 1, 7], trainPerClass: 8, testPerClass: 5 },
      optimizer: { lr: 1e30, momentum: 0.9 }, batchSizes: [2, 4, 8], run: { seeds: 2, steps: 15 }, fit: { bootstrap: 30 },
    };
    // non-finite measurements are a numerical failure (exit 3) with the cause, not a verdict
    await expect(runScenario(parseScenario(net), { workers: 1 })).rejects.toThrow(/non-finite measurements; results\.json is not written/);
    await expect(runScenario(parseScenario(net), { workers: 1 })).rejects.toThrow(/interior-optimum:base: the standard error is 0 \(nothing fluctuated.*every cell diverged/);
  });
});

describe('an unstable learning rate in a sweep', () => {
  it('warns before the run, exits 3 naming step, replica and bound, and writes no results', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-unstable-'));
    const file = join(dir, 'unstable.json');
    writeFileSync(file, JSON.stringify({ ...smallSweep, optimizer: { lr: 2.5 } })); // curvature ≥ 1 everywhere: ε λ ≥ 2.5 > 2
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), 'run', file, '--out', out, '--workers', '2'], { cwd: root, encoding: 'utf8', timeout: 600_000 });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr).toMatch(/warning: learning rate beyond the stability bound at the starting point/);
    expect(r.stderr).toMatch(/warning: learning rate beyond the stability bound near the minima/);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/SGD diverged at step \d+ in replica \d+ .*stability bound: .*2\(1\+m\)/);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    // whatever finished before the divergence is kept, and holds no NaN
    for (const f of existsSync(out) ? readdirSync(out) : []) {
      expect(f).toBe('checkpoint.jsonl');
      expect(readFileSync(join(out, f), 'utf8')).not.toMatch(/NaN|null|\$number/);
    }
  });
});
