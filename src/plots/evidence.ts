import type { Result } from '../core/result.js';
import { count, figureSpec, r6, type Figure } from './figure.js';
import { array, invalid, num, numbers, object, optionalObject } from './read.js';
import { okabeIto } from './theme.js';

/**
 * Figures of an `evidence` result (Smith & Le 2017 §3, src/experiments/evidence/): against the
 * L2 coefficient λ on a log axis, for true and random labels,
 * - the log evidence ratio E (E < 0: the model beats the null) above the test cross-entropy,
 *   sharing the λ axis so that their minima can be compared;
 * - training and test accuracy (random labels: memorised at small λ, chance on test).
 */
const LABEL_SETS: [key: string, label: string][] = [['true', 'true labels'], ['random', 'random labels']];
const LABEL_COLORS = { domain: ['true labels', 'random labels'], range: [okabeIto.blue, okabeIto.vermillion] };
const LAMBDA_TITLE = 'regularisation coefficient λ (prior precision, summed cost)';

interface Row { lambda: number; E: number; trainAccuracy: number; testAccuracy: number | null; testCrossEntropy: number | null }

interface EvidenceData {
  sets: { label: string; rows: Row[] }[];
  hasTest: boolean;
  subtitle: string[];
}

function readEvidence(result: Result): EvidenceData {
  const measured = object(result.measured, 'measured');
  const sets: EvidenceData['sets'] = [];
  for (const [key, label] of LABEL_SETS) {
    if (measured[key] === undefined) continue;
    const rows = array(measured[key], `measured.${key}`).map((raw, i) => {
      const p = `measured.${key}[${i}]`;
      const o = object(raw, p);
      const maybe = (k: string) => (o[k] === null || o[k] === undefined ? null : num(o[k], `${p}.${k}`));
      return {
        lambda: num(o.lambda, `${p}.lambda`),
        E: num(o.E, `${p}.E`),
        trainAccuracy: num(o.trainAccuracy, `${p}.trainAccuracy`),
        testAccuracy: maybe('testAccuracy'),
        testCrossEntropy: maybe('testCrossEntropy'),
      };
    });
    sets.push({ label, rows });
  }
  if (sets.length === 0) invalid('measured.true', 'missing: an evidence result holds the sweep of the true and/or the random labels');
  if (measured.lambda !== undefined) numbers(measured.lambda, 'measured.lambda');
  const hasTest = sets.every((s) => s.rows.every((r) => r.testCrossEntropy !== null && r.testAccuracy !== null));
  const data = optionalObject(measured.data, 'measured.data');
  const subtitle: string[] = [];
  if (data) {
    const parts = [typeof data.source === 'string' ? data.source : ''];
    if (typeof data.trainExamples === 'number') parts.push(`N = ${count(data.trainExamples)} training examples`);
    if (typeof data.testExamples === 'number') parts.push(`${count(data.testExamples)} test examples`);
    if (typeof data.weights === 'number') parts.push(`${data.weights} weights (bias included)`);
    subtitle.push(parts.filter(Boolean).join('; '));
  }
  return { sets, hasTest, subtitle };
}

/** λ on a log axis with one labelled tick per decade (Vega's minor log ticks crowd the grid). */
function lambdaAxis(lambdas: number[], title: string | null = LAMBDA_TITLE) {
  const lo = Math.floor(Math.log10(Math.min(...lambdas)));
  const hi = Math.ceil(Math.log10(Math.max(...lambdas)));
  const values = Array.from({ length: Math.max(0, hi - lo + 1) }, (_, k) => r6(10 ** (lo + k)));
  return { field: 'lambda', type: 'quantitative', title, scale: { type: 'log' }, axis: { format: '~g', values } };
}
const labelColor = { field: 'labels', type: 'nominal', scale: LABEL_COLORS, legend: { title: null, orient: 'top', symbolType: 'stroke', symbolStrokeWidth: 3 } };

/** Where a curve has its minimum, marked on the plot (a ring on the curve). */
function minima(rows: Record<string, unknown>[], field: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const labels of new Set(rows.map((r) => r.labels))) {
    const mine = rows.filter((r) => r.labels === labels && typeof r[field] === 'number');
    if (mine.length === 0) continue;
    out.push(mine.reduce((best, r) => ((r[field] as number) < (best[field] as number) ? r : best)));
  }
  return out;
}

/** A horizontal reference line with its label at the left edge of the plot. */
function referenceLayers(reference: { value: number; label: string }, y: Record<string, unknown>, below = false) {
  return [
    {
      data: { values: [reference] },
      mark: { type: 'rule', color: '#777777', strokeDash: [4, 4], strokeWidth: 1.5 },
      encoding: { y: { ...y, field: 'value' } },
    },
    {
      data: { values: [reference] },
      mark: { type: 'text', align: 'left', baseline: below ? 'top' : 'bottom', dx: 4, dy: below ? 3 : -3, color: '#555555', fontSize: 12 },
      encoding: { y: { ...y, field: 'value' }, x: { value: 0 }, text: { field: 'label' } },
    },
  ];
}

