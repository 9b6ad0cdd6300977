export { fmt } from '../io/format.js';

/** A value rounded to 4 significant digits, for scenario files a reader can read. */
export function round4(x: number): number {
  return Number(x.toPrecision(4));
}

/** A relative error as a percentage with 3 significant digits. */
export function pct(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return `${Number((100 * x).toPrecision(3))}%`;
}
