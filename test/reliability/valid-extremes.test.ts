import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseScenario } from '../../src/run/load-scenario.js';
import { runScenario } from '../../src/run/runner.js';
import { DivergenceError, InputError, NumericalError } from '../../src/errors.js';

/**
 * Valid scenarios at the edges of what the schema allows (tiny and huge ε, eigenvalues over nine
 * decades, B = N, m = 0.99, weight decay, every sampler) run to a result or stop with one of the
 * errors the CLI maps to an exit code (2 input, 3 diverged or numerical) — never another error
 * (exit 70) — and no prediction passes on a number that is not finite.
 */
const positive = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const sampler = fc.constantFrom('with-replacement', 'without-replacement', 'epoch-shuffle');

const model = fc.oneof(
  fc.integer({ min: 1, max: 4 }).chain((dim) => fc.record({
    kind: fc.constant('quadratic'), dim: fc.constant(dim), n: fc.integer({ min: dim + 1, max: 40 }),
    spectrum: fc.array(positive(1e-6, 1e3), { minLength: dim, maxLength: dim }),
    noise: fc.record({ shape: fc.constantFrom('isotropic', 'hessian'), variance: positive(1e-6, 1e6) }),
    rotate: fc.boolean(),
  })),
  fc.integer({ min: 1, max: 3 }).chain((dim) => fc.record({
    kind: fc.constant('linear-regression'), dim: fc.constant(dim), n: fc.integer({ min: dim + 1, max: 30 }),
    inputSpectrum: fc.array(positive(1e-4, 1e2), { minLength: dim, maxLength: dim }), labelNoise: positive(0, 10),
  })),
  fc.record({ kind: fc.constant('potential'), n: fc.integer({ min: 3, max: 30 }), noise: fc.record({ variance: positive(1e-4, 10) }) }),
  fc.record({
    kind: fc.constant('logistic-regression'), lambda: positive(1e-3, 10),
    data: fc.record({ synthetic: fc.record({ features: fc.integer({ min: 1, max: 3 }), trainPerClass: fc.integer({ min: 2, max: 15 }), testPerClass: fc.constant(0), separation: positive(0, 5) }) }),
  }),
);

const scenario = fc.record({ model, lr: positive(1e-6, 5), momentum: fc.oneof(fc.constant(0), positive(0, 0.99)), sampler, weightDecay: fc.oneof(fc.constant(0), positive(0, 5)), sde: fc.boolean(), order2: fc.boolean(), b: fc.nat(), seed: fc.nat({ max: 1000 }) })
  .map(({ model: m, lr, momentum, sampler: smp, weightDecay, sde, order2, b, seed }) => {
    const n = 'n' in m ? (m.n as number) : 2 * (m as { data: { synthetic: { trainPerClass: number } } }).data.synthetic.trainPerClass;
    return {
      experiment: 'stationary', seed, model: m,
      optimizer: { lr, batchSize: 1 + (b % n), momentum, sampler: smp, weightDecay },
      dynamics: { sgd: true, sde: sde ? { substeps: 2, smeOrder: order2 && momentum === 0 ? 2 : 1 } : false },
      run: { replicas: 3, steps: 40, burnIn: 10 },
    };
  });

describe('valid scenarios at the edges', () => {
  it('run to a result, or stop with an input, divergence or numerical error; no NaN passes', async () => {
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(scenario, async (raw) => {
        let outcome = 'result';
        try {
          const result = await runScenario(parseScenario(raw), { workers: 1 });
          for (const p of result.predictions) {
            if (p.pass) for (const k of ['predicted', 'measured', 'stdError', 'z'] as const) expect(Number.isFinite(p[k]), `${p.id}.${k}`).toBe(true);
          }
          const text = JSON.stringify(result);
          expect(text.length).toBeGreaterThan(0);
        } catch (err) {
          const known = err instanceof InputError || err instanceof DivergenceError || err instanceof NumericalError;
          expect(known, `${(err as Error).stack}\n${JSON.stringify(raw)}`).toBe(true);
          outcome = (err as Error).name;
          expect((err as Error).message.length).toBeGreaterThan(10);
        }
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }),
      { seed: 2718, numRuns: 120 },
    );
    expect(outcomes.result).toBeGreaterThan(20);
  });
});
