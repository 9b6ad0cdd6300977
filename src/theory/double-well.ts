import type { BarrierGeometry } from './kramers.js';

/**
 * The critical points of a 1-D double well V on a box [lo, hi] (the escape experiment's landscape):
 * its two minima, the barrier top between them, which minimum is sharp (larger V''), and the
 * geometry Kramers needs for escape out of a chosen minimum. Critical points are bracketed on a
 * grid and refined by Newton on V' (V'' from the compiled expression); V''' and V'''' come from
 * central differences of V''. Throws a RangeError naming what is wrong when V is not a double well
 * on the box (the scenario check turns it into an input problem).
 */
export interface DoubleWellFunctions {
  value: (x: number) => number;
  slope: (x: number) => number;
  curvature: (x: number) => number;
}

export interface DoubleWell {
  minima: [number, number];
  saddle: number;
  /** index (0 or 1) of the minimum with the larger V'' */
  sharp: 0 | 1;
  curvatures: [number, number];
  values: [number, number];
  saddleValue: number;
  saddleCurvature: number;
}

function newton(f: DoubleWellFunctions, x0: number, lo: number, hi: number): number {
  let x = x0;
  for (let k = 0; k < 60; k++) {
    const s = f.slope(x);
    const c = f.curvature(x);
    if (c === 0) break;
    const next = x - s / c;
    if (!(next > lo && next < hi)) break;
    if (Math.abs(next - x) < 1e-14 * (1 + Math.abs(x))) return next;
    x = next;
  }
  return x;
}

export function analyseDoubleWell(f: DoubleWellFunctions, lo: number, hi: number, points = 8001): DoubleWell {
  const h = (hi - lo) / (points - 1);
  const v = Array.from({ length: points }, (_, k) => f.value(lo + k * h));
  const minima: number[] = [];
  const maxima: number[] = [];
  for (let k = 1; k < points - 1; k++) {
    if (v[k] < v[k - 1] && v[k] <= v[k + 1]) minima.push(newton(f, lo + k * h, lo, hi));
    if (v[k] > v[k - 1] && v[k] >= v[k + 1]) maxima.push(newton(f, lo + k * h, lo, hi));
  }
  if (minima.length !== 2 || maxima.length !== 1) {
    throw new RangeError(`V must have exactly two minima and one barrier top inside the domain [${lo}, ${hi}]; found ${minima.length} minima (${minima.map((x) => x.toPrecision(4)).join(', ')}) and ${maxima.length} maxima`);
  }
  const [a, b] = minima;
  const z = maxima[0];
  if (!(a < z && z < b)) throw new RangeError(`the barrier top ${z.toPrecision(4)} does not lie between the minima ${a.toPrecision(4)} and ${b.toPrecision(4)}`);
  const ca = f.curvature(a);
  const cb = f.curvature(b);
  const cz = f.curvature(z);
  if (!(ca > 0 && cb > 0 && cz < 0)) throw new RangeError(`curvatures must be positive at the minima and negative at the barrier top; got V''(${a.toPrecision(4)}) = ${ca}, V''(${b.toPrecision(4)}) = ${cb}, V''(${z.toPrecision(4)}) = ${cz}`);
  return {
    minima: [a, b],
    saddle: z,
    sharp: ca >= cb ? 0 : 1,
    curvatures: [ca, cb],
    values: [f.value(a), f.value(b)],
    saddleValue: f.value(z),
    saddleCurvature: cz,
  };
}

/** V''' and V'''' at x by central differences of V'' (step δ). */
function higherDerivatives(f: DoubleWellFunctions, x: number, delta: number): [number, number] {
  const cp = f.curvature(x + delta);
  const cm = f.curvature(x - delta);
  const c0 = f.curvature(x);
  return [(cp - cm) / (2 * delta), (cp - 2 * c0 + cm) / (delta * delta)];
}

/** Kramers geometry for escape out of minimum `from` (0 or 1) over the barrier top. */
export function barrierGeometry(f: DoubleWellFunctions, well: DoubleWell, from: 0 | 1): BarrierGeometry {
  const x = well.minima[from];
  const z = well.saddle;
  const delta = 1e-3 * Math.abs(well.minima[1] - well.minima[0]);
  const [t3m, t4m] = higherDerivatives(f, x, delta);
  const [t3s, t4s] = higherDerivatives(f, z, delta);
  return {
    curvatureMin: well.curvatures[from],
    curvatureSaddle: well.saddleCurvature,
    barrier: well.saddleValue - well.values[from],
    thirdMin: t3m,
    fourthMin: t4m,
    thirdSaddle: t3s,
    fourthSaddle: t4s,
  };
}
