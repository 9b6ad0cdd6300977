import type { EvidenceRow } from './lambda-chain.js';

/**
 * Seed-averaged curves of the evidence experiment: at each λ, the mean over the S replicates (data
 * draw and random-label draw) of every per-λ quantity, with its spread (minimum, maximum) and the
 * standard error of the mean, sd/√S (0 for one seed). The claims of §3 are judged on these means;
 * the spread says how much one seed could mislead.
 */
export const AVERAGED_FIELDS = [
  'E', 'minimumCost', 'logOccamFactor', 'logDetHessian', 'logEvidence', 'EPerExample',
  'trainAccuracy', 'testAccuracy', 'trainCrossEntropy', 'testCrossEntropy', 'meanMargin', 'testPredictedPositive',
] as const;
type Field = (typeof AVERAGED_FIELDS)[number];

export interface Spread {
  min: number;
  max: number;
  /** standard error of the seed mean, sd/√S (sd with S − 1) */
  stdError: number;
}

/** The seed mean of every field (null when a replicate has no test set), and the spreads. */
export type AveragedRow = { lambda: number; seeds: number; newtonIterationsMax: number; relativeGradientMax: number }
  & { [K in Field]: K extends 'testAccuracy' | 'testCrossEntropy' | 'testPredictedPositive' ? number | null : number }
  & { spread: { [K in Field]?: Spread } };

/** `replicates[r][k]` is replicate r at λ index k (same λ grid in every replicate). */
export function seedAverage(replicates: EvidenceRow[][]): AveragedRow[] {
  const s = replicates.length;
  if (s === 0) throw new RangeError('seedAverage needs at least one replicate');
  const k = replicates[0].length;
  const out: AveragedRow[] = [];
  for (let i = 0; i < k; i++) {
    const at = replicates.map((rows) => rows[i]);
    const row: Record<string, unknown> = {
      lambda: at[0].lambda,
      seeds: s,
      newtonIterationsMax: Math.max(...at.map((r) => r.newtonIterations)),
      relativeGradientMax: Math.max(...at.map((r) => r.relativeGradient)),
    };
    const spread: Record<string, Spread> = {};
    for (const f of AVERAGED_FIELDS) {
      const v = at.map((r) => r[f]);
      if (v.some((x) => x === null)) {
        row[f] = null;
        continue;
      }
      const stats = meanSpread(v as number[]);
      row[f] = stats.mean;
      spread[f] = { min: stats.min, max: stats.max, stdError: stats.stdError };
    }
    row.spread = spread;
    out.push(row as AveragedRow);
  }
  return out;
}

export function meanSpread(v: readonly number[]): { mean: number; min: number; max: number; stdError: number } {
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const ss = v.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, min: Math.min(...v), max: Math.max(...v), stdError: n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0 };
}
