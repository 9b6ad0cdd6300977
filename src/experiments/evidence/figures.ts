import type { Result } from '../../core/result.js';
import { count, figureSpec, r6, type Figure } from '../../figures/figure.js';
import { z } from 'zod';
import { invalid, object, parseBlock } from '../../figures/read.js';
import { evidenceAveragedRow, evidenceData, evidenceResultBlocks } from './result-schema.js';
import { okabeIto } from '../../figures/theme.js';

/**
 * Figures of an `evidence` result (Smith & Le 2017 §3, src/experiments/evidence/) in the paper's
 * form, against the L2 coefficient λ on a log axis, one column per label set ((a) random labels,
 * (b) true labels, as the paper's panels):
 * - Fig 1: training and test accuracy (random labels: memorised at small λ, chance on test);
 * - Fig 2: the log evidence ratio E (E < 0: the model beats the null) above the test cross-entropy,
 *   sharing the λ axis so that their minima can be compared (rings mark each curve's minimum).
 * Curves are the seed means of measured.true / measured.random; where a row carries
 * spread.{field}.{min, max} (several seeds) a band shows the range over the seeds.
 */
const LABEL_SETS: [key: string, label: string][] = [['random', 'random labels'], ['true', 'true labels']];
const LABEL_COLOR: Record<string, string> = { 'true labels': okabeIto.blue, 'random labels': okabeIto.vermillion };
const LAMBDA_TITLE = 'regularisation coefficient λ (prior precision, summed cost)';
const PANEL_WIDTH = 340;
const FIELDS = ['E', 'trainAccuracy', 'testAccuracy', 'testCrossEntropy'] as const;
type Field = (typeof FIELDS)[number];

interface Row { lambda: number; values: { [K in Field]: number | null }; band: { [K in Field]?: [number, number] } }

interface EvidenceData {
  sets: { label: string; rows: Row[] }[];
  hasTest: boolean;
  seeds: number;
  subtitle: string[];
}

/**
 * What the figures read of the kind's schema (experiments/evidence/result-schema.ts): the averaged
 * rows' λ, E, accuracies and test cross-entropy (test fields may be absent), their spreads when
 * several seeds ran, and whatever of `data` is there for the subtitle.
 */
const figureRow = evidenceAveragedRow
  .pick({ lambda: true, E: true, trainAccuracy: true, spread: true })
  .extend({ testAccuracy: evidenceAveragedRow.shape.testAccuracy.optional(), testCrossEntropy: evidenceAveragedRow.shape.testCrossEntropy.optional() })
  .partial({ spread: true });
const figureMeasured = evidenceResultBlocks.measured
  .pick({ lambda: true, true: true, random: true })
  .extend({ data: evidenceData.partial().optional() })
  .partial({ lambda: true })
  .extend({ true: z.array(figureRow).optional(), random: z.array(figureRow).optional() });

const nan = (v: number | null): number => (v === null ? Number.NaN : v);

function readEvidence(result: Result): EvidenceData {
  const measured = parseBlock(figureMeasured, object(result.measured, 'measured'), 'measured');
  const sets: EvidenceData['sets'] = [];
  for (const [key, label] of LABEL_SETS) {
    const block = measured[key as 'true' | 'random'];
    if (block === undefined) continue;
    const rows = block.map((o): Row => {
      const band: Row['band'] = {};
      for (const f of FIELDS) {
        const s = o.spread?.[f];
        if (s) band[f] = [nan(s.min), nan(s.max)];
      }
      return {
        lambda: o.lambda,
        values: { E: nan(o.E), trainAccuracy: nan(o.trainAccuracy), testAccuracy: o.testAccuracy ?? null, testCrossEntropy: o.testCrossEntropy ?? null },
        band,
      };
    });
    sets.push({ label, rows });
  }
  if (sets.length === 0) invalid('measured.true', 'missing: an evidence result holds the sweep of the true and/or the random labels');
  const hasTest = sets.every((s) => s.rows.every((r) => r.values.testCrossEntropy !== null && r.values.testAccuracy !== null));
  const data = measured.data;
  const seeds = data && typeof data.seeds === 'number' ? data.seeds : 1;
  const subtitle: string[] = [];
  if (data) {
    if (typeof data.source === 'string') subtitle.push(data.source);
    const parts: string[] = [];
    if (typeof data.trainExamples === 'number') parts.push(`N = ${count(data.trainExamples)} training examples`);
    if (typeof data.testExamples === 'number') parts.push(`${count(data.testExamples)} test examples`);
    if (typeof data.weights === 'number') parts.push(`${data.weights} weights (bias included)`);
    if (seeds > 1) parts.push(`mean of ${seeds} seeds, band: range over the seeds`);
    if (parts.length) subtitle.push(parts.join('; '));
  }
  return { sets, hasTest, seeds, subtitle };
}

