import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../version.js';

export { FONT_FAMILY, FONT_STACK } from '../figures/font-stack.js';

export const fontFiles = {
  regular: join(packageRoot, 'src', 'plots', 'fonts', 'DejaVuSans.ttf'),
  bold: join(packageRoot, 'src', 'plots', 'fonts', 'DejaVuSans-Bold.ttf'),
};

/** Advance widths of one TrueType font, in em, looked up by code point. */
export interface FontWidths {
  width(text: string, fontSize: number): number;
}

const cache = new Map<string, FontWidths>();

/** Read the advance widths of a TrueType file (tables head, hhea, hmtx, cmap format 4). */
export function loadFontWidths(path: string): FontWidths {
  const hit = cache.get(path);
  if (hit) return hit;
  const buf = readFileSync(path);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tables = new Map<string, number>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    tables.set(buf.toString('latin1', rec, rec + 4), view.getUint32(rec + 8));
  }
  const table = (tag: string): number => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`font ${path} has no ${tag} table`);
    return offset;
  };
  const unitsPerEm = view.getUint16(table('head') + 18);
  const numberOfHMetrics = view.getUint16(table('hhea') + 34);
  const hmtx = table('hmtx');
  const advance = (glyph: number) => view.getUint16(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));
  const glyphOf = cmapFormat4(view, table('cmap'));
  const widths = new Map<number, number>();
  const fallback = advance(glyphOf(0x4e /* 'N' */)) / unitsPerEm;
  const fonts: FontWidths = {
    width(text, fontSize) {
      let em = 0;
      for (const ch of text) {
        const code = ch.codePointAt(0)!;
        let w = widths.get(code);
        if (w === undefined) {
          const glyph = glyphOf(code);
          w = glyph === 0 ? fallback : advance(glyph) / unitsPerEm;
          widths.set(code, w);
        }
        em += w;
      }
      return em * fontSize;
    },
  };
  cache.set(path, fonts);
  return fonts;
}

/** Code point → glyph index through the Unicode BMP subtable (platform 3/1 or 0/x, format 4). */
function cmapFormat4(view: DataView, cmap: number): (code: number) => number {
  const n = view.getUint16(cmap + 2);
  let sub = -1;
  for (let i = 0; i < n; i++) {
    const platform = view.getUint16(cmap + 4 + 8 * i);
    const encoding = view.getUint16(cmap + 6 + 8 * i);
    const offset = cmap + view.getUint32(cmap + 8 + 8 * i);
    if (view.getUint16(offset) === 4 && (platform === 0 || (platform === 3 && encoding === 1))) {
      sub = offset;
      break;
    }
  }
  if (sub < 0) throw new Error('font has no Unicode BMP cmap subtable');
  const segX2 = view.getUint16(sub + 6);
  const ends = sub + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  return (code) => {
    if (code > 0xffff) return 0;
    for (let s = 0; s < segX2; s += 2) {
      if (code > view.getUint16(ends + s)) continue;
      const start = view.getUint16(starts + s);
      if (code < start) return 0;
      const delta = view.getUint16(deltas + s);
      const ro = view.getUint16(rangeOffsets + s);
      if (ro === 0) return (code + delta) & 0xffff;
      const glyph = view.getUint16(rangeOffsets + s + ro + 2 * (code - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}
