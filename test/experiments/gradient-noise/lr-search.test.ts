import { describe, it, expect } from 'vitest';
import { searchLearningRate, giveUpAfter } from '../../../src/experiments/gradient-noise/lr-search.js';

/**
 * The ε search of the frontier (src/experiments/gradient-noise/lr-search.ts), on a known count
 * S(ε) = 100 + 400 (ln ε − ln 0.3)² (no noise): a coarse grid then refinement rounds halving the
 * spacing next to the best point; each candidate is told after how many steps it cannot win.
 */
const steps = (lr: number) => 100 + 400 * (Math.log(lr) - Math.log(0.3)) ** 2;
const grid = [0.01, 0.03, 0.1, 1, 3];

function run(refine: number) {
  const told: number[] = [];
  const r = searchLearningRate(grid, refine, (lr, stopAfter) => {
    told.push(stopAfter);
    const s = steps(lr);
    return { lr, steps: s, stdError: 1, reached: s <= stopAfter };
  });
  return { ...r, told };
}

describe('learning-rate search: a grid refined around its best point', () => {
  it('each round halves the spacing and moves toward the optimum; the resolution is the last spacing', () => {
    const coarse = run(0), fine = run(6);
    expect(coarse.best!.lr).toBe(0.1);
    const spacing0 = Math.log(grid[1] / grid[0]);
    expect(fine.resolution).toBeCloseTo(spacing0 / 64, 12);
    expect(Math.abs(Math.log(fine.best!.lr / 0.3))).toBeLessThanOrEqual(fine.resolution);
    expect(fine.candidates.length).toBeLessThanOrEqual(grid.length + 2 * 6);
    // twin: without refinement the grid alone misses the optimum by more than the refined resolution
    expect(Math.abs(Math.log(coarse.best!.lr / 0.3))).toBeGreaterThan(fine.resolution);
  });

  it('early stopping: candidates after the first are told 1.5 × the best count so far + 10, and a loser that stops is not chosen', () => {
    const r = run(2);
    expect(r.told[0]).toBe(Infinity);
    expect(r.told[1]).toBe(giveUpAfter(steps(0.01)));
    expect(r.candidates.filter((c) => !c.reached).every((c) => c !== r.best)).toBe(true);
  });

  it('flags a best ε at the edge of the grid', () => {
    const edge = searchLearningRate([0.5, 1, 2], 0, (lr) => ({ lr, steps: steps(lr), stdError: 1, reached: true }));
    expect(edge.atEdge).toBe(true);
  });
});
