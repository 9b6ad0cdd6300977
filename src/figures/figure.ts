import type { TopLevelSpec } from 'vega-lite';
import { theme } from './theme.js';

export type { Figure } from '../core/figure.js';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Wrap a view in the shared envelope (schema, theme, title) so every builder looks alike. */
export function figureSpec(
  title: string,
  subtitle: string | string[] | undefined,
  body: Record<string, unknown>,
): TopLevelSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: subtitle ? { text: title, subtitle } : title,
    config: theme,
    ...body,
  } as TopLevelSpec;
}

/**
 * Round to 6 significant digits: plenty for a figure, keeps the specs small and their bytes stable
 * (golden files compare them exactly). Non-finite values become null, which Vega-Lite skips.
 */
export function r6(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  return x === 0 ? 0 : Number(x.toPrecision(6));
}

/** Compact label for a number in titles and subtitles (4 significant digits). */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}

/** A count with thousands separators (640,000), fixed to en-US so the bytes never depend on the machine. */
export function count(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : fmt(n);
}

/** Parameter ω_j with a Unicode subscript (1-based, as a reader counts coordinates). */
export function omega(j: number): string {
  const sub = String(j + 1).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);
  return `ω${sub}`;
}
