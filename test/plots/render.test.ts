import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildFigures } from '../../src/plots/registry.js';
import { renderSvg, svgToPng } from '../../src/plots/render.js';
import { writeFigures, writeReport } from '../../src/plots/index.js';
import { FONT_FAMILY, fontFiles, loadFontWidths } from '../../src/plots/fonts.js';
import { syntheticStationaryResult } from './fixtures.js';
import { figureSpec } from '../../src/figures/figure.js';
import { theme } from '../../src/figures/theme.js';

/** Set KEEP_PLOTS=DIR to keep the rendered files for a look. */
const keep = process.env.KEEP_PLOTS;

describe('rendering', () => {
  const figures = buildFigures(syntheticStationaryResult());

  it('draws an SVG with marks and text in the shipped font, the same bytes twice', async () => {
    const svg = await renderSvg(figures[0].spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(`font-family="${FONT_FAMILY}`);
    expect(svg).toMatch(/class="mark-line role-mark/);
    expect(svg).toContain('probability density');
    expect(await renderSvg(figures[0].spec)).toBe(svg);
  });

  it('legend swatches are drawn at full strength even when a layer of the same colour is translucent (a band under a curve)', async () => {
    // the learning-curves figure's shape: an s.e. band at opacity 0.25 under each curve, one colour legend for both
    const rows = [0, 1, 2].flatMap((x) => ['B = 30', 'B = 1000'].map((series, k) => ({ x, series, y: x + k, lo: x + k - 0.2, hi: x + k + 0.2 })));
    const color = { field: 'series', type: 'nominal' };
    const body = {
      data: { values: rows },
      layer: [
        { mark: { type: 'area', opacity: 0.25 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
        { mark: 'line', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, color } },
      ],
    };
    const symbolOpacities = (svg: string) => [...svg.matchAll(/role-legend-symbol[\s\S]*?<\/g>/g)].flatMap((m) => [...m[0].matchAll(/opacity="([0-9.]+)"/g)].map((o) => Number(o[1])));
    const themed = symbolOpacities(await renderSvg(figureSpec('t', undefined, body)));
    expect(themed.length).toBeGreaterThanOrEqual(2);
    expect(themed.every((o) => o === 1), `legend symbol opacities ${themed.join(', ')}`).toBe(true);
    // twin: without the theme's symbolOpacity the swatches take the band's 0.25 (what the check must catch)
    const pale = symbolOpacities(await renderSvg({ ...figureSpec('t', undefined, body), config: { ...theme, legend: { ...theme.legend, symbolOpacity: undefined } } } as never));
    expect(pale).toContain(0.25);
  });

  it('rasterises to a PNG twice the SVG size', async () => {
    const svg = await renderSvg(figures[1].spec);
    const png = svgToPng(svg);
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset);
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(view.getUint32(16)).toBe(2 * width);
  });

  it('draws text into the PNG: the same figure without its text has fewer dark pixels… or at least a different image', async () => {
    // resvg silently draws no text without a usable font; blanking the text must change the pixels
    const svg = await renderSvg(figures[1].spec);
    const blank = svg.replace(/(<text[^>]*>)[^<]*(<\/text>)/g, '$1$2');
    expect(Buffer.from(svgToPng(svg)).equals(Buffer.from(svgToPng(blank)))).toBe(false);
  });

  it('measures text with the font: "W" is wider than "i", widths scale with size', () => {
    const f = loadFontWidths(fontFiles.regular);
    expect(f.width('W', 10)).toBeGreaterThan(2 * f.width('i', 10));
    expect(f.width('ε(N/B − 1)', 20)).toBeCloseTo(2 * f.width('ε(N/B − 1)', 10), 10);
    // DejaVu Sans: 'N' advance is 1532/2048 em
    expect(f.width('N', 2048)).toBe(1532);
  });

  it('writeFigures writes .vl.json, .svg and .png per figure; writeReport writes report.html', async () => {
    const dir = keep ?? mkdtempSync(join(tmpdir(), 'sgd-sde-plots-'));
    try {
      const result = syntheticStationaryResult();
      const files = await writeFigures(result, dir);
      expect(files.map((f) => basename(f))).toEqual(
        figures.flatMap((f) => [`${f.id}.vl.json`, `${f.id}.svg`, `${f.id}.png`]),
      );
      const spec = JSON.parse(readFileSync(join(dir, 'stationary-histograms.vl.json'), 'utf8'));
      expect(spec).toEqual(JSON.parse(JSON.stringify(figures[0].spec)));
      const report = await writeReport([result], dir);
      expect(report).toBe(join(dir, 'report.html'));
      const html = readFileSync(report!, 'utf8');
      expect(html).toContain('synthetic-stationary');
      expect(html).toContain('3 of 4 judged predictions pass; 1 N/E; 1 INFO');
      expect(html).not.toMatch(/<script[^>]+src=/); // nothing to fetch
    } finally {
      if (!keep) rmSync(dir, { recursive: true, force: true });
    }
  });
});