function curvePanel(rows: Record<string, unknown>[], x: Record<string, unknown>, field: string, title: string, reference: { value: number; label: string }, height: number) {
  // a positive quantity spanning a decade or so (memorised random labels) reads better on a log axis
  const values = rows.map((r) => r[field]).filter((v): v is number => typeof v === 'number');
  const log = values.length > 0 && Math.min(...values) > 0 && Math.max(...values) / Math.min(...values) > 4;
  const y = { field, type: 'quantitative', title, scale: log ? { type: 'log', nice: false, padding: 8 } : { zero: false }, ...(log ? { axis: { format: '~g' } } : {}) };
  return {
    height,
    width: 520,
    layer: [
      ...referenceLayers(reference, y),
      {
        data: { values: rows },
        mark: { type: 'line', point: { filled: true, size: 30 } },
        encoding: { x, y, color: labelColor },
      },
      {
        data: { values: minima(rows, field) },
        mark: { type: 'point', size: 220, strokeWidth: 2.5, filled: false },
        encoding: { x, y, color: labelColor },
      },
    ],
  };
}

export function evidenceFigures(result: Result): Figure[] {
  const data = readEvidence(result);
  const curveRows = data.sets.flatMap((s) => s.rows.map((r) => ({ labels: s.label, lambda: r6(r.lambda), E: r6(r.E), testCrossEntropy: r.testCrossEntropy === null ? null : r6(r.testCrossEntropy) })));
  const lambdas = data.sets.flatMap((s) => s.rows.map((r) => r.lambda)).filter((l) => l > 0);
  // stacked panels share the λ axis: only the bottom one carries its title
  const panels = [curvePanel(curveRows, lambdaAxis(lambdas, data.hasTest ? null : LAMBDA_TITLE), 'E', 'log evidence ratio E (nats)', { value: 0, label: 'null model, E = 0' }, 230)];
  if (data.hasTest) panels.push(curvePanel(curveRows, lambdaAxis(lambdas), 'testCrossEntropy', 'test cross-entropy (nats per example)', { value: r6(Math.LN2)!, label: 'chance, ln 2' }, 230));
  const evidenceSpec = figureSpec('Bayesian evidence against λ', data.subtitle.length ? data.subtitle : undefined, {
    vconcat: panels,
    spacing: 18,
    resolve: { scale: { x: 'shared' } },
  });

  const accuracyRows = data.sets.flatMap((s) => s.rows.flatMap((r) => [
    { labels: s.label, set: 'training', lambda: r6(r.lambda), accuracy: r6(r.trainAccuracy) },
    ...(r.testAccuracy === null ? [] : [{ labels: s.label, set: 'test', lambda: r6(r.lambda), accuracy: r6(r.testAccuracy) }]),
  ]));
  // from just below chance to 100 %: the interesting range, the same for every layer
  const lowest = Math.min(0.45, ...accuracyRows.map((r) => r.accuracy ?? 1));
  const accuracyY = { type: 'quantitative', title: 'accuracy', scale: { domain: [Math.floor(lowest * 10) / 10, 1] }, axis: { format: '.0%' } };
  const accuracySpec = figureSpec('Training and test accuracy against λ', data.subtitle.length ? data.subtitle : undefined, {
    width: 520,
    height: 280,
    layer: [
      ...referenceLayers({ value: 0.5, label: 'chance, 1/2' }, accuracyY, true),
      {
        data: { values: accuracyRows },
        mark: { type: 'line', point: { filled: true, size: 30 } },
        encoding: {
          x: lambdaAxis(lambdas),
          y: { ...accuracyY, field: 'accuracy' },
          color: labelColor,
          strokeDash: { field: 'set', type: 'nominal', scale: { domain: ['training', 'test'], range: [[1, 0], [6, 4]] }, legend: { title: null, orient: 'top', symbolType: 'stroke', symbolStrokeWidth: 3 } },
          detail: { field: 'set' },
        },
      },
    ],
  });
  return [
    {
      id: 'evidence-vs-lambda',
      title: 'Log evidence ratio and test cross-entropy against λ',
      caption:
        'E = C(ω₀) + ½ Σ ln(λⱼ/λ) − N ln 2 is the log evidence ratio in favour of the null model (E < 0: the model is more probable). ' +
        'Rings mark each curve’s minimum: the theory says the λ that minimises E for the true labels also minimises the test cross-entropy, and that E stays positive for random labels.',
      spec: evidenceSpec,
    },
    {
      id: 'evidence-accuracy',
      title: 'Training and test accuracy against λ',
      caption:
        'Solid: training set; dashed: test set. With random labels a weakly regularised model memorises the training set while its test accuracy stays at chance: good training fit is not evidence.',
      spec: accuracySpec,
    },
  ];
}
