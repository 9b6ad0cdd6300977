/**
 * Tick values for a log axis whose every tick can carry its label. Vega's `labelOverlap` decides
 * from its own estimate of text widths, which the PNG renderer (resvg) does not reproduce, so a
 * dense grid of batch sizes printed "108181304512". Instead the spec lists only ticks that fit: the
 * first value, then greedily from the left each value whose label clears the last kept one by
 * `gapPx`, and the last value (dropping its crowded left neighbour if need be). Widths are
 * estimated from the label's characters at the theme's 12 px DejaVu Sans (digits ≈ 7.6 px wide).
 */
export interface LogTickOptions {
  /** the axis's scale padding in pixels at each end (the spec's `scale.padding`) */
  paddingPx?: number;
  /** the least white space between two labels */
  gapPx?: number;
  /** the width of one label character */
  charPx?: number;
}

export function spacedLogTicks(values: readonly number[], widthPx: number, options: LogTickOptions = {}): number[] {
  const { paddingPx = 10, gapPx = 6, charPx = 7.6 } = options;
  const sorted = [...new Set(values.filter((v) => Number.isFinite(v) && v > 0))].sort((a, b) => a - b);
  if (sorted.length <= 2) return sorted;
  const lo = Math.log(sorted[0]);
  const span = Math.log(sorted[sorted.length - 1]) - lo;
  const x = (v: number) => paddingPx + ((Math.log(v) - lo) / span) * (widthPx - 2 * paddingPx);
  const width = (v: number) => String(Number(v.toPrecision(6))).length * charPx;
  const clears = (a: number, b: number) => x(b) - x(a) >= (width(a) + width(b)) / 2 + gapPx;
  const kept = [sorted[0]];
  for (const v of sorted.slice(1, -1)) if (clears(kept[kept.length - 1], v)) kept.push(v);
  const last = sorted[sorted.length - 1];
  while (kept.length > 1 && !clears(kept[kept.length - 1], last)) kept.pop();
  kept.push(last);
  return kept;
}
