import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { loadScenarioFile } from '../../src/run/load-scenario.js';
import { planLimitProblems, TIME_BUDGET_CORE_HOURS } from '../../src/plan/plan-limits.js';
import { root, shippedScenarios } from './mutate.js';

/**
 * Refuse up front: each adversarial scenario below (too large, too long), written to a file and
 * given to `sgd-sde validate`, ends in exit 2 with the estimate in the message. The elapsed time of each validation is printed
 * (for the report), never asserted. Then the cost-model refusal (plan/plan-limits.ts) for every
 * kind with a cost model: memory over the limit always, time over the budget unless --allow-long.
 */
async function validate(argv: string[]): Promise<{ code: number; stderr: string; stdout: string; ms: number }> {
  const err = process.stderr.write.bind(process.stderr);
  const out = process.stdout.write.bind(process.stdout);
  let stderr = '';
  let stdout = '';
  process.stderr.write = ((c: string) => { stderr += c; return true; }) as typeof process.stderr.write;
  process.stdout.write = ((c: string) => { stdout += c; return true; }) as typeof process.stdout.write;
  const t0 = performance.now();
  try {
    const code = await main(['validate', ...argv]);
    return { code, stderr, stdout, ms: performance.now() - t0 };
  } finally {
    process.stderr.write = err;
    process.stdout.write = out;
  }
}

const read = (f: string) => JSON.parse(readFileSync(join(root, 'scenarios', f), 'utf8')) as Record<string, any>;
const edit = (base: Record<string, any>, f: (s: Record<string, any>) => void) => {
  const s = JSON.parse(JSON.stringify(base));
  delete s.quick;
  f(s);
  return s;
};
const quickstart = read('quickstart.json');
const paperNet = read('paper-batch-size-mnist.json');
const toyBatch = read('toy-batch-size.json');
const evidence = read('evidence-synthetic.json');

const adversarial: [string, Record<string, unknown>, RegExp][] = [
  ['replicas 3000 × dim 512 moments', edit(quickstart, (s) => { s.model = { ...s.model, dim: 512, n: 600, spectrum: Array(512).fill(1) }; s.run = { ...s.run, replicas: 3000, steps: 10 }; }), /run\.replicas: needs about 12\.6 GB for the replica moments/],
  ['hidden 2e5', edit(paperNet, (s) => { s.model.hidden = 200000; }), /model\.hidden: 200000 hidden units need about 2\.5 GB/],
  ['1.2 M batch-size cells', edit(toyBatch, (s) => { s.batchSizes = Array.from({ length: 500 }, (_, i) => i + 1); s.run = { ...s.run, seeds: 400 }; }), /batchSizes: the sweep has up to 1\.20e\+6 cells \(6 points × 500 batch sizes × 400 seeds\), more than 1e\+5; pass --allow-long/],
  ['10^6 λ values', edit(evidence, (s) => { s.lambda = Array.from({ length: 1e6 }, (_, i) => 1 + i); }), /lambda: 1000000 λ values .* more than 10000/],
  ['momentum 0.9999999999999999', edit(quickstart, (s) => { s.optimizer.momentum = 0.9999999999999999; }), /run: the cost model estimates [\d.e+]+ core-hours for the run \(.*SDE [\d.e+]+ substeps per step.*\), over the time budget of 100 core-hours \(SGD_SDE_MAX_CORE_HOURS\); momentum 0\.9999999999999999 makes ε_eff = ε\/\(1−m\) large/],
  ['steps 2^53', edit(quickstart, (s) => { s.run.steps = 2 ** 53; }), /run\.steps: must be an integer of at most 2\^53 − 1 \(got 9007199254740992\)/],
  ['steps 2^53 − 1', edit(quickstart, (s) => { s.run.steps = 2 ** 53 - 1; }), /run\.steps: 9\.01e\+15 steps is more than the 1e\+10 this tool runs without being asked; pass --allow-long/],
];

describe('each adversarial scenario is refused by `validate`', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-refuse-'));
  for (const [label, scenario, message] of adversarial) {
    it(`${label}: exit 2, the estimate in the message`, async () => {
      const file = join(dir, `${label.replace(/[^a-z0-9]+/gi, '-')}.json`);
      writeFileSync(file, JSON.stringify(scenario));
      const r = await validate([file]);
      console.log(`validate ${label}: exit ${r.code} in ${r.ms.toFixed(0)} ms`);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.stdout).not.toMatch(/^ok/m);
    });
  }
});

