import { describe, it, expect } from 'vitest';
import { spacedLogTicks } from '../../src/figures/log-ticks.js';

/**
 * Log-axis ticks that all carry a readable label: a sparse grid is kept whole, a dense one loses
 * only the ticks whose labels would touch, and the two ends are always labelled.
 */
const nSweepGrid = [1, 2, 3, 5, 8, 13, 23, 38, 64, 108, 181, 304, 512];
const x = (v: number, width: number, pad = 10) => pad + (Math.log(v) / Math.log(512)) * (width - 2 * pad);
const room = (a: number, b: number) => x(b, 300) - x(a, 300) - ((String(a).length + String(b).length) * 7.6) / 2;

describe('spacedLogTicks', () => {
  it('keeps a sparse grid whole, in order, without duplicates', () => {
    expect(spacedLogTicks([20, 30, 1000, 20], 260)).toEqual([20, 30, 1000]);
    expect(spacedLogTicks([1, 10, 100, 1000], 300)).toEqual([1, 10, 100, 1000]);
    expect(spacedLogTicks([5], 300)).toEqual([5]);
  });

  it('on the 13-point N-sweep grid at 300 px keeps both ends and leaves at least 6 px between any two labels', () => {
    const ticks = spacedLogTicks(nSweepGrid, 300);
    expect(ticks[0]).toBe(1);
    expect(ticks[ticks.length - 1]).toBe(512);
    expect(ticks.length).toBeGreaterThanOrEqual(9);
    for (let i = 1; i < ticks.length; i++) expect(room(ticks[i - 1], ticks[i]), `${ticks[i - 1]} → ${ticks[i]}`).toBeGreaterThanOrEqual(6);
  });

  it('twin: the whole grid would not fit (its labels above 64 touch at 300 px)', () => {
    expect(nSweepGrid.slice(1).some((v, i) => room(nSweepGrid[i], v) < 6)).toBe(true);
    expect(spacedLogTicks(nSweepGrid, 300).length).toBeLessThan(nSweepGrid.length);
  });
});