/** λ on a log axis, one labelled tick per decade as 1e-8 … 0.01 … 100, 1e3 (Vega's minor log ticks crowd the grid). */
function lambdaAxis(lambdas: number[], title: string | null = LAMBDA_TITLE) {
  const lo = Math.floor(Math.log10(Math.min(...lambdas)));
  const hi = Math.ceil(Math.log10(Math.max(...lambdas)));
  const values = Array.from({ length: Math.max(0, hi - lo + 1) }, (_, k) => r6(10 ** (lo + k)));
  const labelExpr = "datum.value >= 0.01 && datum.value <= 100 ? format(datum.value, '~g') : replace(format(datum.value, '.0e'), 'e+', 'e')";
  return { field: 'lambda', type: 'quantitative', title, scale: { type: 'log' }, axis: { values, labelExpr, labelOverlap: true } };
}

/** A horizontal reference line with its label at the left edge of the plot. */
function referenceLayers(reference: { value: number; label: string }, y: Record<string, unknown>, below = false) {
  return [
    { data: { values: [reference] }, mark: { type: 'rule', color: '#777777', strokeDash: [4, 4], strokeWidth: 1.5 }, encoding: { y: { ...y, field: 'value' } } },
    {
      data: { values: [reference] },
      mark: { type: 'text', align: 'left', baseline: below ? 'top' : 'bottom', dx: 4, dy: below ? 3 : -3, color: '#555555', fontSize: 12 },
      encoding: { y: { ...y, field: 'value' }, x: { value: 0 }, text: { field: 'label' } },
    },
  ];
}

/** Rows of one series: the seed mean and, when known, the seed range. */
function seriesRows(rows: Row[], field: Field, series: string) {
  return rows.filter((r) => r.values[field] !== null).map((r) => {
    const band = r.band[field];
    return { series, lambda: r6(r.lambda), value: r6(r.values[field] as number), ...(band ? { lo: r6(band[0]), hi: r6(band[1]) } : {}) };
  });
}

/** Curve(s) with their seed bands in one panel; `series` names the curves, with colours and dashes. */
function panel(options: {
  title: string;
  rows: ReturnType<typeof seriesRows>;
  series: { name: string; color: string; dash: number[] }[];
  x: Record<string, unknown>;
  y: Record<string, unknown>;
  reference?: { value: number; label: string; below?: boolean };
  markMinimum?: boolean;
  height: number;
}) {
  const { rows, x, y } = options;
  const names = options.series.map((s) => s.name);
  // one series: fixed colour (a shared colour scale would merge the panels' domains); several: a legend
  const single = options.series.length === 1;
  const legend = { title: null, orient: 'top', symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 };
  const color = single ? { value: options.series[0].color }
    : { field: 'series', type: 'nominal', scale: { domain: names, range: options.series.map((s) => s.color) }, legend };
  // the same legend for colour and dash, so Vega-Lite merges them into one (dashed symbols for dashed curves)
  const strokeDash = single ? { value: options.series[0].dash } : { field: 'series', type: 'nominal', scale: { domain: names, range: options.series.map((s) => s.dash) }, legend };
  const banded = rows.filter((r) => 'lo' in r);
  const layers: Record<string, unknown>[] = [
    ...(options.reference ? referenceLayers(options.reference, y, options.reference.below) : []),
    ...(banded.length ? [{ data: { values: banded }, mark: { type: 'area', opacity: 0.22, clip: true }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } }] : []),
    { data: { values: rows }, mark: { type: 'line', clip: true, point: { filled: true, size: 22 } }, encoding: { x, y: { ...y, field: 'value' }, color, strokeDash } },
  ];
  if (options.markMinimum && rows.length) {
    const lowest = rows.reduce((best, r) => ((r.value ?? Infinity) < (best.value ?? Infinity) ? r : best));
    layers.push({ data: { values: [lowest] }, mark: { type: 'point', size: 220, strokeWidth: 2.5, filled: false }, encoding: { x, y: { ...y, field: 'value' }, color } });
  }
  return { title: { text: options.title, fontSize: 14 }, width: PANEL_WIDTH, height: options.height, layer: layers };
}

/** y encoding: log when a positive curve spans more than a factor 4 (memorised random labels), else linear. */
function autoY(title: string, rows: ReturnType<typeof seriesRows>) {
  const values = rows.flatMap((r) => [r.value, r.lo, r.hi]).filter((v): v is number => typeof v === 'number');
  const log = values.length > 0 && Math.min(...values) > 0 && Math.max(...values) / Math.min(...values) > 4;
  return { type: 'quantitative', title, scale: log ? { type: 'log', nice: false, padding: 8 } : { zero: false }, ...(log ? { axis: { format: '~g' } } : {}) };
}