describe('item 6: refusal from the cost model (plan/plan-limits.ts), for every kind that has one', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env.SGD_SDE_MAX_CORE_HOURS = saved.SGD_SDE_MAX_CORE_HOURS;
    process.env.SGD_SDE_MAX_MEMORY_GB = saved.SGD_SDE_MAX_MEMORY_GB;
    if (saved.SGD_SDE_MAX_CORE_HOURS === undefined) delete process.env.SGD_SDE_MAX_CORE_HOURS;
    if (saved.SGD_SDE_MAX_MEMORY_GB === undefined) delete process.env.SGD_SDE_MAX_MEMORY_GB;
  });
  const kinds: [string, string, string][] = [
    ['stationary', 'quickstart.json', 'run\\.replicas'],
    ['batch-size', 'toy-batch-size.json', 'model\\.n'],
    ['collapse', 'collapse-linreg.json', 'run\\.replicas'],
    ['transient', 'transient-sme.json', 'paths'],
    ['evidence', 'evidence-synthetic.json', 'data\\.synthetic\\.trainPerClass'],
  ];
  for (const [kind, file, memoryPath] of kinds) {
    it(`${kind}: over a time budget of 1e-6 core-hours → exit 2 with the estimate; --allow-long accepts it`, async () => {
      process.env.SGD_SDE_MAX_CORE_HOURS = '0.000001';
      const path = join(root, 'scenarios', file);
      const r = await validate([path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/run: the cost model estimates [\d.e+-]+ core-hours for (the run|\d+ cells).*, over the time budget of 0\.000001 core-hours \(SGD_SDE_MAX_CORE_HOURS\); pass --allow-long/);
      expect((await validate([path, '--allow-long'])).code).toBe(0);
    });

    it(`${kind}: over a memory limit of 1 MB → exit 2 even with --allow-long`, async () => {
      process.env.SGD_SDE_MAX_MEMORY_GB = '0.001';
      const r = await validate([join(root, 'scenarios', file), '--allow-long']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`${memoryPath}: the cost model estimates \\d+ MB of memory.*over the memory limit of 1 MB \\(SGD_SDE_MAX_MEMORY_GB; --allow-long does not lift it\\)`));
    });
  }

  it('item 13: an evidence data set too large for memory is refused with its JSON path (it ran out of memory without one)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-refuse-'));
    const file = join(dir, 'evidence-big.json');
    writeFileSync(file, JSON.stringify(edit(evidence, (s) => { s.data.synthetic = { ...s.data.synthetic, features: 4096, trainPerClass: 1_000_000 }; })));
    const r = await validate([file, '--allow-long']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/data\.synthetic\.trainPerClass: the cost model estimates \d+\.\d GB of memory.*over the memory limit/);
  });

  it('run --plan prints the plan and what run would refuse, and exits 0', async () => {
    process.env.SGD_SDE_MAX_CORE_HOURS = '0.000001';
    const out = process.stdout.write.bind(process.stdout);
    let stdout = '';
    process.stdout.write = ((c: string) => { stdout += c; return true; }) as typeof process.stdout.write;
    let code: number;
    try {
      code = await main(['run', join(root, 'scenarios', 'toy-batch-size.json'), '--plan']);
    } finally {
      process.stdout.write = out;
    }
    expect(code).toBe(0);
    expect(stdout).toMatch(/core-hours: /);
    expect(stdout).toMatch(/refused: +run: the cost model estimates .* over the time budget of 0\.000001 core-hours/);
  });

  it('the plan counts one peak cell per worker of a sweep', () => {
    const loaded = loadScenarioFile(join(root, 'scenarios', 'paper-batch-size-mnist.json'));
    const one = planLimitProblems(loaded, { memoryLimit: 1, workers: 1 })[0].message;
    const four = planLimitProblems(loaded, { memoryLimit: 1, workers: 4 })[0].message;
    expect(one).not.toMatch(/workers/);
    expect(four).toMatch(/with 4 workers \(\d+ MB with one\).*fewer --workers/);
  });

  it(`twin: every shipped scenario is within the default limits (${TIME_BUDGET_CORE_HOURS} core-hours, the machine's memory)`, async () => {
    const files = shippedScenarios().map((s) => s.file);
    const r = await validate(files);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
