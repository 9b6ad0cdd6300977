import { describe, it, expect } from 'vitest';
import { compile } from 'vega-lite';
import { loadStressConfig } from '../../src/stress/config.js';
import { computeValidityMap } from '../../src/stress/validity-map.js';
import { validityHeatmap } from '../../src/stress/heatmap.js';
import { defaultFormulas } from '../../src/stress/formulas.js';
import type { MapSettings } from '../../src/stress/validity-approximations.js';

const base = loadStressConfig().validityMap;
const settings = (over: Partial<MapSettings>): MapSettings => ({ ...base, randomCases: 50, ...over });

describe('validity maps (theory vs theory)', () => {
  it('OU on the quadratic: relative error ε λ_max / 2 at small ε, so it holds up to ε λ_max = 2r', () => {
    const x = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3];
    const s = settings({ lrLambdaMax: x, quadratic: { dim: 3, n: 50, spectrum: [1, 0.4, 0.1], noise: 'hessian', rotate: true, seed: 5 } });
    const map = computeValidityMap('ou-quadratic', s, 0.05, defaultFormulas, 1);
    for (const row of map.rows)
      row.cells.forEach((cell, k) => {
        expect(cell.worst! / (x[k] / 2)).toBeCloseTo(1, 8); // exact per mode: (Σ_exact − Σ_OU)/Σ_exact = ελ/2
        expect(cell.trace!).toBeLessThanOrEqual(cell.worst! * (1 + 1e-9)); // the trace averages over modes
      });
    expect(map.leadingOrder!.maxRelativeDeviation).toBeLessThan(1e-8);
    // r = 5%: holds on the grid up to 0.03 (0.1 gives exactly 5%, the edge), fails beyond
    const r = computeValidityMap('ou-quadratic', settings({ lrLambdaMax: [0.01, 0.05, 0.09, 0.11, 0.3] }), 0.05, defaultFormulas, 1);
    for (const row of r.rows) {
      expect(row.holdsUpTo).toBe(0.09);
      expect(row.edge!).toBeCloseTo(0.1, 10);
      // random problems break exactly where the formula says: every case within r lies below 0.1, every one beyond above
      if (row.random.lastWithin !== null) expect(row.random.lastWithin).toBeLessThanOrEqual(0.1 + 1e-12);
      if (row.random.firstBeyond !== null) expect(row.random.firstBeyond).toBeGreaterThan(0.1 - 1e-12);
    }
    expect(r.region).toMatch(/at every B\/N/);
  });

  it('twin: a map that ignored the ε H Σ H term would not show ε λ/2 (the check can fail)', () => {
    const map = computeValidityMap('ou-quadratic', settings({ lrLambdaMax: [0.01, 0.2] }), 0.05, defaultFormulas, 1);
    // at ε λ_max = 0.2 the exact error is 10%: beyond r, and far from a wrong "ε λ/4"
    for (const row of map.rows) {
      expect(row.cells[1].within).toBe(false);
      expect(Math.abs(row.cells[1].worst! - 0.2 / 4)).toBeGreaterThan(0.04);
    }
  });

  it('OU vs heavy ball: error ε λ_max / (2(1+m)), so momentum widens the region', () => {
    const x = [0.005, 0.02, 0.08];
    const map = computeValidityMap('ou-heavy-ball', settings({ lrLambdaMax: x, momentum: [0, 0.5, 0.9] }), 0.05, defaultFormulas, 2);
    for (const row of map.rows) row.cells.forEach((c, k) => expect(c.worst! / (x[k] / (2 * (1 + row.yActual)))).toBeCloseTo(1, 8));
  });

  it('least squares: every approximation gets worse with ε λ_max; state-dependent noise makes OU worse at small B/N', () => {
    const s = settings({ lrLambdaMax: [0.01, 0.05, 0.2, 0.5], batchFraction: [0.1, 0.5, 0.75] });
    for (const id of ['ou-least-squares', 'sde-least-squares', 'discrete-least-squares'] as const) {
      const map = computeValidityMap(id, s, 0.05, defaultFormulas, 3);
      for (const row of map.rows) {
        const e = row.cells.map((c) => c.worst!);
        for (let k = 1; k < e.length; k++) expect(e[k]).toBeGreaterThan(e[k - 1]);
        expect(e[0]).toBeLessThan(0.05);
      }
      if (id === 'ou-least-squares') expect(map.rows[0].cells[1].worst!).toBeGreaterThan(map.rows[2].cells[1].worst!);
      if (id === 'discrete-least-squares') expect(map.rows[2].holdsUpTo!).toBeGreaterThan(map.rows[0].holdsUpTo!); // additive noise is the large-batch limit
    }
  });

  it('the heatmap spec compiles with Vega-Lite and has one cell per grid point', () => {
    const map = computeValidityMap('ou-least-squares', settings({ randomCases: 0 }), 0.05, defaultFormulas, 1);
    const spec = validityHeatmap(map) as unknown as { data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(map.rows.length * map.x.length);
    expect(() => compile(spec as never)).not.toThrow();
  });
});
