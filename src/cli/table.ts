import type { Prediction, Result } from '../core/result.js';
import { fmt, wrap } from '../io/format.js';
import { alternativeText, countLine, needText, zText } from '../io/verdict-text.js';
import { QUICK_RUN_NOTE } from '../core/quick-note.js';

/**
 * The verdict table printed after a run: one row per prediction (verdict, id, predicted, measured
 * ± s.e., z, what a PASS needs, the alternative it must be able to reject), its summary line under
 * it, the count line, then every N/E with its reason. report.html prints the same rows and count.
 */
export function formatPredictionTable(result: Result): string {
  const rows = result.predictions.map((p) => [
    p.verdict.padEnd(4),
    p.id,
    fmt(p.predicted),
    `${fmt(p.measured)} ± ${fmt(p.stdError)}`,
    `${zText(p)}σ`,
    needText(p),
    alternativeText(p),
  ]);
  const header = ['', 'prediction', 'predicted', 'measured ± s.e.', 'z', 'need', 'alternative'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const notEvaluable = result.predictions.filter((p) => p.verdict === 'N/E');
  const out = [
    `${result.name} (${result.experiment}, seed ${result.seed}${result.quick ? ', quick' : ''})`,
    ...(result.noiseScale ? [`noise scale g = ${fmt(result.noiseScale.g)}  (paper ε(N/B−1)/(1−m) = ${fmt(result.noiseScale.gPaper)}, εN/(B(1−m)) = ${fmt(result.noiseScale.gApprox)})`] : []),
    line(header),
    ...rows.flatMap((r, i) => [line(r), ...(result.predictions[i].summary ? [`      ${result.predictions[i].summary}`] : [])]),
    countLine(result.predictions),
    ...notEvaluable.map((p) => `N/E ${p.id}: ${p.notEvaluable}`),
    ...(result.quick ? wrap(QUICK_RUN_NOTE, 100, '', '') : []),
  ];
  return out.join('\n');
}

export function describePrediction(p: Prediction): string {
  return `${p.id}: ${p.description}`;
}

/** Whether a result fails its run: some judged prediction is FAIL (N/E and INFO never fail a run). */
export function hasJudgedFailure(results: readonly Result[]): boolean {
  return results.some((r) => r.predictions.some((p) => p.verdict === 'FAIL'));
}
