import { describe, it, expect } from 'vitest';
import { parseScenario } from '../../../src/run/load-scenario.js';
import { runScenario } from '../../../src/run/runner.js';
import type { Result } from '../../../src/core/result.js';
import { InputError } from '../../../src/errors.js';
import { buildFigures } from '../../../src/plots/registry.js';
import { compileSpec } from '../../../src/plots/render.js';
import { integrators, type IntegratorName } from '../../../src/dynamics/integrators/registry.js';

/**
 * The transient experiment end to end with fixed seeds: the weak-error orders of SME-1 and SME-2
 * (Monte Carlo, 4σ), the closed forms against the simulation (chi-square score, 4σ), and every
 * registered integrator's declared strong and weak orders on OU and GBM, where it integrates their
 * noise type (bootstrap, 4σ). Twins: SME-1 claimed to have order 2, SME-2 claimed order 1, and each
 * integrator's strong order moved by half an order, are rejected by the same data.
 */
const scenario = {
  seed: 3,
  model: { dim: 2, spectrum: [0.5, 0.25], start: 4 },
  horizon: 1,
  lrs: [0.1, 0.05, 0.025, 0.0125, 0.00625],
  paths: 20000,
  integrators: { steps: [16, 32, 64, 128, 256], paths: 10000, bootstrap: 200 },
};

async function run(raw: Record<string, unknown>, workers = 1): Promise<Result> {
  return runScenario(parseScenario({ experiment: 'transient', ...raw }), { workers });
}

/** Every registered integrator on each problem whose noise type it integrates (OU additive, GBM diagonal), in registry order. */
function expectedStudies() {
  const noise = { ou: 'additive', gbm: 'diagonal' } as const;
  return Object.values(integrators).flatMap((spec) => (['ou', 'gbm'] as const).flatMap((problem) => {
    const declared = spec.noise[noise[problem]];
    return declared ? [{ integrator: spec.name, abbreviation: spec.abbreviation, problem, ...declared }] : [];
  }));
}

const byId = (r: Result, id: string) => {
  const p = r.predictions.find((q) => q.id === id);
  if (!p) throw new Error(`no prediction ${id}`);
  return p;
};

describe('transient experiment', () => {
  let result: Result;

  it('SME-1 has weak order 1, SME-2 order 2; closed forms agree with the simulation; every registered integrator has its declared orders', async () => {
    result = await run(scenario);
    // judged and passing: all but GBM's weak order and weak error, which this Monte Carlo cannot resolve
    // against their alternatives (half the order; no bias): those are N/E, inconclusive (docs/verdicts.md)
    const unresolved = ['em.gbm.weak-order', 'em.gbm.weak.closed-form'];
    const failing = result.predictions.filter((p) => p.verdict !== (unresolved.includes(p.id) ? 'N/E' : 'PASS')).map((p) => `${p.verdict} ${p.id} z=${p.z.toFixed(2)}`);
    expect(failing).toEqual([]);
    for (const id of unresolved) expect(byId(result, id).notEvaluable).toMatch(/^inconclusive: /);
    for (const id of ['sme1.weak-order', 'sme2.weak-order', 'sme1.closed-form', 'sme2.closed-form', 'sgd.closed-form']) {
      expect(byId(result, id).expect).toBe('agree');
    }
    // one study per registered integrator and problem whose noise type it integrates, with its declared orders
    const studies = (result.measured as { integrators: { integrator: IntegratorName; problem: string }[] }).integrators;
    expect(studies.map((r) => `${r.integrator}/${r.problem}`)).toEqual(expectedStudies().map((e) => `${e.integrator}/${e.problem}`));
    for (const e of expectedStudies()) {
      for (const [id, order] of [[`${e.abbreviation}.${e.problem}.strong-order`, e.strongOrder], [`${e.abbreviation}.${e.problem}.weak-order`, e.weakOrder]] as const) {
        expect(byId(result, id).expect).toBe('agree');
        expect(byId(result, id).predicted).toBe(order);
      }
      const closed = `${e.abbreviation}.${e.problem}.weak.closed-form`;
      expect(byId(result, closed).verdict).toBe(unresolved.includes(closed) ? 'N/E' : 'PASS');
    }
    expect(byId(result, 'sme1.weak-order').measured).toBeCloseTo(1, 2);
    expect(Math.abs(byId(result, 'sme2.weak-order').measured - 2)).toBeLessThan(0.3);
    expect(byId(result, 'em.gbm.strong-order').predicted).toBe(0.5);
    expect(byId(result, 'em.ou.strong-order').predicted).toBe(1);
    // the closed forms over the ladder have the asymptotic orders (the fit removes the O(ε) term)
    const slopes = (result.measured as { slopes: Record<string, { closedForm: { slope: number; localSlopes: number[] } }> }).slopes;
    expect(slopes.sme1.closedForm.slope).toBeCloseTo(1, 3);
    expect(slopes.sme2.closedForm.slope).toBeCloseTo(2, 3);
    expect(slopes.sme2.closedForm.localSlopes.at(-1)).toBeCloseTo(2, 2);
  });

  it('twins: the same data reject order 2 for SME-1, order 1 for SME-2 and each integrator’s strong order half an order off', () => {
    const contrast = byId(result, 'sme1.weak-order.vs.2');
    expect(contrast.expect).toBe('disagree');
    expect(contrast.pass).toBe(true);
    expect(Math.abs(contrast.z)).toBeGreaterThan(4);
    const sme2 = byId(result, 'sme2.weak-order');
    expect(Math.abs(sme2.measured - 1) / sme2.stdError).toBeGreaterThan(4);
    const contrasts = result.predictions.filter((p) => /\.strong-order\.vs\./.test(p.id));
    expect(contrasts.length).toBe(expectedStudies().length);
    expect(contrasts.map((p) => p.id)).toContain('em.ou.strong-order.vs.0.5');
    expect(contrasts.map((p) => p.id)).toContain('em.gbm.strong-order.vs.1');
    for (const p of contrasts) {
      expect(p.expect).toBe('disagree');
      expect(Math.abs(p.z)).toBeGreaterThan(4);
    }
  });

  it('draws the weak error against ε and the integrators’ errors against h; the specs compile without warnings', () => {
    const figures = buildFigures(result);
    expect(figures.map((f) => f.id)).toEqual(['transient-weak-error', 'transient-integrators']);
    for (const f of figures) expect(compileSpec(f.spec).warnings).toEqual([]);
  });

  it('is a pure function of (scenario, seed), whatever the number of worker threads', async () => {
    const small = { ...scenario, lrs: [0.1, 0.05, 0.025, 0.0125], paths: 500, integrators: { steps: [8, 16, 32, 64], paths: 400, bootstrap: 20 } };
    const a = await run(small, 1);
    const b = await run(small, 2);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('rejects a horizon that is not a whole number of steps, unstable ε and step counts that do not nest', () => {
    try {
      parseScenario({ experiment: 'transient', ...scenario, horizon: 1, lrs: [0.3, 2.5, 0.1], integrators: { steps: [16, 24, 64] } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      const paths = (err as InputError).problems.map((p) => p.path);
      expect(paths).toContain('lrs[0]');
      expect(paths).toContain('lrs[1]');
      expect(paths).toContain('integrators.steps[1]');
    }
  });
});
