import { describe, it, expect } from 'vitest';
import { parseScenario } from '../../../src/run/load-scenario.js';
import { runScenario } from '../../../src/run/runner.js';
import type { Result } from '../../../src/core/result.js';
import { buildQuadratic } from '../../../src/models/quadratic.js';
import { stationaryTheory } from '../../../src/experiments/common/stationary-theory.js';
import { noiseFactor } from '../../../src/dynamics/samplers.js';

/** The stationary experiment end to end through the library, with fixed seeds and 4σ tolerances. */
async function run(raw: Record<string, unknown>): Promise<Result> {
  return runScenario(parseScenario({ experiment: 'stationary', ...raw }));
}

const quadratic = {
  seed: 11,
  model: { kind: 'quadratic', dim: 2, n: 50, spectrum: [1, 0.4], noise: { shape: 'isotropic', variance: 1 } },
  optimizer: { lr: 0.02, batchSize: 5, sampler: 'without-replacement' },
  dynamics: { sgd: true, sde: { substeps: 'auto', smeOrder: 1 } },
  // long enough that every trace is judged: s.e. ≤ 1.25% of it, so a 10% error would be rejected (docs/verdicts.md)
  run: { replicas: 128, steps: 9000 },
};

describe('stationary experiment', () => {
  it('quadratic: SGD matches the exact discrete covariance, SDE the OU one, FDR holds (all within 4σ)', async () => {
    const r = await run(quadratic);
    const failing = r.predictions.filter((p) => p.verdict !== 'PASS').map((p) => `${p.verdict} ${p.id} z=${p.z.toFixed(2)}`);
    expect(failing).toEqual([]);
    const ids = r.predictions.map((p) => p.id);
    for (const id of ['sgd.trace.vs.exact', 'sgd.trace.vs.ou', 'sde.trace.vs.ou', 'sgd.fdr', 'sgd.excess-loss.vs.g', 'sde.excess-loss.vs.g']) expect(ids).toContain(id);
    const m = r.measured as { sgd: { covariance: number[][]; covarianceStdError: number[][] } };
    expect(m.sgd.covariance.length).toBe(2);
    expect((r.theory as { exact: { source: string } }).exact.source).toBe('discrete-lyapunov');
  });

  it('twin: the same measurement rejects the theory with g doubled (c → 2c)', async () => {
    const r = await run({ ...quadratic, dynamics: { sgd: true, sde: false } });
    const model = buildQuadratic(quadratic.model as never, quadratic.seed);
    const opt = { lr: 0.02, momentum: 0, batchSize: 5, sampler: 'without-replacement' as const, weightDecay: 0 };
    const wrong = stationaryTheory(model, opt, 2 * noiseFactor(50, 5, 'without-replacement'));
    const p = r.predictions.find((q) => q.id === 'sgd.trace.vs.exact')!;
    const wrongTrace = wrong.exact!.covariance[0] + wrong.exact!.covariance[3];
    expect(Math.abs(p.measured - wrongTrace) / p.stdError).toBeGreaterThan(4);
  });

  it('twin: the fluctuation–dissipation check fails when its right side is doubled', async () => {
    const r = await run({ ...quadratic, dynamics: { sgd: true, sde: false } });
    const p = r.predictions.find((q) => q.id === 'sgd.fdr')!;
    expect(p.pass).toBe(true);
    expect(Math.abs(p.measured - 2 * p.predicted) / p.stdError).toBeGreaterThan(4);
  });

  it('is a pure function of (scenario, seed): identical results twice, different with another seed', async () => {
    const small = { ...quadratic, run: { replicas: 8, steps: 500 } };
    const a = JSON.stringify(await run(small));
    const b = JSON.stringify(await run(small));
    const c = JSON.stringify(await run({ ...small, seed: 12 }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('gives the same bytes with 1 and 2 worker threads (replica blocks on the compiled pool)', async () => {
    const small = parseScenario({ experiment: 'stationary', ...quadratic, run: { replicas: 10, steps: 400 } });
    const one = JSON.stringify(await runScenario(small, { workers: 1 }));
    const two = JSON.stringify(await runScenario(small, { workers: 2 }));
    expect(two).toBe(one);
  });

  it('momentum: SGD matches the exact heavy-ball covariance and the momentum FDR', async () => {
    const r = await run({ ...quadratic, optimizer: { lr: 0.01, batchSize: 5, momentum: 0.5, sampler: 'with-replacement' }, dynamics: { sgd: true, sde: false } });
    const failing = r.predictions.filter((p) => p.verdict !== 'PASS').map((p) => `${p.verdict} ${p.id} z=${p.z.toFixed(2)}`);
    expect(failing).toEqual([]);
    expect((r.theory as { exact: { source: string } }).exact.source).toBe('heavy-ball');
  });
});
