import { describe, it, expect } from 'vitest';
import { runStress } from '../../src/stress/run.js';
import { formatStressReport } from '../../src/stress/report.js';
import { parseScenario } from '../../src/run/load-scenario.js';
import { runScenario } from '../../src/run/runner.js';
import type { Sampler } from '../../src/dynamics/samplers.js';

/**
 * The twin of the defaults test: plant g = 2εN/B (c = 2/B) in place of ε(N/B − 1) through the
 * library's test-only override, and stress must fail with a shrunk counterexample whose scenario
 * `sgd-sde run` accepts.
 */
const planted = { noiseFactor: (_n: number, b: number, _s: Sampler) => 2 / b };

describe('a planted wrong noise scale is caught', () => {
  it('exact enumeration and simulation both fail, shrunk to minimal runnable scenarios', async () => {
    const report = await runStress({ properties: ['noise-factor', 'discrete-lyapunov'], runs: 20, timeBudget: 15, overrides: planted });
    const text = formatStressReport(report);
    expect(report.failed).toBe(true); // the CLI maps this to exit code 1
    expect(report.planted).toEqual(['noiseFactor']);
    expect(text).toMatch(/PLANTED formulas/);
    for (const p of report.properties) {
      expect(p.failures, p.name).toBe(1);
      const ce = p.counterexample!;
      expect(ce.scenarios.length).toBeGreaterThan(0);
      for (const s of ce.scenarios) expect(parseScenario(s).kind).toBe('stationary');
      expect(text).toContain(`counterexample (shrunk ${ce.shrinks} times)`);
    }
    // shrinking reaches the smallest case: N = 2, B = 1 (c = 1 by enumeration, 2 planted)
    const nf = report.properties[0].counterexample!;
    expect(nf.case).toMatchObject({ n: 2, b: 1 });
    expect(nf.lines.join('\n')).toMatch(/formula c\(N,B\) = 2; enumeration of every batch gives Cov = 1·S/);
    const dl = report.properties[1].counterexample!;
    expect(report.properties[1].counterexample!.shrinks).toBeGreaterThan(0);
    const scenario = dl.scenarios[0] as { model: { n: number; dim: number }; optimizer: { batchSize: number } };
    expect(scenario.model.dim).toBe(1);
    // running the counterexample with the shipped theory: the measurement agrees with the true c and
    // is the very number that contradicted the planted one
    const result = await runScenario(parseScenario(scenario));
    const trace = result.predictions.find((q) => q.id === 'sgd.trace.vs.exact')!;
    // it agrees (|z| within the tolerance); whether the short shrunk run can also reject a 10% error is
    // the power rule's business (PASS or N/E inconclusive, docs/verdicts.md), never FAIL
    expect(Math.abs(trace.z)).toBeLessThanOrEqual(trace.tolerance);
    expect(trace.verdict === 'PASS' || /^inconclusive: /.test(trace.notEvaluable ?? ''), `${trace.verdict} ${trace.notEvaluable}`).toBe(true);
    expect(dl.lines.join('\n')).toContain(`measured ${Number(trace.measured.toPrecision(4))}`);
  });
});
