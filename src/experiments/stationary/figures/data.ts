import { z } from 'zod';
import type { Result } from '../../../core/result.js';
import { dynamicsSummary, stationaryResultBlocks } from '../result-schema.js';
import { invalid, object, parseBlock } from '../../../figures/read.js';

/**
 * The parts of a `stationary` result the figures use, parsed with the kind's result schema
 * (experiments/stationary/result-schema.ts; a wrong field is an InputError naming its JSON path),
 * with what the schema cannot say checked here: the OU covariance is present, every matrix is
 * d×d, a histogram has one edge more than counts. null (a non-finite number) reads back as NaN.
 */
const figureStats = dynamicsSummary
  .pick({ covariance: true, covarianceStdError: true, samples: true, replicas: true, histograms: true, scatter: true })
  .partial({ samples: true, replicas: true, histograms: true, scatter: true });
const figureMeasured = z.object({ sgd: figureStats.optional(), sde: figureStats.optional() });
const figureTheory = stationaryResultBlocks.theory.pick({ ou: true, discrete: true, heavyBall: true, exact: true });
export interface Histogram { coordinate: number; edges: number[]; counts: number[] }

export interface DynamicsStats {
  /** 'SGD' or 'SDE': the series name in every figure */
  label: string;
  covariance: number[][];
  covarianceStdError: number[][];
  samples: number;
  replicas: number;
  histograms: Histogram[];
  /** iterates of the first two coordinates, offsets from the minimum */
  scatter: [number, number][];
}

export interface TheoryCovariance { label: string; covariance: number[][] }

export interface StationaryData {
  dim: number;
  measured: DynamicsStats[];
  /** the theories present in the result, in a fixed order (OU first: the SDE's own prediction) */
  theories: TheoryCovariance[];
  g?: number;
  /** when the exact theory for this model is one of `theories` (so it is not drawn twice) */
  exactIs?: string;
}

/** `theory.exact.source` values that are a copy of another theory block. */
const DUPLICATES: Record<string, string> = { 'discrete-lyapunov': 'discrete SGD theory', 'heavy-ball': 'heavy-ball theory' };

const DYNAMICS: [key: string, label: string][] = [['sgd', 'SGD'], ['sde', 'SDE']];
const THEORIES: [key: string, label: string][] = [
  ['ou', 'OU (SDE) theory'],
  ['discrete', 'discrete SGD theory'],
  ['heavyBall', 'heavy-ball theory'],
  ['exact', 'exact theory'], // last: it may be a copy of one above
];

export function readStationary(result: Result): StationaryData {
  const rawMeasured = object(result.measured, 'measured');
  const capped: Record<string, unknown> = { ...rawMeasured };
  for (const [key] of DYNAMICS) {
    const block = rawMeasured[key];
    if (block !== null && typeof block === 'object' && 'scatter' in block) capped[key] = { ...block, scatter: capScatter((block as { scatter: unknown }).scatter, `measured.${key}.scatter`) };
  }
  const measuredBlock = parseBlock(figureMeasured, capped, 'measured');
  const theoryBlock = parseBlock(figureTheory, object(result.theory, 'theory'), 'theory');
  const measured: DynamicsStats[] = [];
  for (const [key, label] of DYNAMICS) {
    const block = measuredBlock[key as 'sgd' | 'sde'];
    if (block) measured.push(readStats(block, `measured.${key}`, label));
  }
  const theories: TheoryCovariance[] = [];
  let exactIs: string | undefined;
  for (const [key, label] of THEORIES) {
    const block = theoryBlock[key as 'ou' | 'discrete' | 'heavyBall' | 'exact'];
    if (!block) continue;
    // the experiment copies the discrete or heavy-ball solution into `exact` when that one is
    // exact for the model: name it instead of drawing the same curve twice
    const duplicate = 'source' in block ? DUPLICATES[block.source] : undefined;
    if (duplicate && theories.some((t) => t.label === duplicate)) {
      exactIs = duplicate;
      continue;
    }
    theories.push({ label, covariance: square(block.covariance, `theory.${key}.covariance`) });
  }
  if (theories[0]?.label !== THEORIES[0][1]) invalid('theory.ou', 'missing: the OU covariance is the prediction every figure shows');
  const dim = theories[0].covariance.length;
  for (const t of theories) checkDim(t.covariance, dim, `theory (${t.label}) covariance`);
  for (const m of measured) {
    checkDim(m.covariance, dim, `measured ${m.label} covariance`);
    checkDim(m.covarianceStdError, dim, `measured ${m.label} covarianceStdError`);
  }
  return { dim, measured, theories, g: result.noiseScale?.g, exactIs };
}

const nan = (v: number | null): number => (v === null ? Number.NaN : v);
const vector = (v: (number | null)[]): number[] => v.map(nan);

/** A non-empty square matrix (rows), nulls as NaN. */
function square(rows: (number | null)[][], path: string): number[][] {
  if (rows.length === 0 || rows.some((row) => row.length !== rows.length)) invalid(path, `must be a non-empty square matrix (${rows.length} rows)`, rows);
  return rows.map(vector);
}

function readStats(block: z.infer<typeof figureStats>, path: string, label: string): DynamicsStats {
  const histograms = (block.histograms ?? []).map((h, i) => {
    if (h.edges.length !== h.counts.length + 1) invalid(`${path}.histograms[${i}].edges`, `must have counts.length + 1 = ${h.counts.length + 1} entries`, h.edges);
    return { coordinate: h.coordinate, edges: vector(h.edges), counts: h.counts };
  });
  return {
    label,
    covariance: square(block.covariance, `${path}.covariance`),
    covarianceStdError: square(block.covarianceStdError, `${path}.covarianceStdError`),
    samples: block.samples ?? Number.NaN,
    replicas: block.replicas ?? Number.NaN,
    histograms,
    scatter: (block.scatter ?? []).map(([x, y]): [number, number] => [nan(x), nan(y)]),
  };
}

function checkDim(m: number[][], dim: number, what: string): void {
  if (m.length !== dim) invalid(what, `is ${m.length}×${m.length}, expected ${dim}×${dim} like theory.ou.covariance`);
}

/**
 * A scatter of millions of points would stall the renderer. At most
 * SCATTER_CAP points are drawn, picked deterministically (indices ⌊k·n/cap⌋, k = 0…cap−1), and
 * stderr says so; the numbers in results.json are not touched.
 */
export const SCATTER_CAP = 5000;

function capScatter(raw: unknown, path: string): unknown {
  if (!Array.isArray(raw) || raw.length <= SCATTER_CAP) return raw;
  const n = raw.length;
  process.stderr.write(`note: ${path} has ${n} points; the plot draws ${SCATTER_CAP} of them, evenly spaced (every ${(n / SCATTER_CAP).toFixed(1)}th)\n`);
  return Array.from({ length: SCATTER_CAP }, (_, k) => raw[Math.floor((k * n) / SCATTER_CAP)]);
}
