import type { Result } from '../../core/result.js';
import { array, invalid, isObject, num, numbers, object, optionalObject } from '../read.js';

/**
 * The parts of a `batch-size` result the figures use (src/experiments/batch-size/analysis.ts
 * writes them): per outer point (ε, N, m) the cells of the B grid with mean ± s.e. of the
 * objective, the fitted B_opt with its bootstrap CI, and per swept axis the log-log slope; for the
 * toy potential also the Gibbs theory's curve and B_opt.
 */
export type Axis = 'lr' | 'n' | 'momentum';
export const AXES: Axis[] = ['lr', 'n', 'momentum'];

export interface Cell { batchSize: number; g: number; value: number; stdError: number }

export interface Point {
  label: string;
  lr: number;
  n: number;
  momentum: number;
  cells: Cell[];
  bOpt: number;
  bOptCi: [number, number];
  gOpt: number;
  /** toy potential: what the Gibbs theory predicts at this point */
  theory?: { gOpt: number; bOpt: number; curve: { batchSize: number; g: number; value: number }[] };
}

export interface Slope { axis: Axis; slope: number; stdError: number; labels: string[]; x: number[]; lnBOpt: number[]; theorySlope?: number }

export interface BatchSizeData {
  /** 'test loss' (toy potential) or 'test accuracy' (network): what the curves show */
  metric: 'loss' | 'accuracy';
  points: Point[];
  slopes: Slope[];
}

/** The value an axis takes at a point, as the slope is fitted against it. */
export function axisValue(axis: Axis, p: Point): number {
  return axis === 'lr' ? p.lr : axis === 'n' ? p.n : 1 / (1 - p.momentum);
}

export function readBatchSize(result: Result): BatchSizeData {
  const measured = object(result.measured, 'measured');
  const theory = object(result.theory, 'theory');
  const rawPoints = array(measured.points, 'measured.points');
  if (rawPoints.length === 0) invalid('measured.points', 'holds no sweep points');
  // network cells carry testAccuracy; the toy's objective is already a test loss
  const firstCells = object(rawPoints[0], 'measured.points[0]').cells;
  const metric = Array.isArray(firstCells) && isObject(firstCells[0]) && 'testAccuracy' in firstCells[0] ? 'accuracy' : 'loss';
  const theoryPoints = theory.points === undefined ? [] : array(theory.points, 'theory.points');

  const points = rawPoints.map((raw, o): Point => {
    const p = `measured.points[${o}]`;
    const o_ = object(raw, p);
    const label = typeof o_.label === 'string' ? o_.label : invalid(`${p}.label`, 'must be a string', o_.label);
    const cells = array(o_.cells, `${p}.cells`).map((c, k) => {
      const cp = `${p}.cells[${k}]`;
      const co = object(c, cp);
      const mean = num(co.mean, `${cp}.mean`);
      // the analysis fits the test error 1 − accuracy; a figure shows the accuracy itself
      return { batchSize: num(co.batchSize, `${cp}.batchSize`), g: num(co.g, `${cp}.g`), value: metric === 'accuracy' ? 1 - mean : mean, stdError: num(co.stdError, `${cp}.stdError`) };
    });
    const b = object(o_.bOpt, `${p}.bOpt`);
    const ci = numbers(b.ci95, `${p}.bOpt.ci95`);
    const point: Point = {
      label,
      lr: num(o_.lr, `${p}.lr`),
      n: num(o_.n, `${p}.n`),
      momentum: num(o_.momentum, `${p}.momentum`),
      cells,
      bOpt: num(b.value, `${p}.bOpt.value`),
      bOptCi: [ci[0] ?? Number.NaN, ci[1] ?? Number.NaN],
      gOpt: o_.gOpt === undefined ? Number.NaN : num(o_.gOpt, `${p}.gOpt`),
    };
    const t = theoryPoints.map((x, i) => object(x, `theory.points[${i}]`)).find((x) => x.label === label);
    if (t) {
      const tb = object(t.bOpt, `theory.points(${label}).bOpt`);
      point.theory = {
        gOpt: num(t.gOpt, `theory.points(${label}).gOpt`),
        bOpt: num(tb.exact, `theory.points(${label}).bOpt.exact`),
        curve: array(t.curve, `theory.points(${label}).curve`).map((c, k) => {
          const co = object(c, `theory.points(${label}).curve[${k}]`);
          return { batchSize: num(co.batchSize, 'batchSize'), g: num(co.g, 'g'), value: num(co.testLoss, 'testLoss') };
        }),
      };
    }
    return point;
  });

  const slopesBlock = optionalObject(measured.slopes, 'measured.slopes') ?? {};
  const theorySlopes = optionalObject(theory.slopes, 'theory.slopes') ?? {};
  const slopes: Slope[] = [];
  for (const axis of AXES) {
    const s = optionalObject(slopesBlock[axis], `measured.slopes.${axis}`);
    if (!s) continue;
    const labels = array(s.points, `measured.slopes.${axis}.points`).map(String);
    slopes.push({
      axis,
      slope: num(s.slope, `measured.slopes.${axis}.slope`),
      stdError: num(s.stdError, `measured.slopes.${axis}.stdError`),
      labels,
      x: numbers(s.x, `measured.slopes.${axis}.x`),
      lnBOpt: numbers(s.lnBOpt, `measured.slopes.${axis}.lnBOpt`),
      ...(typeof theorySlopes[axis] === 'number' ? { theorySlope: theorySlopes[axis] as number } : {}),
    });
  }
  return { metric, points, slopes };
}
