import type { Result } from '../core/result.js';
import { writeFileAtomic } from '../io/atomic.js';
import { pathInside } from '../io/safe-path.js';
import { buildFigures } from './registry.js';
import { renderSvg, svgToPng } from './render.js';
import { renderReportHtml } from './report.js';

export type { Figure } from '../figures/figure.js';
export { buildFigures, figureBuilders } from './registry.js';
export { renderSvg, svgToPng, compileSpec } from './render.js';
export { renderReportHtml } from './report.js';

/**
 * Draw every figure of a result into `dir`: `<figure-id>.vl.json` (the Vega-Lite spec, to edit
 * or re-render elsewhere), `<figure-id>.svg` and `<figure-id>.png`; return the files written.
 */
export async function writeFigures(result: Result, dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const figure of buildFigures(result)) {
    // each file checked by name: a symlink planted at <id>.svg must not lead out of dir
    const [spec, svgPath, pngPath] = ['vl.json', 'svg', 'png'].map((ext) => pathInside(dir, [`${figure.id}.${ext}`]));
    writeFileAtomic(spec, `${JSON.stringify(figure.spec, null, 2)}\n`);
    const svg = await renderSvg(figure.spec);
    writeFileAtomic(svgPath, svg);
    writeFileAtomic(pngPath, svgToPng(svg));
    files.push(spec, svgPath, pngPath);
  }
  return files;
}

/** Write the self-contained `report.html` for a set of results into `dir`; return its path. */
export async function writeReport(results: Result[], dir: string): Promise<string | undefined> {
  if (results.length === 0) return undefined;
  const path = pathInside(dir, ['report.html']);
  writeFileAtomic(path, renderReportHtml(results.map((result) => ({ result, figures: buildFigures(result) }))));
  return path;
}
