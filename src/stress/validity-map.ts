import fc from 'fast-check';
import { rngFor } from '../rng/streams.js';
import type { StressFormulas } from './formulas.js';
import { approximations, pointSettings, type MapId, type MapSettings } from './validity-approximations.js';

/**
 * A validity map: where an approximation of the stationary covariance stays within the relative
 * tolerance r of the exact discrete result, as a function of ε λ_max (columns) and B/N or m (rows).
 * Exact on a grid for the reference problem of the config, plus random problems at random points
 * (to see whether the reference problem is typical). The numbers are worst-direction relative
 * errors (relative-error.ts); a row's region is the ε λ_max range from the smallest grid value up
 * to the last one within r, with the edge interpolated linearly between grid values.
 */
export interface MapCell {
  x: number;
  /** worst-direction and trace relative errors; null: the exact dynamics has no stationary state */
  worst: number | null;
  trace: number | null;
  within: boolean;
}

export interface MapRow {
  /** the requested y (B/N or m) and the one realised (B is an integer) */
  y: number;
  yActual: number;
  cells: MapCell[];
  /** largest grid ε λ_max with every smaller grid value within r (null: not even the first) */
  holdsUpTo: number | null;
  /** interpolated ε λ_max where the error crosses r (null: never crosses on the grid) */
  edge: number | null;
  /** random cases nearest this row: how many, how many within r, and the smallest ε λ_max of one beyond r */
  random: { cases: number; within: number; firstBeyond: number | null; lastWithin: number | null };
}

export interface ValidityMap {
  id: MapId;
  title: string;
  approximation: string;
  reference: string;
  problem: string;
  yLabel: 'B/N' | 'm';
  relativeTolerance: number;
  x: number[];
  rows: MapRow[];
  /** leading-order formula and its largest relative deviation from the map over grid cells with ε λ_max ≤ 0.1 */
  leadingOrder?: { formula: string; maxRelativeDeviation: number };
  randomCases: number;
  /** one sentence: where the approximation holds */
  region: string;
}

export function computeValidityMap(id: MapId, settings: MapSettings, relativeTolerance: number, formulas: StressFormulas, seed: number): ValidityMap {
  const a = approximations[id];
  const problem = a.problem(settings);
  const ys = a.y === 'm' ? settings.momentum : settings.batchFraction;
  const within = (e: number | null) => e !== null && e <= relativeTolerance * (1 + 1e-9);
  let deviation = 0;
  const rows: MapRow[] = ys.map((y) => {
    let yActual = y;
    const cells = settings.lrLambdaMax.map((x) => {
      const p = pointSettings(a, problem, x, y, settings.sampler, formulas);
      yActual = p.yActual;
      const e = p.c > 0 ? problem.errors(p.lr, p.c, p.m) : null;
      if (e && a.leadingOrder && x <= 0.1) {
        const lo = a.leadingOrder.value(x, p.yActual);
        deviation = Math.max(deviation, Math.abs(e.worstDirection - lo) / lo);
      }
      return { x, worst: e ? e.worstDirection : null, trace: e ? e.trace : null, within: within(e ? e.worstDirection : null) };
    });
    return { y, yActual, cells, ...regionOf(cells, relativeTolerance), random: { cases: 0, within: 0, firstBeyond: null, lastWithin: null } };
  });
  addRandomCases(rows, id, settings, relativeTolerance, formulas, seed);
  return {
    id,
    title: a.title,
    approximation: a.approximation,
    reference: a.reference,
    problem: `${problem.describe}, ${settings.sampler}`,
    yLabel: a.y,
    relativeTolerance,
    x: settings.lrLambdaMax,
    rows,
    ...(a.leadingOrder ? { leadingOrder: { formula: a.leadingOrder.formula, maxRelativeDeviation: deviation } } : {}),
    randomCases: settings.randomCases,
    region: summarise(rows, a.y, relativeTolerance),
  };
}

function regionOf(cells: MapCell[], r: number): { holdsUpTo: number | null; edge: number | null } {
  let last = -1;
  while (last + 1 < cells.length && cells[last + 1].within) last++;
  const holdsUpTo = last >= 0 ? cells[last].x : null;
  if (last < 0 || last + 1 >= cells.length) return { holdsUpTo, edge: null };
  const lo = cells[last];
  const hi = cells[last + 1];
  // crossing between the last cell within r and the first beyond it (linear in ε λ_max)
  const edge = hi.worst !== null && Number.isFinite(hi.worst) && lo.worst !== null
    ? lo.x + ((r - lo.worst) * (hi.x - lo.x)) / (hi.worst - lo.worst)
    : null;
  return { holdsUpTo, edge };
}

/** Random problems at random (ε λ_max, y): each counted in the row whose y is nearest. */
function addRandomCases(rows: MapRow[], id: MapId, settings: MapSettings, r: number, formulas: StressFormulas, seed: number): void {
  if (settings.randomCases <= 0 || rows.length === 0) return;
  const a = approximations[id];
  const xMin = Math.min(...settings.lrLambdaMax);
  const xMax = Math.max(...settings.lrLambdaMax);
  const ys = rows.map((row) => row.y);
  const arb = fc.record({
    problem: a.randomProblem(),
    // log-uniform ε λ_max over the grid's span, in 1e-4 steps of log10
    logX: fc.integer({ min: Math.round(1e4 * Math.log10(xMin)), max: Math.round(1e4 * Math.log10(xMax)) }),
    row: fc.integer({ min: 0, max: ys.length - 1 }),
  });
  const fcSeed = rngFor(seed, `stress-map-${id}`).nextU32() | 0;
  for (const s of fc.sample(arb, { seed: fcSeed, numRuns: settings.randomCases })) {
    const x = 10 ** (s.logX / 1e4);
    const p = pointSettings(a, s.problem, x, ys[s.row], settings.sampler, formulas);
    if (!(p.c > 0)) continue;
    const e = s.problem.errors(p.lr, p.c, p.m);
    if (!e) continue; // no stationary state at this point
    const stats = rows[s.row].random;
    stats.cases++;
    if (e.worstDirection <= r * (1 + 1e-9)) {
      stats.within++;
      stats.lastWithin = Math.max(stats.lastWithin ?? 0, x);
    } else {
      stats.firstBeyond = Math.min(stats.firstBeyond ?? Infinity, x);
    }
  }
}

function summarise(rows: MapRow[], yLabel: string, r: number): string {
  const part = (row: MapRow) => {
    if (row.holdsUpTo === null) return 'nowhere on the grid';
    return `ε λ_max ≤ ${row.holdsUpTo}${row.edge !== null ? ` (edge ≈ ${Number(row.edge.toPrecision(3))})` : ' (the whole grid)'}`;
  };
  const parts = rows.map(part);
  const head = `within ${Number((100 * r).toPrecision(3))}% for`;
  if (parts.every((p) => p === parts[0])) return `${head} ${parts[0]} at every ${yLabel}`;
  return `${head} ${rows.map((row, k) => `${parts[k]} at ${yLabel} = ${Number(row.yActual.toPrecision(3))}`).join('; ')}`;
}
