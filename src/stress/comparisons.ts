import { fmt } from './format.js';
import type { StationaryMeasurement } from './simulate.js';
import { comparisonThreshold } from './tolerance.js';
import { studentTwoSidedTail } from '../stats/student-t.js';

/**
 * The comparisons a simulation case makes, judged together: each gets the Bonferroni share of the
 * case's false-failure rate at the Student-t threshold for the replica count.
 */
export interface Comparison {
  label: string;
  predicted: number;
  measured: number;
  stdError: number;
  /** accept measured in [predicted·low − t·se, predicted·high + t·se]: a known one-sided bias (default 1, 1) */
  allowance?: { low: number; high: number };
}

export interface Judged {
  pass: boolean;
  lines: string[];
  /** the largest |z| beyond the allowance, over the comparisons */
  worstZ: number;
  /** chance of a deviation at least this large if the prediction is right (Bonferroni over the comparisons) */
  pValue: number;
}

export function judge(comparisons: Comparison[], tolerance: number, replicas: number): Judged {
  const t = comparisonThreshold(tolerance, comparisons.length, replicas);
  let pass = true;
  let worstZ = 0;
  const lines: string[] = [];
  for (const c of comparisons) {
    const lowEdge = Math.min(c.predicted * (c.allowance?.low ?? 1), c.predicted * (c.allowance?.high ?? 1));
    const highEdge = Math.max(c.predicted * (c.allowance?.low ?? 1), c.predicted * (c.allowance?.high ?? 1));
    const gap = c.measured < lowEdge ? c.measured - lowEdge : c.measured > highEdge ? c.measured - highEdge : 0;
    let z: number;
    if (c.stdError > 0 && Number.isFinite(c.stdError)) z = gap / c.stdError;
    else z = Math.abs(gap) <= 1e-12 * (1 + Math.abs(c.predicted)) ? 0 : Number.POSITIVE_INFINITY; // no noise at all: exact equality
    const ok = Number.isFinite(c.measured) && Math.abs(z) <= t;
    if (!ok) pass = false;
    worstZ = Math.max(worstZ, Math.abs(z));
    const band = c.allowance ? ` (allowed bias ×[${fmt(c.allowance.low)}, ${fmt(c.allowance.high)}])` : '';
    lines.push(`${ok ? 'ok  ' : 'FAIL'} ${c.label}: predicted ${fmt(c.predicted)}${band}, measured ${fmt(c.measured)} ± ${fmt(c.stdError)}, z = ${Number.isFinite(z) ? z.toFixed(2) : String(z)} (|z| ≤ ${t.toFixed(2)})`);
  }
  const pValue = Math.min(1, comparisons.length * studentTwoSidedTail(worstZ, replicas - 1));
  return { pass, lines, worstZ, pValue };
}

/** tr Σ and every entry Σ_ij (i ≤ j) of the measured covariance against a predicted covariance. */
export function covarianceComparisons(m: StationaryMeasurement, predicted: Float64Array): Comparison[] {
  const d = m.d;
  let tr = 0;
  for (let j = 0; j < d; j++) tr += predicted[j * d + j];
  const out: Comparison[] = [{ label: 'tr Σ', predicted: tr, measured: m.trace.value, stdError: m.trace.stdError }];
  if (d > 1) {
    for (let i = 0; i < d; i++)
      for (let j = i; j < d; j++) {
        const k = i * d + j;
        out.push({ label: `Σ[${i}][${j}]`, predicted: predicted[k], measured: m.covariance[k], stdError: m.covarianceStdError[k] });
      }
  }
  return out;
}
