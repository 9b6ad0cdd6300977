import { describe, it, expect } from 'vitest';
import { rngFor } from '../../src/rng/streams.js';
import { runCells } from '../../src/workers/pool.js';
import { tasks, w4Share, W4_TASKS_MODULE, type W4Share } from '../../src/bench/w4-work.js';

/** Benchmark W4 shares its values of λ among worker threads: the same numbers as in-process. */
describe('W4 on worker threads', () => {
  it('two threads with interleaved λ give the log-determinants of one thread doing them all', async () => {
    const n = 60, features = 50;
    const rng = rngFor(0, 'w4-share-test');
    const x = Float64Array.from({ length: n * features }, () => rng.uniform());
    const y = Float64Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : 0));
    const lambdas = [0.01, 0.1, 1, 10, 100];
    const whole = w4Share({ n, features, x, y, lambdas });
    const cells = [0, 1].map((t) => ({ task: 'bench/w4-share', payload: { n, features, x, y, lambdas: lambdas.filter((_, k) => k % 2 === t) } as W4Share }));
    const sums = await runCells<number>(cells, { workers: 2, registry: tasks, registryModule: W4_TASKS_MODULE });
    expect(Number.isFinite(whole)).toBe(true);
    expect(sums[0] + sums[1]).toBeCloseTo(whole, 9);
  });
});
