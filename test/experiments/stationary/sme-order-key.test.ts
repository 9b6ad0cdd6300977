import { describe, it, expect } from 'vitest';
import { parseScenario } from '../../../src/run/load-scenario.js';
import { InputError } from '../../../src/errors.js';

/** One word per concept (docs/glossary.md): the SME order is `smeOrder`; the old key `order` is refused, naming the new one. */
const base = {
  experiment: 'stationary', name: 'sme-order', seed: 1,
  model: { kind: 'quadratic', dim: 2, n: 50, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance: 1 } },
  optimizer: { lr: 0.05, batchSize: 5 },
  run: { replicas: 8, steps: 100 },
};

describe('dynamics.sde.smeOrder', () => {
  it('the old key order is refused with a message that names smeOrder', () => {
    try {
      parseScenario({ ...base, dynamics: { sgd: true, sde: { substeps: 'auto', order: 2 } } }, { quick: false, baseDir: '.' });
      expect.unreachable('the old key was accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      const problems = (err as InputError).problems;
      expect(problems.map((p) => p.path)).toEqual(['dynamics.sde.order']);
      expect(problems[0].message).toMatch(/renamed: write smeOrder/);
    }
  });

  it('twin: smeOrder is read, and the normalised scenario holds smeOrder (default 1)', () => {
    const two = parseScenario({ ...base, dynamics: { sgd: true, sde: { substeps: 'auto', smeOrder: 2 } } }, { quick: false, baseDir: '.' });
    expect((two.scenario as { dynamics: { sde: { smeOrder: number } } }).dynamics.sde.smeOrder).toBe(2);
    const byDefault = parseScenario(base, { quick: false, baseDir: '.' });
    expect((byDefault.scenario as { dynamics: { sde: Record<string, unknown> } }).dynamics.sde).toEqual({ substeps: 'auto', smeOrder: 1 });
  });
});