export function evidenceFigures(result: Result): Figure[] {
  const data = readEvidence(result);
  const lambdas = data.sets.flatMap((s) => s.rows.map((r) => r.lambda)).filter((l) => l > 0);
  const tag = (k: number) => `(${'abcdefgh'[k]}) `;

  // Fig 2: E (top row) and test cross-entropy (bottom row), a column per label set
  const eRow = data.sets.map((s, k) => {
    const rows = seriesRows(s.rows, 'E', s.label);
    return panel({
      title: `${tag(k)}${s.label}`, rows, series: [{ name: s.label, color: LABEL_COLOR[s.label], dash: [1, 0] }],
      x: lambdaAxis(lambdas, data.hasTest ? null : LAMBDA_TITLE), y: { type: 'quantitative', title: k === 0 ? 'log evidence ratio E (nats)' : '', scale: { zero: false } },
      reference: { value: 0, label: 'null model, E = 0' }, markMinimum: true, height: 220,
    });
  });
  const vconcat: Record<string, unknown>[] = [{ hconcat: eRow, spacing: 28 }];
  if (data.hasTest) {
    vconcat.push({
      hconcat: data.sets.map((s, k) => {
        const rows = seriesRows(s.rows, 'testCrossEntropy', s.label);
        return panel({
          title: '', rows, series: [{ name: s.label, color: LABEL_COLOR[s.label], dash: [1, 0] }],
          x: lambdaAxis(lambdas), y: autoY(k === 0 ? 'test cross-entropy (nats per example)' : '', rows),
          reference: { value: r6(Math.LN2) as number, label: 'chance, ln 2' }, markMinimum: true, height: 220,
        });
      }),
      spacing: 28,
    });
  }
  const evidenceSpec = figureSpec('Fig. 2: log evidence ratio and test cross-entropy against λ', data.subtitle.length ? data.subtitle : undefined, {
    vconcat,
    spacing: 14,
    resolve: { scale: { x: 'shared', y: 'independent', color: 'independent', strokeDash: 'independent' } },
  });

  // Fig 1: training and test accuracy, a panel per label set
  const accuracyPanels = data.sets.map((s, k) => {
    const rows = [...seriesRows(s.rows, 'trainAccuracy', 'training'), ...(data.hasTest ? seriesRows(s.rows, 'testAccuracy', 'test') : [])];
    const values = rows.flatMap((r) => [r.value, r.lo]).filter((v): v is number => typeof v === 'number');
    const lowest = Math.min(...values);
    // random labels span chance to 100 %: show from just below chance; true labels sit near 100 %: zoom in
    const chanceShown = lowest < 0.6;
    const floor = chanceShown ? Math.floor(Math.min(0.45, lowest) * 10) / 10 : Math.floor(lowest * 200) / 200;
    const y = { type: 'quantitative', title: k === 0 ? 'accuracy' : '', scale: { domain: [floor, 1] }, axis: { format: chanceShown ? '.0%' : '.1%' } };
    return panel({
      title: `${tag(k)}${s.label}`, rows,
      series: [{ name: 'training', color: okabeIto.black, dash: [1, 0] }, ...(data.hasTest ? [{ name: 'test', color: okabeIto.orange, dash: [6, 3] }] : [])],
      x: lambdaAxis(lambdas), y, ...(chanceShown ? { reference: { value: 0.5, label: 'chance, 1/2', below: true } } : {}), height: 260,
    });
  });
  const accuracySpec = figureSpec('Fig. 1: training and test accuracy against λ', data.subtitle.length ? data.subtitle : undefined, {
    hconcat: accuracyPanels,
    spacing: 28,
    resolve: { scale: { y: 'independent', color: 'shared', strokeDash: 'shared' } },
  });
  const band = data.seeds > 1 ? ` Bands: the range (min to max) over the ${data.seeds} seeds; curves: the seed means.` : '';
  return [
    {
      id: 'evidence-vs-lambda',
      title: 'Fig. 2: log evidence ratio and test cross-entropy against λ',
      caption:
        'E = C(ω₀) + ½ Σ ln(λⱼ/λ) − N ln 2 is the log evidence ratio in favour of the null model (E < 0: the model is more probable), computed on the training set. ' +
        'Rings mark each curve’s minimum: the theory says the λ that minimises E for the true labels also minimises the test cross-entropy, and that E stays positive for random labels.' + band,
      spec: evidenceSpec,
    },
    {
      id: 'evidence-accuracy',
      title: 'Fig. 1: training and test accuracy against λ',
      caption:
        'Black, solid: training set; orange, dashed: test set. With random labels a weakly regularised model memorises the training set while its test accuracy stays at chance: good training fit is not evidence.' + band,
      spec: accuracySpec,
    },
  ];
}
