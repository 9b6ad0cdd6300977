import { compileExpression } from '../../models/expression.js';
import { analyseDoubleWell, barrierGeometry, type DoubleWell, type DoubleWellFunctions } from '../../theory/double-well.js';
import { meanFirstPassageTime } from '../../theory/mean-first-passage.js';
import { finiteBarrierCoefficient, kramersPrefactor, kramersTime, kramersTimeCorrected, type BarrierGeometry } from '../../theory/kramers.js';
import type { EscapeScenario } from './schema.js';

/**
 * The escape landscape of a scenario, analysed once: the double well V(x), the minimum escaped
 * from (x*), the barrier top z, the exit, and the three theories of the mean escape time at a
 * temperature T — the exact first-passage time (quadrature), Kramers, and Kramers with the first
 * finite-barrier correction. Pure theory: nothing here simulates.
 */
export interface EscapeLandscape {
  functions: DoubleWellFunctions;
  well: DoubleWell;
  from: 0 | 1;
  start: number;
  exit: number;
  reflect: number;
  geometry: BarrierGeometry;
  exactTime(temperature: number): number;
  kramersTime(temperature: number): number;
  kramersCorrectedTime(temperature: number): number;
}

export function escapeLandscape(land: EscapeScenario['landscape']): EscapeLandscape {
  const e = compileExpression(land.loss, ['x']);
  const scratch = new Float64Array(1);
  const functions: DoubleWellFunctions = {
    value: (x) => e.value(x, 0),
    slope: (x) => (e.gradient(x, 0, scratch), scratch[0]),
    curvature: (x) => (e.hessian(x, 0, scratch), scratch[0]),
  };
  const [lo, hi] = land.domain;
  const well = analyseDoubleWell(functions, lo, hi);
  const from: 0 | 1 = land.from === 'sharp' ? well.sharp : ((1 - well.sharp) as 0 | 1);
  const start = well.minima[from];
  const other = well.minima[1 - from];
  const exit = land.exit ?? (well.saddle + other) / 2;
  if (!((exit - well.saddle) * (other - start) > 0 && Math.abs(exit - start) < Math.abs(hi - lo))) {
    throw new RangeError(`landscape.exit = ${exit} must lie past the barrier top ${well.saddle.toPrecision(5)}, on the side of the other minimum ${other.toPrecision(5)}`);
  }
  const reflect = other > start ? lo : hi;
  const geometry = barrierGeometry(functions, well, from);
  const cache = new Map<number, number>();
  return {
    functions, well, from, start, exit, reflect, geometry,
    exactTime(t) {
      let v = cache.get(t);
      if (v === undefined) {
        v = meanFirstPassageTime({ potential: functions.value, start, exit, reflect, temperature: t });
        cache.set(t, v);
      }
      return v;
    },
    kramersTime: (t) => kramersTime(geometry, t),
    kramersCorrectedTime: (t) => kramersTimeCorrected(geometry, t),
  };
}

/** The numbers of the landscape for results.json. */
export function landscapeSummary(l: EscapeLandscape): Record<string, unknown> {
  return {
    minima: l.well.minima,
    curvatures: l.well.curvatures,
    values: l.well.values,
    barrierTop: l.well.saddle,
    barrierTopCurvature: l.well.saddleCurvature,
    from: l.start,
    exit: l.exit,
    reflectingWall: l.reflect,
    barrier: l.geometry.barrier,
    kramersPrefactor: kramersPrefactor(l.geometry),
    finiteBarrierCoefficient: finiteBarrierCoefficient(l.geometry),
    derivatives: { thirdMin: l.geometry.thirdMin, fourthMin: l.geometry.fourthMin, thirdSaddle: l.geometry.thirdSaddle, fourthSaddle: l.geometry.fourthSaddle },
  };
}
