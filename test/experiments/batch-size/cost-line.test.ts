import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '../../../src/run/load-scenario.js';
import { batchSizeSweep } from '../../../src/experiments/batch-size/sweep.js';
import { cellEstimates, describeSweepCost } from '../../../src/experiments/batch-size/cost.js';
import type { BatchSizeScenario } from '../../../src/experiments/batch-size/schema.js';

/**
 * The cost line a network sweep prints before it runs prices only the cells still to run: a
 * resumed run or a shard says what is left, and a run with nothing to compute (merge, judge) prints
 * no cost line at all.
 */
const root = join(import.meta.dirname, '..', '..', '..');
const network = {
  experiment: 'batch-size', name: 'cost-line', seed: 2,
  model: { kind: 'mlp', hidden: 16, digits: [3, 5, 8], trainPerClass: 20, testPerClass: 30 },
  optimizer: { lr: 0.1, momentum: 0.9 },
  batchSizes: [2, 5, 10],
  run: { seeds: 2, steps: 20 },
  fit: { bootstrap: 20 },
};

describe('the batch-size cost line', () => {
  const loaded = parseScenario(network);
  const estimates = cellEstimates(batchSizeSweep(loaded.scenario as BatchSizeScenario));

  it('prices every cell of a fresh run, only the unfinished ones of a resumed one, and says nothing when none is left', () => {
    expect(estimates).toHaveLength(6);
    expect(describeSweepCost(estimates, new Set(), 2)).toMatch(/^estimate: 6 cells, about [\d.]+ min of one core, [\d.]+ min wall on 2 worker\(s\)$/);
    expect(describeSweepCost(estimates, new Set([0, 1, 2, 3, 4]), 2)).toMatch(/^estimate: 1 of the sweep's 6 cells to run, .* wall on 1 worker\(s\)$/);
    expect(describeSweepCost(estimates, new Set([0, 1, 2, 3, 4, 5]), 2)).toBeUndefined();
  });

  it('twin: the line for the unfinished cells is not the whole sweep\'s', () => {
    const total = estimates.reduce((t, e) => t + e.seconds, 0);
    const minutes = (line: string | undefined) => Number(/about ([\d.]+) min of one core/.exec(line ?? '')?.[1]);
    const last = estimates[5].seconds;
    expect(minutes(describeSweepCost(estimates, new Set([0, 1, 2, 3, 4]), 1))).toBeCloseTo(last / 60, 1);
    expect(minutes(describeSweepCost(estimates, new Set(), 1))).toBeCloseTo(total / 60, 1);
  });

  it('merge and judge, which compute nothing, print no cost line; the shards that computed the cells did', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-cost-line-'));
    const scenario = join(dir, 'network.json');
    writeFileSync(scenario, JSON.stringify(network));
    const cli = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), ...args], { cwd: dir, encoding: 'utf8' });
    const shard = cli(['run', scenario, '--shard', '0/2', '--out', join(dir, 'shards'), '--workers', '1']);
    expect(shard.status, shard.stderr).toBe(0);
    expect(shard.stderr).toMatch(/batch-size: estimate: \d of the sweep's 6 cells to run/);
    expect(cli(['run', scenario, '--shard', '1/2', '--out', join(dir, 'shards'), '--workers', '1']).status).toBe(0);
    const merged = cli(['merge', join(dir, 'shards'), '--of', '2', '--out', join(dir, 'merged'), '--no-plots']);
    expect([0, 1]).toContain(merged.status);
    expect(merged.stderr).not.toMatch(/estimate:/);
    const judged = cli(['judge', join(dir, 'merged', 'results.json'), '--out', join(dir, 'judged'), '--no-plots']);
    expect([0, 1]).toContain(judged.status);
    expect(judged.stderr, judged.stdout).not.toMatch(/estimate:/);
  });
});
