import type { EstimateReport } from '../experiments/gradient-noise/estimate.js';
import { fmt } from '../io/format.js';

/** The table `noise-scale --estimate` prints: one row per checkpoint of the trajectory. */
export function formatEstimate(r: EstimateReport): string {
  const pm = (e: { bSimple: number; bSimpleStdError: number } | null) => (e ? `${fmt(e.bSimple)} ± ${fmt(e.bSimpleStdError)}` : '—');
  const rows = r.points.map((p) => [String(p.step), fmt(p.loss), p.exact ? fmt(p.exact.bSimple) : '—', p.exact ? fmt(p.exact.bNoise) : '—', pm(p.estimate), pm(p.running)]);
  const head = ['step', 'loss', 'B_simple', 'B_noise', `two-batch B_simple (${r.small}/${r.big})`, 'from training steps'];
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => c.padStart(widths[j])).join('  ');
  return [
    `${r.model}, N = ${r.n}, d = ${r.dim}; SGD ε = ${r.lr}, B = ${r.batchSize}, ${r.sampler}`,
    'B_simple = tr S/|∇L|², B_noise = tr(HS)/(∇LᵀH∇L) (exact); two-batch: McCandlish et al. App. A at the point, ± 1 s.e.',
    line(head),
    ...rows.map(line),
    '',
  ].join('\n');
}
