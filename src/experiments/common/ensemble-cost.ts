import type { Loss } from '../../models/loss.js';

/** What the cost depends on of a model: its kind, sizes and noise type (a built Loss is one). */
export type ModelShape = Pick<Loss, 'kind' | 'dim' | 'n' | 'noise'>;
import { CELL_SETUP_SECONDS } from './cost-coefficients.js';

/**
 * The cost of an SGD or SDE ensemble on a loaded model (the stationary runs and the collapse cells),
 * counted in units of work, one kind of unit per measured coefficient:
 *  - step: a replica step's fixed part (the loop, the divergence guard, the d-vector updates);
 *  - weightedStep: the fixed part of an SDE substep with state-dependent noise beyond that (the
 *    general SDE's weighted data pass: its closures and the N-vector of weights; it dominates at small N);
 *  - entry: one multiply-add of a dense product (H ω, the noise factor's product, the moments'
 *    d(d+1)/2 update, an example's 2d entries);
 *  - example: one example of a minibatch (its index and residual) or of the SDE's data pass;
 *  - normal: one standard normal of the SDE's Brownian increment, with its weight;
 *  - sigmoid: one logistic example's exp and log;
 *  - cube, moment: the exact least-squares theory, a Gaussian elimination of p = d(d+1)/2 unknowns
 *    (p³) and its fourth moments (N p²), for SGD's and the SDE's.
 * CPU seconds = CELL_SETUP_SECONDS + Σ units × ENSEMBLE_COEFFICIENTS. The coefficients are fitted by
 * `node src/bench/stationary-calibrate.mjs` (after `npm run build`): 34 stationary runs of every
 * model kind and noise type (d 2…64, N 12…2000), both dynamics, on one worker, their CPU time (not
 * wall time; measured on the shared 2-core development machine, Node 20, native OpenBLAS built).
 * The fit left every run within a factor 0.55…1.8 of its estimate.
 */
export const ENSEMBLE_COEFFICIENTS = {
  step: 4.2e-8,
  weightedStep: 6e-7,
  entry: 1.3e-9,
  example: 7.9e-9,
  normal: 1.3e-8,
  sigmoid: 2.7e-8,
  cube: 1.2e-9,
  moment: 5.8e-10,
} as const;

export type EnsembleCostUnits = Record<keyof typeof ENSEMBLE_COEFFICIENTS, number>;

export function noUnits(): EnsembleCostUnits {
  return { step: 0, weightedStep: 0, entry: 0, example: 0, normal: 0, sigmoid: 0, cube: 0, moment: 0 };
}

const isLogistic = (loss: ModelShape) => (loss.kind === 'logistic-regression' ? 1 : 0);

/** `count` replica steps of SGD at batch size B: B examples of 2d entries (a sigmoid each for logistic regression), H ω for the quadratic model. */
export function addSgdSteps(u: EnsembleCostUnits, loss: ModelShape, batchSize: number, count: number): void {
  const d = loss.dim;
  u.step += count;
  u.example += count * batchSize;
  u.entry += count * (2 * batchSize * d + (loss.kind === 'quadratic' ? d * d : 0));
  u.sigmoid += count * batchSize * isLogistic(loss);
}

/**
 * `count` Euler–Maruyama substeps of the SME: with additive noise d normals and about 1.5 d²
 * entries (the drift H ω and the triangular noise factor); with state-dependent noise a normal and
 * an example of 2d entries for each of the N examples (one weighted data pass), SME-2's Hessian
 * N d² on top.
 */
export function addSdeSubsteps(u: EnsembleCostUnits, loss: ModelShape, smeOrder: 1 | 2, count: number): void {
  const d = loss.dim;
  const n = loss.n;
  u.step += count;
  if (loss.noise === 'additive') {
    u.normal += count * d;
    u.entry += count * 1.5 * d * d;
    return;
  }
  u.weightedStep += count;
  u.normal += count * n;
  u.example += count * n;
  u.entry += count * (2 * n * d + (smeOrder === 2 ? (n + 1) * d * d : 0));
  u.sigmoid += count * n * isLogistic(loss);
}

/** `count` recorded replica steps: the moments' d(d+1)/2 update. */
export function addRecordedSteps(u: EnsembleCostUnits, d: number, count: number): void {
  u.entry += (count * d * (d + 1)) / 2;
}

/** The stationary theory at the minimum (experiments/common/stationary-theory.ts), once: the Hessian and S (Newton's iterations for logistic regression) and, where it applies, the exact least-squares systems. */
export function addStationaryTheory(u: EnsembleCostUnits, loss: ModelShape, exactLeastSquares: boolean): void {
  const { n, dim: d } = loss;
  const p = (d * (d + 1)) / 2;
  u.entry += n * d * d * (isLogistic(loss) ? 20 : 2);
  if (exactLeastSquares) {
    u.cube += 2 * p ** 3;
    u.moment += 2 * n * p * p;
  }
}

/** `count` builds of the model (each replica block or cell rebuilds it from the scenario). */
export function addModelBuilds(u: EnsembleCostUnits, loss: ModelShape, count: number): void {
  u.entry += count * loss.n * loss.dim * 10;
}

export function ensembleSeconds(u: EnsembleCostUnits, coefficients: Readonly<EnsembleCostUnits> = ENSEMBLE_COEFFICIENTS): number {
  let seconds = CELL_SETUP_SECONDS;
  for (const k of Object.keys(u) as (keyof EnsembleCostUnits)[]) seconds += u[k] * coefficients[k];
  return seconds;
}
