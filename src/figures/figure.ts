import type { TopLevelSpec } from 'vega-lite';
import { theme } from './theme.js';
import { fmt } from '../io/format.js';

/** Numbers in titles and subtitles use the one number format of tables and messages. */
export { fmt };

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

/** A count with thousands separators (640,000), fixed to en-US so the bytes never depend on the machine. */
export function count(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : fmt(n);
}

/** Parameter ω_j with a Unicode subscript (1-based, as a reader counts coordinates). */
export function omega(j: number): string {
  const sub = String(j + 1).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);
  return `ω${sub}`;
}
