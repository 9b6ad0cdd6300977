import type { Prediction, Result } from '../core/result.js';
import { fmt, wrap } from '../io/format.js';
import { QUICK_RUN_NOTE } from '../core/quick-note.js';

/** The verdict table printed after a run: one row per prediction. */
export function formatPredictionTable(result: Result): string {
  const rows = result.predictions.map((p) => [
    p.notEvaluable ? 'N/E ' : p.expect === 'not-judged' ? 'INFO' : p.pass ? 'PASS' : 'FAIL',
    p.id,
    fmt(p.predicted),
    // a count under a rule (Prediction.unit) has no standard error: its need is in its own unit
    p.unit !== undefined ? `${fmt(p.measured)} ${p.unit}` : `${fmt(p.measured)} ± ${fmt(p.stdError)}`,
    p.unit !== undefined ? '–' : `${Number.isFinite(p.z) ? p.z.toFixed(1) : 'n/a'}σ`,
    p.expect === 'not-judged' ? 'not judged' : `${p.expect === 'agree' ? '≤' : '>'}${p.unit !== undefined ? `${fmt(p.predicted + p.tolerance * p.stdError)} ${p.unit}` : `${p.tolerance.toFixed(1)}σ`}`,
  ]);
  const header = ['', 'prediction', 'predicted', 'measured ± s.e.', 'z', 'need'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  const judged = result.predictions.filter((p) => p.expect !== 'not-judged');
  const passed = judged.filter((p) => p.pass).length;
  const info = result.predictions.length - judged.length;
  const out = [
    `${result.name} (${result.experiment}, seed ${result.seed}${result.quick ? ', quick' : ''})`,
    ...(result.noiseScale ? [`noise scale g = ${fmt(result.noiseScale.g)}  (paper ε(N/B−1)/(1−m) = ${fmt(result.noiseScale.gPaper)}, εN/(B(1−m)) = ${fmt(result.noiseScale.gApprox)})`] : []),
    line(header),
    ...rows.flatMap((r, i) => [line(r), ...(result.predictions[i].summary ? [`      ${result.predictions[i].summary}`] : [])]),
    info === 0 ? `${passed}/${judged.length} predictions pass` : `${passed}/${judged.length} judged predictions pass; ${info} shown for information only (INFO: not judged)`,
    ...[...new Set(result.predictions.filter((p) => p.notEvaluable).map((p) => p.notEvaluable))].map((why) => `N/E = not evaluable, counted as failed: ${why}`),
    ...(result.quick ? wrap(QUICK_RUN_NOTE, 100, '', '') : []),
  ];
  return out.join('\n');
}

export function describePrediction(p: Prediction): string {
  return `${p.id}: ${p.description}`;
}
