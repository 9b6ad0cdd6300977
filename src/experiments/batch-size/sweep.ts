import type { BatchSizeScenario } from './schema.js';
import { baseN } from './schema.js';
import { batchSizeForNoiseScaleExact, noiseScale } from '../../theory/noise-scale.js';
import { effectiveLearningRate } from '../../dynamics/effective-learning-rate.js';
import type { InputProblem } from '../../errors.js';
import { rngFor } from '../../rng/streams.js';
import type { Cell } from '../../core/cell.js';
import type { PotentialCellPayload } from './cells.js';
import type { MlpCellSpec } from '../../dynamics/train-mlp.js';

/**
 * The sweep as a list of outer points (ε, N, m) — the base and, one factor at a time, the values
 * of the outer sweeps — each with its batch-size grid, and the flat list of cells (point × B ×
 * seed) the worker pool runs. Every cell's seed is rngFor(seed, 'batch-size-cell', point, B, s),
 * so a cell's result does not depend on which worker runs it or when.
 */
/** The outer sweeps; 'lambda' (network only) runs alone and has no slope. */
export type Axis = 'lr' | 'n' | 'momentum' | 'lambda';

export interface OuterPoint {
  label: string;
  lr: number;
  n: number;
  momentum: number;
  /** network only: the L2 coefficient λ (summed convention) of this point */
  lambda?: number;
  /** potential only: per-example noise variance at this N */
  sigma2?: number;
  batchSizes: number[];
  steps: number;
  burnIn: number;
}

export interface BatchSizeSweep {
  points: OuterPoint[];
  /** per swept axis: indices of the points on it (the base included), ordered by the axis value */
  axes: Partial<Record<Axis, number[]>>;
  cells: Cell[];
  /** cells[i] belongs to point cellPoint[i], batch-size index cellBatch[i], seed index cellSeed[i] */
  cellPoint: number[];
  cellBatch: number[];
  cellSeed: number[];
}

export function batchSizeSweep(s: BatchSizeScenario): BatchSizeSweep {
  const base = { lr: s.optimizer.lr, n: baseN(s), momentum: s.optimizer.momentum };
  const points: OuterPoint[] = [];
  const baseLambda = s.model.kind === 'mlp' ? s.model.lambda : undefined;
  const find = (lr: number, n: number, m: number, lambda: number | undefined) => points.findIndex((p) => p.lr === lr && p.n === n && p.momentum === m && (p.lambda ?? baseLambda) === lambda);
  const add = (lr: number, n: number, m: number, label: string, lambda = baseLambda): number => {
    const found = find(lr, n, m, lambda);
    if (found >= 0) return found;
    points.push({ ...makePoint(s, lr, n, m, label), ...(s.sweep.lambda !== undefined ? { lambda } : {}) });
    return points.length - 1;
  };
  add(base.lr, base.n, base.momentum, 'base');
  const axes: BatchSizeSweep['axes'] = {};
  const axis = (key: Axis, values: number[] | undefined, make: (v: number) => [number, number, number]) => {
    if (!values) return;
    const all = [...new Set([baseValue(key, base), ...values])].sort((a, b) => a - b);
    axes[key] = all.map((v) => {
      const [lr, n, m] = make(v);
      return add(lr, n, m, `${key === 'lr' ? 'ε' : key === 'n' ? 'N' : 'm'}=${v}`);
    });
  };
  axis('lr', s.sweep.lr, (v) => [v, base.n, base.momentum]);
  axis('n', s.sweep.n, (v) => [base.lr, v, base.momentum]);
  axis('momentum', s.sweep.momentum, (v) => [base.lr, base.n, v]);
  if (s.sweep.lambda !== undefined && baseLambda !== undefined) {
    const all = [...new Set([baseLambda, ...s.sweep.lambda])].sort((a, b) => a - b);
    axes.lambda = all.map((v) => add(base.lr, base.n, base.momentum, `λ=${v}`, v));
  }

  const cells: Cell[] = [];
  const cellPoint: number[] = [], cellBatch: number[] = [], cellSeed: number[] = [];
  points.forEach((p, o) => {
    p.batchSizes.forEach((b, k) => {
      for (let r = 0; r < s.run.seeds; r++) {
        const seed = rngFor(s.seed, 'batch-size-cell', o, b, r).nextU32();
        cells.push(makeCell(s, p, b, seed, r));
        cellPoint.push(o);
        cellBatch.push(k);
        cellSeed.push(r);
      }
    });
  });
  return { points, axes, cells, cellPoint, cellBatch, cellSeed };
}

