import { describe, it, expect } from 'vitest';
import { runStress } from '../../src/stress/run.js';
import { formatStressReport } from '../../src/stress/report.js';
import type { Sampler } from '../../src/dynamics/samplers.js';

/**
 * The stress properties two-batch and escape inside their regions, each with its twin: the shipped
 * formulas pass (per-case false-failure rate 6.3e-5 at 4σ); a planted wrong formula fails —
 * c(N,B) = 2/B for the two-batch estimator (it halves the estimated tr S), T = ε c σ² (the ½
 * dropped) for the escape time.
 */
describe('two-batch and escape stress properties', () => {
  it('hold with the shipped formulas', async () => {
    const report = await runStress({ properties: ['two-batch', 'escape'], runs: 6, timeBudget: 60, maps: false });
    const text = formatStressReport(report);
    expect(report.failed, text).toBe(false);
    for (const p of report.properties) expect(p.cases, p.name).toBe(6);
  });

  it('two-batch: a planted c(N,B) = 2/B is caught', async () => {
    const report = await runStress({ properties: ['two-batch'], runs: 6, timeBudget: 30, maps: false, overrides: { noiseFactor: (_n: number, b: number, _s: Sampler) => 2 / b } });
    expect(report.failed).toBe(true);
    expect(report.properties[0].failures).toBe(1);
  });

  it('escape: a planted T = ε c σ² is caught', async () => {
    const report = await runStress({ properties: ['escape'], runs: 6, timeBudget: 30, maps: false, overrides: { escapeTemperature: (lr: number, c: number, v: number) => lr * c * v } });
    expect(report.failed).toBe(true);
    expect(report.properties[0].failures).toBe(1);
  });
});
