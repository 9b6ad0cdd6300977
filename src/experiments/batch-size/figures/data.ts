import type { Result } from '../../../core/result.js';
import { invalid, object, parseBlock } from '../../../figures/read.js';
import { batchSizeResultBlocks } from '../result-schema.js';

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
  const measured = parseBlock(batchSizeResultBlocks.measured, object(result.measured, 'measured'), 'measured');
  const theory = parseBlock(batchSizeResultBlocks.theory, object(result.theory, 'theory'), 'theory');
  if (measured.points.length === 0) invalid('measured.points', 'holds no sweep points');
  // network cells carry testAccuracy; the toy's objective is already a test loss
  const metric = measured.points[0].cells[0] !== undefined && 'testAccuracy' in measured.points[0].cells[0] ? 'accuracy' : 'loss';
  const theoryPoints = theory.points ?? [];

  const points = measured.points.map((p): Point => {
    const cells = p.cells.map((c) => {
      const mean = nan(c.mean);
      // the analysis fits the test error 1 − accuracy; a figure shows the accuracy itself
      return { batchSize: c.batchSize, g: nan(c.g), value: metric === 'accuracy' ? 1 - mean : mean, stdError: nan(c.stdError) };
    });
    const point: Point = {
      label: p.label,
      lr: p.lr,
      n: p.n,
      momentum: p.momentum,
      cells,
      bOpt: nan(p.bOpt.value),
      bOptCi: [nan((p.bOpt.interval ?? p.bOpt.ci95)[0]), nan((p.bOpt.interval ?? p.bOpt.ci95)[1])],
      gOpt: nan(p.gOpt),
    };
    const t = theoryPoints.find((x) => x.label === p.label);
    if (t) {
      point.theory = {
        gOpt: nan(t.gOpt),
        bOpt: nan(t.bOpt.exact),
        curve: t.curve.map((c) => ({ batchSize: c.batchSize, g: nan(c.g), value: nan(c.testLoss) })),
      };
    }
    return point;
  });

  const slopes: Slope[] = [];
  for (const axis of AXES) {
    const s = measured.slopes[axis];
    if (!s) continue;
    const theorySlope = theory.slopes?.[axis];
    slopes.push({
      axis,
      slope: nan(s.slope),
      stdError: nan(s.stdError),
      labels: s.points,
      x: s.x.map(nan),
      lnBOpt: s.lnBOpt.map(nan),
      ...(typeof theorySlope === 'number' ? { theorySlope } : {}),
    });
  }
  return { metric, points, slopes };
}

const nan = (v: number | null): number => (v === null ? Number.NaN : v);
