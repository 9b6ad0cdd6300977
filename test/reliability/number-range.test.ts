import { describe, it, expect } from 'vitest';
import { parseScenario } from '../../src/run/load-scenario.js';
import { runScenario } from '../../src/run/runner.js';
import { InputError } from '../../src/errors.js';

/**
 * Item 11 (messages that name the real cause): a noise variance whose stationary spread cannot be
 * measured in double precision is refused before any simulation, saying overflow or underflow. A
 * variance of 1e308 used to end as "SGD diverged … stability bound: ε λ_max = 0.01 must be < 2"
 * (far inside the bound), and one of 5e-324 as "non-finite measurements: nothing fluctuated".
 * Twins: variances of 1e-140 and 1e140, extreme but measurable, run and give finite measurements.
 */
const scenario = (variance: number) => parseScenario({
  experiment: 'stationary', name: 'range', seed: 1,
  model: { kind: 'quadratic', dim: 2, n: 50, spectrum: [1, 0.5], noise: { shape: 'isotropic', variance } },
  optimizer: { lr: 0.05, batchSize: 5 }, dynamics: { sgd: true, sde: false },
  run: { replicas: 16, steps: 400, burnIn: 50 },
});

async function refusal(variance: number): Promise<string> {
  try {
    await runScenario(scenario(variance), { workers: 1 });
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).problems.map((p) => `${p.path}: ${p.message}`).join('\n');
  }
  return '';
}

describe('item 11: noise out of double range is named as overflow or underflow', () => {
  it('1e308 and 1e160: overflow, not the stability bound', async () => {
    expect(await refusal(1e308)).toMatch(/^model\.noise\.variance: a noise variance of 1e\+308 overflows double precision \(the noise covariance c·S has an infinite entry/);
    expect(await refusal(1e160)).toMatch(/^model\.noise\.variance: a noise variance of 1e\+160 overflows double precision \(the predicted stationary covariance reaches .*whose square overflows/);
  });

  it('5e-324 and 1e-200: underflow, not "nothing fluctuated"', async () => {
    expect(await refusal(5e-324)).toMatch(/^model\.noise\.variance: a noise variance of 5e-324 underflows double precision: the gradient-noise covariance computed from it is 0/);
    expect(await refusal(1e-200)).toMatch(/^model\.noise\.variance: a noise variance of 1e-200 underflows double precision: the predicted stationary covariance is only/);
  });

  it('twin: 1e-140 and 1e140 run, with finite measurements', async () => {
    for (const variance of [1e-140, 1e140]) {
      const result = await runScenario(scenario(variance), { workers: 1 });
      const trace = result.predictions.find((p) => p.id === 'sgd.trace.vs.exact')!;
      expect(Number.isFinite(trace.measured) && trace.measured > 0, `${variance}`).toBe(true);
      expect(Number.isFinite(trace.stdError) && trace.stdError > 0, `${variance}`).toBe(true);
    }
  });
});
