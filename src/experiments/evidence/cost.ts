import type { SweepCells, CellEstimate } from '../../core/cell.js';
import { lambdaValues, type EvidenceScenario } from './schema.js';
import { evidenceSweep } from './sweep.js';
import { CELL_SETUP_SECONDS, MNIST_DIGIT_READ_SECONDS } from '../common/cost-coefficients.js';
import { csvShape } from '../../models/model-size.js';
import { MAX_DUAL_N } from '../../models/logistic/minimizer.js';

/**
 * Measured coefficients of this cost model, CPU seconds of one core per unit, fitted by
 * `node src/bench/evidence-calibrate.mjs` (after `npm run build`; one cell of synthetic data sets of
 * 50…800 features and 100…2000 examples, 13…25 λ, CPU time on the shared development machine with
 * the native OpenBLAS kernels; the dual coefficient set by hand from its two sizes, every size
 * within a factor 0.7…1.8 of its estimate):
 *  - primal: one multiply-add of a primal Newton step's factorisation, (D½X)ᵀ(D½X) and its
 *    Cholesky (n d²/2 + d³/3);
 *  - dual: one of a dual Newton step's, I + D½GD½/λ and its Cholesky (n²/2 + n³/3);
 *  - pass: one entry touched by a pass over the data (margins, gradients, the test set, the
 *    bias column, the dual's Gram matrix n² d/2 once);
 * Reading MNIST, once per process, is the sweep's overhead (common/cost-coefficients.ts).
 */
export const EVIDENCE_COEFFICIENTS = { primal: 3.6e-10, dual: 5e-11, pass: 2.7e-9 } as const;
export type EvidenceCostUnits = Record<keyof typeof EVIDENCE_COEFFICIENTS, number>;

/** Newton steps per λ, warm-started from the neighbouring λ (measured: 3 to 8). */
const NEWTON_STEPS = 5;

/**
 * The units of one cell (one label set over the λ chain): n training rows and d columns with the
 * bias, testRows test rows. The solver works on the cheaper side (models/logistic/minimizer.ts):
 * m = min(n, d).
 */
export function evidenceCellUnits(n: number, d: number, testRows: number, lambdas: number): EvidenceCostUnits {
  const dual = n ** 3 / 3 <= (n * d * d) / 2 + d ** 3 / 3 && n <= MAX_DUAL_N;
  return {
    primal: dual ? 0 : lambdas * NEWTON_STEPS * ((n * d * d) / 2 + d ** 3 / 3),
    dual: dual ? lambdas * NEWTON_STEPS * ((n * n) / 2 + n ** 3 / 3) : 0,
    pass: (dual ? (n * n * d) / 2 : 0) + lambdas * NEWTON_STEPS * 2 * n * Math.min(n, d) + lambdas * (2 * n + testRows) * d + (n + testRows) * d * 2,
  };
}

export function evidenceSeconds(u: EvidenceCostUnits, coefficients: Readonly<EvidenceCostUnits> = EVIDENCE_COEFFICIENTS): number {
  return CELL_SETUP_SECONDS + u.primal * coefficients.primal + u.dual * coefficients.dual + u.pass * coefficients.pass;
}

/**
 * The cost model of an evidence sweep (run --plan, --shard). Cells are per (seed replicate, label
 * set), not per λ: each λ is warm-started from its neighbour, so λ points are not independent and
 * a split λ list would change the bytes of results.json. The data's size comes from the scenario
 * (synthetic, MNIST) or from the CSV files themselves; the first cell also reads the MNIST digits.
 * The cells come from the experiment's own sweep (sweep.ts), so the list cannot drift from what runs.
 */
export function evidenceSweepCells(s: EvidenceScenario, baseDir: string): SweepCells {
  const cells = evidenceSweep(s, baseDir);
  const data = s.data as unknown as { synthetic?: { features: number; trainPerClass: number; testPerClass?: number }; mnist?: { digits: number[]; trainPerClass: number; testPerClass?: number }; csv?: string; testCsv?: string };
  // CSV data: its rows and columns, read from the file as the run will read it (plus the bias column)
  const csv = data.csv !== undefined ? csvShape(data.csv, baseDir) : undefined;
  const testCsv = data.testCsv !== undefined ? csvShape(data.testCsv, baseDir) : undefined;
  // test inputs (features + bias, float64, the loaded copy and the one with the bias column): 10 000 full-MNIST images are 126 MB
  const testRows = data.synthetic ? 2 * (data.synthetic.testPerClass ?? 500) : data.mnist ? data.mnist.digits.length * (data.mnist.testPerClass ?? 500) : (testCsv?.n ?? 0);
  const size = data.synthetic ? { n: 2 * data.synthetic.trainPerClass, d: data.synthetic.features + 1 }
    : data.mnist ? { n: data.mnist.digits.length * data.mnist.trainPerClass, d: 785 } : { n: csv?.n ?? 1, d: (csv?.d ?? 0) + 1 };
  const lambdas = lambdaValues(s.lambda).length;
  const m = Math.min(size.n, size.d);
  const estimates = cells.map((cell, index): CellEstimate => {
    const units = evidenceCellUnits(size.n, size.d, testRows, lambdas);
    return {
      index,
      label: `seed#${cell.payload.replicate} ${cell.payload.labels} labels, ${lambdas} λ values`,
      seconds: evidenceSeconds(units),
      bytes: 8 * (size.n * size.d + m * m + testRows * size.d) * 2,
    };
  });
  return {
    cells, estimates,
    ...(csv ? { basis: `N = ${size.n}, d = ${size.d} (with the bias) from ${data.csv}` } : {}),
    ...(data.mnist ? { overheadSeconds: data.mnist.digits.length * MNIST_DIGIT_READ_SECONDS } : {}),
  };
}
