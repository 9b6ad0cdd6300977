import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCells } from '../../src/workers/pool.js';
import type { Cell } from '../../src/core/cell.js';
import { DivergenceError } from '../../src/errors.js';
// the same registry in-process (a .mjs module: vitest imports it directly)
// @ts-expect-error a plain JavaScript fixture without types
import { tasks } from './fixtures/tasks.mjs';

const registryModule = fileURLToPath(new URL('./fixtures/tasks.mjs', import.meta.url));
const opts = (workers: number) => ({ workers, registry: tasks, registryModule });

describe('worker pool', () => {
  it('returns results in cell order for 1, 2 and 3 workers, whatever the completion order', async () => {
    const cells: Cell[] = Array.from({ length: 9 }, (_, i) => ({ task: 'square', payload: { index: i, x: i - 4, delay: (9 - i) * 3 } }));
    const expected = cells.map((_, i) => ({ index: i, square: (i - 4) ** 2 }));
    for (const w of [1, 2, 3]) expect(await runCells(cells, opts(w))).toEqual(expected);
  });

  it('seeded cells give identical numbers on any number of workers', async () => {
    const cells: Cell[] = Array.from({ length: 6 }, (_, i) => ({ task: 'seeded', payload: { seed: 42, index: i } }));
    const one = await runCells(cells, opts(1));
    const two = await runCells(cells, opts(2));
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('calls onCellDone once per cell, ticks progress, and skips completed cells (resume)', async () => {
    const cells: Cell[] = Array.from({ length: 5 }, (_, i) => ({ task: 'later', payload: { index: i, delay: 5 * (5 - i) } }));
    const done: number[] = [];
    const ticks: number[] = [];
    const progress = { info() {}, start: () => ({ tick: (n: number) => ticks.push(n), end() {} }) };
    const completed = new Map<number, unknown>([[1, 'cached'], [3, 'cached']]);
    const out = await runCells(cells, { ...opts(2), completed, progress, onCellDone: (i) => done.push(i) });
    expect(out).toEqual([0, 'cached', 2, 'cached', 4]);
    expect(done.sort()).toEqual([0, 2, 4]);
    expect(ticks[ticks.length - 1]).toBe(3); // progress counts this run's cells: the 2 restored ones are not run again
  });

  it('with cost weights the ETA fraction counts the work of this run, not the number of cells', async () => {
    // five cells, the last one as dear as the other four together (a batch-size sweep's B = 1000 cells)
    const cells: Cell[] = Array.from({ length: 5 }, (_, i) => ({ task: 'later', payload: { index: i, delay: 0 } }));
    const fractions: (number | undefined)[] = [];
    const progress = { info() {}, start: () => ({ tick: (_n: number, f?: number) => fractions.push(f), end() {} }) };
    await runCells(cells, { ...opts(1), progress, weights: [1, 1, 1, 1, 4] });
    expect(fractions).toEqual([1 / 8, 2 / 8, 3 / 8, 4 / 8, 1]);
    // twin: without weights no fraction is given and the progress falls back to counting cells
    const plain: (number | undefined)[] = [];
    await runCells(cells, { ...opts(1), progress: { info() {}, start: () => ({ tick: (_n: number, f?: number) => plain.push(f), end() {} }) } });
    expect(plain).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('a DivergenceError in a worker arrives as a DivergenceError (exit code 3)', async () => {
    const cells: Cell[] = Array.from({ length: 4 }, (_, i) => ({ task: 'diverge', payload: { index: i, fail: i === 2 } }));
    const err = await runCells(cells, opts(2)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DivergenceError);
    expect((err as DivergenceError).step).toBe(17);
    expect((err as DivergenceError).replica).toBe(3);
    // in-process the task's own error object comes through untouched (the fixture's class is dist's)
    await expect(runCells(cells, opts(1))).rejects.toMatchObject({ name: 'DivergenceError', step: 17 });
  });

  it('any other error propagates with its message; unknown tasks are refused up front', async () => {
    const cells: Cell[] = [0, 1, 2].map((i) => ({ task: 'crash', payload: { index: i, fail: i === 1 } }));
    await expect(runCells(cells, opts(2))).rejects.toThrow('boom in a task');
    await expect(runCells([{ task: 'nope', payload: {} }], opts(2))).rejects.toThrow('no task named "nope"');
  });
});
