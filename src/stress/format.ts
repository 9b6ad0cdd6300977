/** Number formatting for stress output: 4 significant digits, exponent form outside [1e-3, 1e5). */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}

/** A value rounded to 4 significant digits, for scenario files a reader can read. */
export function round4(x: number): number {
  return Number(x.toPrecision(4));
}

/** A relative error as a percentage with 3 significant digits. */
export function pct(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return `${Number((100 * x).toPrecision(3))}%`;
}
