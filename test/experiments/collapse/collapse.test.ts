import { describe, it, expect } from 'vitest';
import { parseScenario } from '../../../src/run/load-scenario.js';
import { runScenario } from '../../../src/run/runner.js';
import type { Result } from '../../../src/core/result.js';
import type { CollapseCellResult } from '../../../src/experiments/collapse/cells.js';
import { collapseTest } from '../../../src/experiments/collapse/analysis.js';
import { InputError } from '../../../src/errors.js';
import { buildFigures } from '../../../src/plots/registry.js';
import { compileSpec } from '../../../src/plots/render.js';

/**
 * The collapse experiment end to end, with fixed seeds: N × excess loss against g·tr(S)/4 over a
 * grid of (ε, B, N, m), within the stated tolerance (4σ on the chi-square's normal score, a
 * Bonferroni 4σ on the worst cell); twins show the same data reject g doubled and the single
 * curves k·ε/B and k·ε.
 */
async function run(raw: Record<string, unknown>, workers = 1): Promise<Result> {
  return runScenario(parseScenario({ experiment: 'collapse', ...raw }), { workers });
}

const quadratic = {
  seed: 5,
  model: { kind: 'quadratic', dim: 2, n: 60, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 2 } },
  grid: { lr: [0.01, 0.02], batchSize: [2, 6], n: [60, 240], momentum: [0, 0.5] },
  run: { replicas: 32, time: 40 },
};

const cellsOf = (r: Result) => (r.measured as { cells: (CollapseCellResult & { z: number })[] }).cells;
const byId = (r: Result, id: string) => r.predictions.find((p) => p.id === id)!;

describe('collapse experiment', () => {
  it('quadratic, isotropic noise: tr S = dσ² at every N, the cells collapse onto g·tr(S)/4 and not onto k·ε/B or k·ε', async () => {
    const r = await run(quadratic);
    const cells = cellsOf(r);
    expect(cells).toHaveLength(16);
    // whitened offsets: tr S = d σ² exactly, whatever N
    for (const c of cells) expect(c.traceS).toBeCloseTo(2 * 2, 10);
    expect((r.measured as { traceS: number }).traceS).toBeCloseTo(4, 10);
    for (const c of cells) expect(c.predicted).toBeCloseTo((c.g * 4) / 4, 12);
    // judged and passing; the worst single cell (3% s.e. with 32 replicas) cannot tell a 10% error: N/E
    const failing = r.predictions.filter((p) => p.verdict !== (p.id === 'collapse.worst-cell' ? 'N/E' : 'PASS')).map((p) => `${p.verdict} ${p.id} z=${p.z.toFixed(2)}`);
    expect(failing).toEqual([]);
    expect(byId(r, 'collapse.worst-cell').notEvaluable).toMatch(/^inconclusive: /);
    expect(byId(r, 'contrast.lr-over-b').expect).toBe('disagree');
    expect(byId(r, 'contrast.lr').expect).toBe('disagree');
    // every cell carries its covariance with standard errors, and the exact theory (quadratic: discrete Lyapunov / heavy ball)
    for (const c of cells) {
      expect(c.covariance).toHaveLength(2);
      expect(c.covarianceStdError[0][0]).toBeGreaterThan(0);
      expect(c.exactExcess).not.toBeNull();
    }
  });

  it('draws N × excess against g and against ε/B, and the spec compiles without warnings', async () => {
    const figures = buildFigures(await run({ ...quadratic, run: { replicas: 8, time: 5 } }));
    expect(figures.map((f) => f.id)).toEqual(['collapse']);
    expect(compileSpec(figures[0].spec).warnings).toEqual([]);
    expect(JSON.stringify(figures[0].spec)).toContain('"field":"lrOverB"');
  });

  it('twin: the same cells reject the collapse line with g doubled', async () => {
    const r = await run(quadratic);
    const cells = cellsOf(r);
    const right = collapseTest(cells);
    const wrong = collapseTest(cells, (c) => 2 * c.predicted);
    expect(Math.abs(right.z)).toBeLessThanOrEqual(4);
    expect(wrong.z).toBeGreaterThan(4);
    // and the chi-square in the prediction is the one collapseTest computes
    expect(byId(r, 'collapse.chi-square').measured).toBeCloseTo(right.z, 12);
  });

  it('with N and m fixed, no ε/B contrast is claimed (ε/B and g are then one variable up to c(N,B))', async () => {
    const r = await run({ ...quadratic, grid: { lr: [0.01, 0.02], batchSize: [2, 6], n: [60] }, sampler: 'with-replacement', run: { replicas: 16, time: 10 } });
    expect(r.predictions.map((p) => p.id)).not.toContain('contrast.lr-over-b');
    expect(r.predictions.map((p) => p.id)).toContain('contrast.lr');
  });

  it('is a pure function of (scenario, seed), whatever the number of worker threads', async () => {
    const small = { ...quadratic, grid: { lr: [0.02], batchSize: [2, 6], n: [60, 120] }, run: { replicas: 8, time: 5 } };
    const a = await run(small, 1);
    const b = await run(small, 2);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = await run({ ...small, seed: 6 }, 1);
    expect(JSON.stringify(c.measured)).not.toBe(JSON.stringify(a.measured));
  });

  it('rejects B ≥ N (without replacement), an unstable ε and a varying N with CSV data, naming the fields', () => {
    const bad = () => parseScenario({ experiment: 'collapse', ...quadratic, grid: { lr: [0.01, 2.5], batchSize: [2, 60], n: [60, 240] } });
    expect(bad).toThrow(InputError);
    try {
      bad();
    } catch (err) {
      const paths = (err as InputError).problems.map((p) => p.path);
      expect(paths).toContain('grid.batchSize[1]');
      expect(paths).toContain('grid.lr[1]');
    }
    const csv = () => parseScenario({ experiment: 'collapse', model: { kind: 'linear-regression', csv: 'nope.csv' }, grid: { lr: [0.01], batchSize: [2], n: [10, 20] }, run: { time: 1 } }, { baseDir: '/nonexistent' });
    try {
      csv();
      expect.unreachable();
    } catch (err) {
      const paths = (err as InputError).problems.map((p) => p.path);
      expect(paths).toContain('grid.n');
      expect(paths).toContain('model.csv');
    }
  });
});