function baseValue(key: Axis, base: { lr: number; n: number; momentum: number }): number {
  return key === 'lr' ? base.lr : key === 'n' ? base.n : base.momentum;
}

function makePoint(s: BatchSizeScenario, lr: number, n: number, momentum: number, label: string): OuterPoint {
  const eff = effectiveLearningRate(lr, momentum); // SDE time per step
  const steps = s.run.steps ?? Math.ceil((s.run.sdeTime as number) / eff);
  const burnIn = Math.ceil((s.run.burnInTime ?? 0) / eff);
  let sigma2: number | undefined;
  if (s.model.kind === 'potential') {
    const v = s.model.noise.variance;
    sigma2 = s.sweep.nScaling === 'gibbs' ? (v * n) / s.model.n : v;
  }
  return { label, lr, n, momentum, sigma2, batchSizes: batchGrid(s, lr, n, momentum), steps, burnIn };
}

/** The batch sizes a point asks for, before rounding, in the order of the scenario's grid. */
function requestedBatchSizes(s: BatchSizeScenario, lr: number, n: number, momentum: number): number[] {
  const spec = s.batchSizes;
  if (Array.isArray(spec)) return spec;
  if ('min' in spec) return logGrid(spec.min, spec.max, spec.count);
  const sampler = s.optimizer.sampler === 'with-replacement' ? 'with-replacement' : 'without-replacement';
  return logGrid(spec.noiseScale.min, spec.noiseScale.max, spec.noiseScale.count)
    .map((g) => batchSizeForNoiseScaleExact(g, lr, n, momentum, sampler));
}

/**
 * The batch sizes of one point, ascending, unique. batchGridProblems refuses, before any work, a grid
 * that would need a batch below 1 or above N, so the clamp here only guards the arithmetic; entries
 * that round to the same B are merged and reported by batchGridNotes.
 */
export function batchGrid(s: BatchSizeScenario, lr: number, n: number, momentum: number): number[] {
  const values = requestedBatchSizes(s, lr, n, momentum).map(Math.round).map((b) => (fullBatchAboveN(s) ? Math.min(b, n) : b));
  return [...new Set(values.map((b) => Math.min(n, Math.max(1, b))))].sort((a, b) => a - b);
}

/**
 * No silent caps: a point of the sweep whose batch-size grid cannot run as asked is a
 * validation error naming the point, the batch size and what would run instead: a B above that
 * point's N (in an N sweep, the small training sets) or a noise scale too large for even B = 1.
 * Entries that merely round to the same integer B are run once and named in the warnings
 * (batchGridNotes).
 */
export function batchGridProblems(s: BatchSizeScenario): InputProblem[] {
  const problems: InputProblem[] = [];
  const base = { lr: s.optimizer.lr, n: baseN(s), m: s.optimizer.momentum };
  const points: { where: string; lr: number; n: number; m: number }[] = [{ where: 'the base point', ...base }];
  (s.sweep.lr ?? []).forEach((lr, i) => points.push({ where: `sweep.lr[${i}] (ε = ${lr})`, ...base, lr }));
  (s.sweep.n ?? []).forEach((n, i) => points.push({ where: `sweep.n[${i}] (N = ${n})`, ...base, n }));
  (s.sweep.momentum ?? []).forEach((m, i) => points.push({ where: `sweep.momentum[${i}] (m = ${m})`, ...base, m }));
  const spec = s.batchSizes;
  const path = Array.isArray(spec) ? 'batchSizes' : 'min' in spec ? 'batchSizes' : 'batchSizes.noiseScale';
  for (const p of points) {
    const asked = requestedBatchSizes(s, p.lr, p.n, p.m);
    const rounded = asked.map(Math.round);
    const above = fullBatchAboveN(s) ? [] : rounded.filter((b) => b > p.n);
    if (above.length > 0) {
      const listed = above.length > 12 ? `${above.slice(0, 12).join(', ')}, … (${above.length} values, up to ${Math.max(...above)})` : above.join(', ');
      problems.push({ path, message: `at ${p.where} the training set has N = ${p.n}, but the grid asks for B = ${listed}; a batch cannot exceed N. List only batch sizes ≤ the smallest N swept, or use batchSizes: { noiseScale: … }, which scales the grid with N`, value: `[${above.join(', ')}]` });
      continue;
    }
    const below = asked.filter((b) => Math.round(b) < 1);
    if (below.length > 0) {
      problems.push({ path, message: `at ${p.where} the grid asks for B = ${below.map((b) => b.toPrecision(2)).join(', ')} (< 1: the noise scale is above what B = 1 gives, g(B = 1) = ${noiseScaleAtOne(s, p).toPrecision(3)}); lower noiseScale.max`, value: `[${below.map((b) => b.toPrecision(2)).join(', ')}]` });
    }
  }
  return problems;
}

