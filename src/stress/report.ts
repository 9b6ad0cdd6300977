import type { PropertyReport, StressReport } from './run.js';
import type { ValidityMap } from './validity-map.js';
import { fmt, pct } from './format.js';
import { caseFalseFailureRate } from './tolerance.js';
import { jsonText } from './json-text.js';

/**
 * The text `sgd-sde stress` prints: per property the cases tried, the failures and the region the
 * cases held on (with a shrunk counterexample where one failed), then the validity maps. No
 * timings: the same seed gives the same bytes.
 */
export function formatStressReport(report: StressReport, files: Record<string, string[]> = {}): string {
  const out: string[] = [];
  out.push(`sgd-sde stress (seed ${report.seed}; simulation checks at ${report.tolerance}σ per case ⇒ false-failure rate ${fmt(caseFalseFailureRate(report.tolerance))} per case, split over its comparisons; approximations hold within ${pct(report.relativeTolerance)})`);
  if (report.planted.length) out.push(`PLANTED formulas (library override, not the shipped theory): ${report.planted.join(', ')}`);
  out.push('');
  for (const p of report.properties) out.push(...formatProperty(p, files[p.name] ?? []), '');
  for (const m of report.maps) out.push(...formatMap(m), '');
  const failed = report.properties.filter((p) => p.failures > 0).map((p) => p.name);
  const cases = report.properties.reduce((s, p) => s + p.cases, 0);
  out.push(failed.length
    ? `FAILED: ${failed.join(', ')} (${failed.length} of ${report.properties.length} properties fail inside their claimed region)`
    : `all ${report.properties.length} properties held on ${cases} cases`);
  return `${out.join('\n')}\n`;
}

function formatProperty(p: PropertyReport, files: string[]): string[] {
  const mark = p.failures > 0 ? 'FAIL' : 'ok  ';
  const lines = [`${mark} ${p.name} — ${p.title} (${p.method === 'exact' ? 'theory vs exact theory' : 'simulation vs theory'})`];
  lines.push(`     prediction: ${p.prediction}`);
  lines.push(`     region: ${p.region}`);
  const budget = p.interrupted ? `, stopped by the time budget after ${p.cases} of ${p.runs}` : '';
  const skipped = p.skipped ? ` (${p.skipped} drawn outside the region and skipped)` : '';
  const rate = p.method === 'simulation' ? `; chance of a false failure ${fmt(p.falseFailureRate.perCase)} per case, ${fmt(p.falseFailureRate.run)} for the run` : '';
  lines.push(`     cases: ${p.cases} tried, ${p.failures} failed${budget}${skipped}${rate}`);
  const held = Object.entries(p.heldOn).map(([k, [lo, hi]]) => (lo === hi ? `${k} ${fmt(lo)}` : `${k} ${fmt(lo)}–${fmt(hi)}`));
  if (held.length) lines.push(`     held on: ${held.join(', ')}`);
  if (p.note) lines.push(`     note: ${p.note}`);
  const ce = p.counterexample;
  if (ce) {
    lines.push(`     counterexample (shrunk ${ce.shrinks} times): ${JSON.stringify(ce.case)}`);
    for (const l of ce.lines) lines.push(`       ${l}`);
    if (ce.pValue !== undefined) {
      // the t tail is computed as 1 − P(|T| ≤ t): below ~1e-12 it is rounding, not a probability
      const prob = (x: number) => (x < 1e-12 ? '< 1e-12' : `= ${fmt(x)}`);
      const overRun = Math.min(1, ce.pValue * p.cases);
      lines.push(`     chance of a deviation this large if the prediction is right: p ${prob(ce.pValue)} in this case, ${prob(overRun)} over the ${p.cases} cases tried${overRun > 1e-3 ? ' (could be chance: rerun with another --seed)' : ''}`);
    }
    if (ce.scenarios.length === 0) lines.push('     (this property has no scenario form: the case above is the counterexample)');
    ce.scenarios.forEach((s, k) => {
      const where = files[k] ? ` (written to ${files[k]})` : '';
      lines.push(`     scenario ${ce.scenarios.length > 1 ? `${k + 1} of ${ce.scenarios.length} ` : ''}for \`sgd-sde run\`${where}:`);
      for (const l of jsonText(s).split('\n')) lines.push(`       ${l}`);
    });
  }
  return lines;
}

function formatMap(m: ValidityMap): string[] {
  const lines = [
    `validity map ${m.id} — ${m.title}`,
    `     approximation: ${m.approximation}; reference: ${m.reference}`,
    `     problem: ${m.problem}`,
    `     worst-direction relative error (* beyond ${pct(m.relativeTolerance)}, — no stationary state):`,
  ];
  const header = [`${m.yLabel} \\ ε λ_max`, ...m.x.map((x) => String(x)), 'random cases'];
  const rows = m.rows.map((row) => [
    String(Number(row.yActual.toPrecision(3))),
    ...row.cells.map((c) => (c.worst === null ? '—' : `${Number.isFinite(c.worst) ? pct(c.worst) : '∞'}${c.within ? '' : '*'}`)),
    `${row.random.within}/${row.random.cases} within${row.random.lastWithin !== null ? ` (up to ${fmt(row.random.lastWithin)})` : ''}${row.random.firstBeyond !== null ? `, beyond from ${fmt(row.random.firstBeyond)}` : ''}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `     ${cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd()}`;
  lines.push(line(header), ...rows.map(line));
  lines.push(`     region: ${m.region}`);
  if (m.leadingOrder) lines.push(`     leading order ${m.leadingOrder.formula}: largest relative deviation from the map at ε λ_max ≤ 0.1 is ${pct(m.leadingOrder.maxRelativeDeviation)}`);
  return lines;
}
