import type { SweepCells, CellEstimate } from '../../core/cell.js';
import { lambdaValues, type EvidenceScenario } from './schema.js';
import { evidenceSweep } from './sweep.js';
import { CELL_SETUP_SECONDS } from '../common/cost-coefficients.js';

// Measured coefficients of this cost model (how: experiments/common/cost-coefficients.ts).
/**
 * Logistic evidence: one unit = one multiply-add of the Gram matrix and the Newton solves' Cholesky
 * factorisations (WebAssembly f64x2). Measured: paper-evidence-mnist (n = 800, m = 785, 25 λ, 2 label
 * sets) took 5.1 s of CPU beyond the CLI's start.
 */
const EVIDENCE_SECONDS_PER_FLOP = 6.0e-11;

/**
 * The cost model of an evidence sweep (run --plan, --shard). Cells are per (seed replicate, label
 * set), not per λ: each λ is warm-started from its neighbour, so λ points are not independent and
 * a split λ list would change the bytes of results.json.
 *
 * Costs are units of work × the measured coefficients above and of experiments/common/cost-coefficients.ts
 * (±50% across machines); the cells come from the experiment's own sweep (sweep.ts), so the list cannot
 * drift from what runs.
 *
 * One cell per (seed replicate, label set), replicate-major (evidenceSweep): the Gram matrix once (n·d·m, m = min(n, d)) and, per λ of the chain,
 * a Newton solve of ~10 Cholesky factorisations of an m×m matrix (m³/3 each).
 */
export function evidenceSweepCells(s: EvidenceScenario, baseDir: string): SweepCells {
  const cells = evidenceSweep(s, baseDir);
  const data = s.data as unknown as { synthetic?: { features: number; trainPerClass: number; testPerClass?: number }; mnist?: { digits: number[]; trainPerClass: number; testPerClass?: number } };
  // test inputs (features + bias, float64, the loaded copy and the one with the bias column): 10 000 full-MNIST images are 126 MB
  const testRows = data.synthetic ? 2 * (data.synthetic.testPerClass ?? 500) : data.mnist ? data.mnist.digits.length * (data.mnist.testPerClass ?? 500) : 0;
  const size = data.synthetic ? { n: 2 * data.synthetic.trainPerClass, d: data.synthetic.features + 1 }
    : data.mnist ? { n: data.mnist.digits.length * data.mnist.trainPerClass, d: 785 } : { n: 1000, d: 10 }; // CSV: size unknown until read
  const m = Math.min(size.n, size.d);
  const flops = size.n * size.d * m + (lambdaValues(s.lambda).length * 10 * m ** 3) / 3;
  const estimates = cells.map((cell, index): CellEstimate => ({
    index,
    label: `seed#${cell.payload.replicate} ${cell.payload.labels} labels, ${lambdaValues(s.lambda).length} λ values`,
    seconds: CELL_SETUP_SECONDS + flops * EVIDENCE_SECONDS_PER_FLOP,
    bytes: 8 * (size.n * size.d + m * m + testRows * size.d) * 2,
  }));
  return { cells, estimates };
}