/**
 * Grid entries that round to the same integer B at some point (a log grid of noise scales reaching
 * B ≈ 1 does): the run merges them, which the run says in its warnings rather than silently.
 */
export function batchGridNotes(s: BatchSizeScenario, sweep: BatchSizeSweep): string[] {
  const notes: string[] = [];
  for (const p of sweep.points) {
    const asked = requestedBatchSizes(s, p.lr, p.n, p.momentum).length;
    if (p.batchSizes.length < asked) notes.push(`${p.label}: the ${asked} batch-size grid entries round${fullBatchAboveN(s) ? ' (or cap at N)' : ''} to ${p.batchSizes.length} distinct batch sizes (${p.batchSizes.join(', ')}); merged entries run once`);
  }
  return notes;
}

/** A log grid of batch sizes whose entries above a point's N run the full batch (aboveN: 'full-batch'). */
function fullBatchAboveN(s: BatchSizeScenario): boolean {
  const spec = s.batchSizes;
  return !Array.isArray(spec) && 'min' in spec && spec.aboveN === 'full-batch';
}

function noiseScaleAtOne(s: BatchSizeScenario, p: { lr: number; n: number; m: number }): number {
  return noiseScale(p.lr, p.n, 1, p.m, s.optimizer.sampler === 'with-replacement' ? 'with-replacement' : 'without-replacement').g;
}

function logGrid(min: number, max: number, count: number): number[] {
  const a = Math.log(min);
  const step = (Math.log(max) - a) / (count - 1);
  return Array.from({ length: count }, (_, k) => Math.exp(a + k * step));
}

/** `seedIndex`: the cell's seed index (0 … seeds − 1), which picks its training subset under subsetPerRun. */
function makeCell(s: BatchSizeScenario, p: OuterPoint, batchSize: number, seed: number, seedIndex: number): Cell {
  const { lr, momentum } = p;
  const sampler = s.optimizer.sampler;
  if (s.model.kind === 'potential') {
    const model = { ...s.model, n: p.n, noise: { variance: p.sigma2 as number } };
    const payload: PotentialCellPayload = {
      model,
      modelSeed: s.seed,
      lr, momentum, batchSize, sampler,
      burnIn: p.burnIn,
      steps: p.steps,
      thin: s.run.thin ?? 1,
      replicas: s.run.replicas ?? 1,
      seed,
      start: s.model.domain.map(([lo, hi]) => (lo + hi) / 2),
    };
    return { task: 'batch-size/potential', payload };
  }
  const m = s.model;
  const payload: MlpCellSpec = {
    hidden: m.hidden,
    digits: m.digits,
    trainPerClass: p.n / m.digits.length,
    testPerClass: m.testPerClass,
    dataSeed: m.subsetPerRun === true ? (m.dataSeed + seedIndex) % 2 ** 32 : m.dataSeed,
    lr, momentum, batchSize,
    steps: p.steps,
    lambda: p.lambda ?? m.lambda,
    sampler,
    seed,
    ...(m.curveEvery !== undefined ? { evalEvery: m.curveEvery } : {}),
    ...(m.data !== undefined ? { data: m.data } : {}),
    ...(m.init !== undefined ? { init: m.init } : {}),
    ...(m.pixels !== undefined ? { pixels: m.pixels } : {}),
  };
  return { task: 'batch-size/mlp', payload };
}
