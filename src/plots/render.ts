import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY, fontFiles, loadFontWidths } from './fonts.js';

/**
 * Vega-Lite spec → Vega spec → SVG (Vega's headless View) → PNG (resvg). Text is measured with
 * the shipped font's own advance widths: without a canvas Vega guesses 0.8 em per character,
 * which leaves legends and axis titles badly placed.
 */

interface TextItem { fontSize?: number; fontWeight?: string | number; text?: unknown; limit?: number }

let metricsInstalled = false;
function installTextMetrics(): void {
  if (metricsInstalled) return;
  const regular = loadFontWidths(fontFiles.regular);
  const bold = loadFontWidths(fontFiles.bold);
  // vega-scenegraph exports this object (vl-convert does the same); the typings omit it
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const s = text == null ? '' : String(text).trim();
    const weight = item.fontWeight;
    const isBold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600);
    return (isBold ? bold : regular).width(s, size);
  };
  metricsInstalled = true;
}

/** Compile a Vega-Lite spec; compiler warnings are returned rather than printed. */
export function compileSpec(spec: TopLevelSpec): { vega: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    level(): never { return this as never; },
    error: (...args: unknown[]) => { throw new Error(`vega-lite: ${args.join(' ')}`); },
    warn: (...args: unknown[]) => { warnings.push(args.join(' ')); return logger as never; },
    info: () => logger as never,
    debug: () => logger as never,
  };
  const compiled = compile(spec, { logger: logger as never });
  return { vega: compiled.spec as vega.Spec, warnings };
}

/** Render a Vega-Lite spec to an SVG string, byte-for-byte reproducible. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  installTextMetrics();
  const { vega: vgSpec } = compileSpec(spec);
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    // clip-path and gradient ids count up per process; restart them so each file is reproducible
    (vega as unknown as { resetSVGDefIds(): void }).resetSVGDefIds();
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterise an SVG at `zoom` × its size (2 is sharp on a slide) with only the shipped fonts. */
export function svgToPng(svg: string, zoom = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [fontFiles.regular, fontFiles.bold],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    fitTo: { mode: 'zoom', value: zoom },
    background: 'white',
  });
  return new Uint8Array(resvg.render().asPng());
}
