import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { loadScenarioFile } from '../../src/run/load-scenario.js';
import { planScenario } from '../../src/plan/plan.js';
import { Rng } from '../../src/rng/xoshiro.js';

/**
 * The plan, the auto burn-in and the budget read the loaded data: a near-collinear CSV (λ_min of
 * XᵀX/N about 1e-9) is refused by validate rather than planned at the burn-in cap and run far from
 * stationarity; with an explicit burn-in it is planned from its own N, d and curvature. The budget's
 * message states the estimate run --plan prints and the limit it enforces.
 */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const err = process.stderr.write.bind(process.stderr);
  const out = process.stdout.write.bind(process.stdout);
  let stderr = '';
  let stdout = '';
  process.stderr.write = ((c: string) => { stderr += c; return true; }) as typeof process.stderr.write;
  process.stdout.write = ((c: string) => { stdout += c; return true; }) as typeof process.stdout.write;
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    process.stderr.write = err;
    process.stdout.write = out;
  }
}

/** N rows of (x1, x2, y): x2 = slope·x1 + noise (slope 2, noise 1e-4 for "equal to 4 decimals"), y = x1 + noise. */
function csv(dir: string, name: string, n: number, jitter: number): string {
  const rng = new Rng(7, 11, 13, 17);
  const rows = ['x1,x2,y'];
  for (let i = 0; i < n; i++) {
    const x1 = rng.normal();
    const x2 = Number((2 * x1 + jitter * rng.normal()).toFixed(4));
    rows.push(`${x1.toFixed(4)},${x2},${(x1 + 0.5 * rng.normal()).toFixed(4)}`);
  }
  writeFileSync(join(dir, name), `${rows.join('\n')}\n`);
  return name;
}

function scenario(dir: string, data: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, `${data}.json`);
  writeFileSync(file, JSON.stringify({
    experiment: 'stationary', name: 'collinear', seed: 1,
    model: { kind: 'linear-regression', csv: data },
    optimizer: { lr: 0.05, batchSize: 5 },
    run: { replicas: 16, steps: 600 },
    ...extra,
  }));
  return file;
}

describe('a near-collinear CSV', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-collinear-'));
  const collinear = csv(dir, 'collinear.csv', 200, 0);
  const independent = csv(dir, 'independent.csv', 200, 1);

  it('is refused by validate: the auto burn-in it needs (from λ_min of its XᵀX/N) is beyond the cap', async () => {
    const r = await cli(['validate', scenario(dir, collinear)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/run\.burnIn: "auto" needs 10\/\(ε_eff λ_min\) = [\d.]+e\+\d+ steps to relax the slowest mode \(λ_min = [\d.]+e-\d+, the smallest Hessian eigenvalue at the minimum \(nearly collinear data columns\?\)\), more than the 1e\+6 steps the automatic burn-in allows/);
    // twin: independent columns validate
    const ok = await cli(['validate', scenario(dir, independent)]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });

  it('with an explicit burn-in it is planned from its own N, d and curvature', () => {
    const plan = planScenario(loadScenarioFile(scenario(dir, collinear, { run: { replicas: 16, steps: 600, burnIn: 1000 } })));
    expect(plan.basis).toMatch(/^N = 200, d = 2, Hessian eigenvalues [\d.]+e-\d+ … [\d.]+ at the minimum; burn-in 1000 \+ 600 steps × 16 replicas; SDE \d+ substeps per step \(auto: ε_eff λ_max\/0\.004\), each O\(N·d\)/);
    const lambdaMin = Number(/eigenvalues ([\d.e+-]+) …/.exec(plan.basis!)![1]);
    expect(lambdaMin).toBeLessThan(1e-6);
  });
});

describe('the budget says the limit it enforces, with the estimate run --plan prints', () => {
  const saved = process.env.SGD_SDE_MAX_CORE_HOURS;
  afterEach(() => {
    if (saved === undefined) delete process.env.SGD_SDE_MAX_CORE_HOURS;
    else process.env.SGD_SDE_MAX_CORE_HOURS = saved;
  });
  // ε = 3.99 with m = 0.999: ε_eff = 3990, so the SDE needs ε_eff λ_max / 0.004 ≈ 10⁶ substeps per step
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-budget-'));
  const base = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'scenarios', 'quickstart.json'), 'utf8')) as Record<string, any>;
  delete base.quick;
  base.optimizer = { ...base.optimizer, lr: 3.99, momentum: 0.999 };
  base.run = { ...base.run, replicas: 2, steps: 2000 };
  const file = join(dir, 'lr399.json');
  writeFileSync(file, JSON.stringify(base));

  it('refused above the budget, accepted below it, and the message quotes --plan\'s estimate and the budget it applied', async () => {
    const plan = await cli(['run', file, '--plan']);
    expect(plan.code).toBe(0);
    const hours = Number(/core-hours: +([\d.e+-]+) /.exec(plan.stdout)![1]);
    expect(plan.stdout).toMatch(/SDE 997500 substeps per step/);
    process.env.SGD_SDE_MAX_CORE_HOURS = String(hours / 2);
    const refused = await cli(['validate', file]);
    expect(refused.code).toBe(2);
    const quoted = Number(/the cost model estimates ([\d.e+-]+) core-hours for the run/.exec(refused.stderr)![1]);
    expect(Math.abs(quoted / hours - 1)).toBeLessThan(0.01); // the same estimate, to its printed digits
    expect(refused.stderr).toContain(`over the time budget of ${hours / 2} core-hours (SGD_SDE_MAX_CORE_HOURS)`);
    expect(refused.stderr).not.toMatch(/about an hour/);
    process.env.SGD_SDE_MAX_CORE_HOURS = String(hours * 2);
    const accepted = await cli(['validate', file]);
    expect(accepted.stderr).toBe('');
    expect(accepted.code).toBe(0);
  });
});
