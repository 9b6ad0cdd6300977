import type { Config } from 'vega-lite';
import { FONT_STACK } from './font-stack.js';

/**
 * One look for every figure: the shipped font, sizes readable on a slide, and the Okabe–Ito
 * palette (distinguishable under the common colour-vision deficiencies).
 */
export const okabeIto = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
} as const;

export const categoryPalette = [
  okabeIto.blue, okabeIto.vermillion, okabeIto.green, okabeIto.purple,
  okabeIto.orange, okabeIto.skyBlue, okabeIto.black, okabeIto.yellow,
];

/**
 * Fixed colours for the series that recur across figures, so SGD is the same blue everywhere and
 * each theory keeps its colour. Theories are lines; measurements are marks with error bars.
 */
export const seriesColor: Record<string, string> = {
  SGD: okabeIto.blue,
  SDE: okabeIto.vermillion,
  'OU (SDE) theory': okabeIto.black,
  'discrete SGD theory': okabeIto.green,
  'exact theory': okabeIto.purple,
  'heavy-ball theory': okabeIto.orange,
};

/** Dash patterns: measurements solid, each theory its own dash, so the figures survive greyscale. */
export const seriesDash: Record<string, number[]> = {
  'OU (SDE) theory': [7, 4],
  'discrete SGD theory': [2, 3],
  'exact theory': [10, 3, 2, 3],
  'heavy-ball theory': [4, 2],
};

/** strokeDash scale for a list of series names (solid for anything not in seriesDash). */
export function dashScale(names: string[]): { domain: string[]; range: number[][] } {
  return { domain: names, range: names.map((n) => seriesDash[n] ?? [1, 0]) };
}

/** Colour scale for a list of series names, keeping the fixed colours and the given order. */
export function seriesScale(names: string[]): { domain: string[]; range: string[] } {
  let spare = 0;
  const free = categoryPalette.filter((c) => !Object.values(seriesColor).includes(c));
  return {
    domain: names,
    range: names.map((n) => seriesColor[n] ?? free[spare++ % free.length]),
  };
}

export const theme: Config = {
  font: FONT_STACK,
  background: 'white',
  padding: 8,
  view: { continuousWidth: 360, continuousHeight: 280, stroke: '#bbbbbb' },
  title: { fontSize: 16, fontWeight: 'bold', subtitleFontSize: 12, subtitleColor: '#444444', anchor: 'start', offset: 10 },
  axis: {
    labelFontSize: 12,
    titleFontSize: 13,
    titleFontWeight: 'normal',
    titleColor: '#222222',
    labelColor: '#333333',
    gridColor: '#e8e8e8',
    tickColor: '#888888',
    domainColor: '#888888',
    labelLimit: 200,
  },
  legend: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', labelLimit: 320, symbolStrokeWidth: 2.5, symbolOpacity: 1 },
  header: { labelFontSize: 13, titleFontSize: 13, labelFontWeight: 'bold' },
  range: { category: categoryPalette },
  line: { strokeWidth: 2.2 },
  point: { size: 45, filled: true },
};
