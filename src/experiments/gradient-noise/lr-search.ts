/**
 * The best constant ε at one batch size from simulations (docs/theory.md §9, the frontier): a
 * coarse log grid, then `refine` rounds that halve the spacing in ln ε and try the two neighbours
 * of the best point so far. Each candidate is told the best count so far, so its runs can stop
 * once they cannot win (early stopping: a candidate still short of the target at 1.5× the best
 * count + 10 steps is abandoned, not measured). `resolution` is the final spacing in ln ε.
 * Picking the best of noisy counts favours a lucky candidate (the winner's curse); near the optimum
 * the counts are flat in ε, so this is small, and it is not corrected.
 */
export interface SearchCandidate {
  lr: number;
  /** steps to the target (NaN when it did not reach it) */
  steps: number;
  stdError: number;
  reached: boolean;
}

export interface LrSearch<T extends SearchCandidate> {
  best: T | null;
  candidates: T[];
  /** spacing of the last round in ln ε (the grid's when refine = 0) */
  resolution: number;
  /** the best ε is the grid's smallest or largest: the range may be too short */
  atEdge: boolean;
}

/** The count beyond which a candidate cannot beat `best` (Infinity before any candidate reached). */
export function giveUpAfter(best: number): number {
  return Number.isFinite(best) ? Math.ceil(1.5 * best + 10) : Infinity;
}

export function searchLearningRate<T extends SearchCandidate>(grid: readonly number[], refine: number, evaluate: (lr: number, stopAfter: number) => T): LrSearch<T> {
  const candidates: T[] = [];
  let best: T | null = null;
  const tried = new Set<number>();
  const consider = (lr: number) => {
    const key = Number(lr.toPrecision(12));
    if (tried.has(key)) return;
    tried.add(key);
    const c = evaluate(lr, giveUpAfter(best ? best.steps : Infinity));
    candidates.push(c);
    if (c.reached && (!best || c.steps < best.steps)) best = c;
  };
  for (const lr of grid) consider(lr);
  let spacing = grid.length > 1 ? Math.log(grid[1] / grid[0]) : 0;
  const lo = Math.min(...grid), hi = Math.max(...grid);
  const bestOnGrid = best as T | null;
  const atEdge = !!bestOnGrid && (bestOnGrid.lr === lo || bestOnGrid.lr === hi);
  for (let round = 0; round < refine && best && spacing > 0; round++) {
    spacing /= 2;
    const centre = (best as T).lr;
    for (const lr of [centre * Math.exp(-spacing), centre * Math.exp(spacing)]) if (lr >= lo && lr <= hi) consider(lr);
  }
  return { best, candidates, resolution: spacing, atEdge };
}
