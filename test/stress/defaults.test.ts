import { describe, it, expect } from 'vitest';
import { runStress } from '../../src/stress/run.js';
import { propertyNames } from '../../src/stress/registry.js';
import { formatStressReport } from '../../src/stress/report.js';

/**
 * The shipped theory passes its own stress test: every registered property, the default
 * configuration, fewer cases (the CLI default runs more). Each simulation case fails by chance
 * with probability 6.3e-5 (4σ), so this test's false-failure rate is ≈ 1e-3 at most.
 */
describe('stress with the shipped formulas', () => {
  it('every property holds inside its region (exit 0), with validity maps', async () => {
    const report = await runStress({ runs: 3 });
    const text = formatStressReport(report);
    expect(report.failed, text).toBe(false);
    expect(report.properties.map((p) => p.name)).toEqual(propertyNames);
    for (const p of report.properties) {
      expect(p.cases, p.name).toBe(3);
      expect(p.failures).toBe(0);
      expect(p.counterexample).toBeUndefined();
      expect(Object.keys(p.heldOn).length, p.name).toBeGreaterThan(0);
      if (p.method === 'simulation') expect(p.falseFailureRate.perCase).toBeCloseTo(6.334e-5, 7);
    }
    expect(report.maps.map((m) => m.id).sort()).toEqual(['discrete-least-squares', 'ou-heavy-ball', 'ou-least-squares', 'ou-quadratic', 'sde-least-squares']);
    expect(text).toMatch(/all 10 properties held/);
    expect(text).not.toMatch(/PLANTED/);
  });
});
