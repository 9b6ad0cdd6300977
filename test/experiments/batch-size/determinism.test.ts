import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '../../../src/run/load-scenario.js';
import { runScenario } from '../../../src/run/runner.js';
import { writeRunOutputs } from '../../../src/cli/outputs.js';

/** Same (scenario, seed) → same results.json bytes, with 1 worker (in-process) and 2 worker threads (dist/). */
async function resultsBytes(raw: Record<string, unknown>, workers: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-bs-'));
  const result = await runScenario(parseScenario(raw), { workers });
  await writeRunOutputs(result, dir, { plots: false });
  return readFileSync(join(dir, 'results.json'), 'utf8');
}

const toy = {
  experiment: 'batch-size',
  name: 'determinism-toy',
  seed: 5,
  model: { kind: 'potential', n: 200, noise: { variance: 2.5 } },
  optimizer: { lr: 0.02 },
  batchSizes: [2, 4, 8, 16],
  run: { seeds: 3, replicas: 2, sdeTime: 4, burnInTime: 1, thin: 2 },
  sweep: { lr: [0.04] },
  theory: { gridPoints: 201 },
  fit: { bootstrap: 50 },
};

const net = {
  experiment: 'batch-size',
  name: 'determinism-mlp',
  seed: 9,
  model: { kind: 'mlp', hidden: 8, digits: [0, 1, 7], trainPerClass: 8, testPerClass: 10 }, // 30 test images: fewer leave every cell at the same accuracy (s.e. 0, refused as non-finite)
  optimizer: { lr: 0.1, momentum: 0.9 },
  batchSizes: [2, 4, 8],
  run: { seeds: 2, steps: 15 },
  fit: { bootstrap: 30 },
};

describe('batch-size results do not depend on the number of workers', () => {
  it('toy: identical results.json bytes with 1 and 2 workers', async () => {
    const one = await resultsBytes(toy, 1);
    const two = await resultsBytes(toy, 2);
    expect(two).toBe(one);
    expect(JSON.parse(one).measured.points).toHaveLength(2);
  });

  it('network: identical results.json bytes with 1 and 2 workers', async () => {
    const one = await resultsBytes(net, 1);
    const two = await resultsBytes(net, 2);
    expect(two).toBe(one);
    expect(JSON.parse(one).measured.points[0].cells).toHaveLength(3);
  });
});
