import type { Result } from '../../core/result.js';
import { array, invalid, matrix, num, numbers, object, optionalObject, points } from '../read.js';

/**
 * The parts of a `stationary` result the figures use, read with their JSON paths checked
 * (src/experiments/stationary/ writes them; DESIGN.md fixes measured.<dynamics>.covariance,
 * .covarianceStdError and theory.ou/discrete/exact.covariance).
 */
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
  const measuredBlock = object(result.measured, 'measured');
  const theoryBlock = object(result.theory, 'theory');
  const measured: DynamicsStats[] = [];
  for (const [key, label] of DYNAMICS) {
    const block = optionalObject(measuredBlock[key], `measured.${key}`);
    if (block) measured.push(readStats(block, `measured.${key}`, label));
  }
  const theories: TheoryCovariance[] = [];
  let exactIs: string | undefined;
  for (const [key, label] of THEORIES) {
    const block = optionalObject(theoryBlock[key], `theory.${key}`);
    if (!block) continue;
    // the experiment copies the discrete or heavy-ball solution into `exact` when that one is
    // exact for the model: name it instead of drawing the same curve twice
    const duplicate = key === 'exact' && typeof block.source === 'string' ? DUPLICATES[block.source] : undefined;
    if (duplicate && theories.some((t) => t.label === duplicate)) {
      exactIs = duplicate;
      continue;
    }
    theories.push({ label, covariance: matrix(block.covariance, `theory.${key}.covariance`) });
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

function readStats(block: Record<string, unknown>, path: string, label: string): DynamicsStats {
  const histograms = block.histograms === undefined ? [] : array(block.histograms, `${path}.histograms`).map((h, i) => {
    const p = `${path}.histograms[${i}]`;
    const o = object(h, p);
    const edges = numbers(o.edges, `${p}.edges`);
    const counts = numbers(o.counts, `${p}.counts`);
    if (edges.length !== counts.length + 1) invalid(`${p}.edges`, `must have counts.length + 1 = ${counts.length + 1} entries`, edges);
    return { coordinate: num(o.coordinate, `${p}.coordinate`), edges, counts };
  });
  return {
    label,
    covariance: matrix(block.covariance, `${path}.covariance`),
    covarianceStdError: matrix(block.covarianceStdError, `${path}.covarianceStdError`),
    samples: block.samples === undefined ? Number.NaN : num(block.samples, `${path}.samples`),
    replicas: block.replicas === undefined ? Number.NaN : num(block.replicas, `${path}.replicas`),
    histograms,
    scatter: block.scatter === undefined ? [] : points(capScatter(block.scatter, `${path}.scatter`), `${path}.scatter`),
  };
}

function checkDim(m: number[][], dim: number, what: string): void {
  if (m.length !== dim) invalid(what, `is ${m.length}×${m.length}, expected ${dim}×${dim} like theory.ou.covariance`);
}

/**
 * Issue 15, item 12: a scatter of millions of points would stall the renderer. At most
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
