import type { LoadedScenario } from '../run/load-scenario.js';
import type { Cell } from '../core/cell.js';
import { planSweep } from '../experiments/batch-size/plan.js';
import type { BatchSizeScenario } from '../experiments/batch-size/schema.js';
import type { PotentialCellPayload } from '../experiments/batch-size/cells.js';
import type { MlpCellSpec } from '../dynamics/train-mlp.js';
import { planCollapse, type CollapseScenario } from '../experiments/collapse/index.js';
import type { CollapseCellPayload } from '../experiments/collapse/cell.js';
import { planTransient, type TransientScenario } from '../experiments/transient/index.js';
import type { SmeLevelPayload } from '../experiments/transient/sme.js';
import type { IntegratorPayload } from '../experiments/transient/integrators.js';
import { resolveSpectrum } from '../scenario/common.js';
import { evidenceCells as planEvidence, lambdaValues, type EvidenceScenario } from '../experiments/evidence/index.js';
import * as K from './cost-coefficients.js';
import { mnistFullCount } from '../data/mnist-full.js';

/**
 * The cells of a sweep scenario, in the index order its experiment hands them to runCells (the
 * index a checkpoint and a shard file key them by), each with a label and an estimated cost:
 * CPU seconds of one core (units of work × the measured coefficients of cost-coefficients.ts) and
 * peak bytes beyond the process baseline. The cells come from the experiment's own planner
 * (planSweep, planCollapse, planTransient, evidenceCells), so the list cannot drift from what runs.
 *
 * `stationary` has no independent cells (one ensemble split into replica blocks whose statistics
 * are pooled, not a sweep): null. `evidence` has one cell per (seed replicate, label set), not per λ: each λ is
 * warm-started from its neighbour, so λ points are not independent and a split λ list would change
 * the bytes of results.json.
 */
export interface CellEstimate {
  index: number;
  label: string;
  /** estimated CPU seconds on one core */
  seconds: number;
  /** estimated peak memory of the cell beyond the process baseline, bytes */
  bytes: number;
}

export interface SweepCells {
  /** the experiment's cell list, as runCells receives it */
  cells: readonly Cell[];
  estimates: CellEstimate[];
}

/** Why a kind cannot be cut into cells, for the messages of --shard and --plan. */
export const UNSHARDABLE: Readonly<Record<string, string>> = {
  stationary: 'a stationary run is one ensemble whose replica blocks are pooled into one set of statistics, not a sweep of independent cells',
  escape: 'escape cells (experiments/escape/plan.ts) have no cost model yet, and sharded results.json has not been checked byte-identical to an unsharded run: run it unsharded',
  'gradient-noise': 'only its frontier is cells; the trajectory and two-batch estimates run in one process, and sharded results.json has not been checked byte-identical to an unsharded run: run it unsharded',
};

export function sweepCells(loaded: LoadedScenario): SweepCells | null {
  switch (loaded.kind) {
    case 'batch-size':
      return batchSizeCells(loaded.scenario as unknown as BatchSizeScenario);
    case 'collapse':
      return collapseCells(loaded.scenario as unknown as CollapseScenario, loaded.baseDir);
    case 'transient':
      return transientCells(loaded.scenario as unknown as TransientScenario);
    case 'evidence':
      return evidenceSweepCells(loaded.scenario as unknown as EvidenceScenario, loaded.baseDir);
    default:
      return null;
  }
}

function batchSizeCells(s: BatchSizeScenario): SweepCells {
  const plan = planSweep(s);
  const estimates = plan.cells.map((cell, index): CellEstimate => {
    const point = plan.points[plan.cellPoint[index]];
    if (cell.task === 'batch-size/potential') {
      const p = cell.payload as PotentialCellPayload;
      const units = (p.burnIn + p.steps) * p.replicas * (K.POTENTIAL_STEP_EXAMPLES + p.batchSize);
      return { index, label: `${point.label} B=${p.batchSize} seed#${plan.cellSeed[index]}`, seconds: K.CELL_SETUP_SECONDS + units * K.POTENTIAL_SECONDS_PER_EXAMPLE, bytes: 8 * p.model.n * p.model.variables.length * 2 };
    }
    const p = cell.payload as MlpCellSpec;
    const { a, bPerExample } = mlpStepMs(p.hidden);
    const classes = p.digits?.length ?? 10;
    const n = p.trainPerClass * classes;
    const testImages = p.testPerClass !== undefined ? p.testPerClass * classes : (p.digits ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).reduce((t, d) => t + mnistFullCount('test', d), 0); // data 'full': the whole MNIST test set
    const evalSteps = (n + testImages) / Math.max(1, p.batchSize); // the evaluations cost about a pass
    const seconds = K.CELL_SETUP_SECONDS + ((p.steps + evalSteps) * (a + bPerExample * p.batchSize)) / 1000;
    const params = 784 * p.hidden + p.hidden * classes;
    const bytes = 4 * (4 * params + (n + testImages) * 784 + p.batchSize * p.hidden * 3);
    return { index, label: `${point.label} B=${p.batchSize} seed#${plan.cellSeed[index]}`, seconds, bytes };
  });
  return { cells: plan.cells, estimates };
}

function mlpStepMs(hidden: number): { a: number; bPerExample: number } {
  const t = K.MLP_STEP_MS;
  const lo = t[0], hi = t[t.length - 1];
  const f = (hidden - lo.hidden) / (hi.hidden - lo.hidden); // linear in h, extrapolated beyond the table
  return { a: Math.max(lo.a * 0.5, lo.a + f * (hi.a - lo.a)), bPerExample: Math.max(lo.bPerExample * 0.5, lo.bPerExample + f * (hi.bPerExample - lo.bPerExample)) };
}

function collapseCells(s: CollapseScenario, baseDir: string): SweepCells {
  const cells = planCollapse(s, baseDir);
  const estimates = cells.map((cell, index): CellEstimate => {
    const p = cell.payload as CollapseCellPayload;
    const d = p.model.kind === 'quadratic' ? p.model.dim : (p.model.dim ?? (Array.isArray(p.model.inputSpectrum) ? p.model.inputSpectrum.length : 2));
    const n = p.model.n ?? 1000;
    const lrEff = p.lr / (1 - p.momentum);
    const burnInTime = p.burnIn === 'auto' ? 10 / Math.max(smallestCurvature(p.model, d), 1e-12) : p.burnIn;
    const steps = Math.min(10_000_000, Math.ceil(burnInTime / lrEff)) + Math.ceil(p.time / lrEff);
    const units = steps * p.replicas * (p.batchSize * d + d * d);
    return {
      index,
      label: `ε=${p.lr} B=${p.batchSize} N=${n} m=${p.momentum}`,
      seconds: K.CELL_SETUP_SECONDS + units * K.ENSEMBLE_SECONDS_PER_ENTRY,
      bytes: 8 * (n * d * 2 + p.replicas * d * 4 + d * d * 8),
    };
  });
  return { cells, estimates };
}

/** λ_min of the Hessian where the scenario fixes it (quadratic spectrum, linear-regression input spectrum; default 1/d). */
function smallestCurvature(model: CollapseCellPayload['model'], d: number): number {
  const spectrum = model.kind === 'quadratic' ? model.spectrum : model.inputSpectrum;
  if (spectrum === undefined) return 1 / d;
  return Math.min(...resolveSpectrum(spectrum, d));
}

function transientCells(s: TransientScenario): SweepCells {
  const cells = planTransient(s);
  const estimates = cells.map((cell, index): CellEstimate => {
    if (cell.task === 'transient/sme-level') {
      const p = cell.payload as SmeLevelPayload;
      const steps = Math.round(p.horizon / p.lr);
      const d = p.eigenvalues.length;
      return { index, label: `SME ladder ε=${p.lr}`, seconds: K.CELL_SETUP_SECONDS + p.paths * steps * d * K.SME_SECONDS_PER_PATH_STEP_DIM, bytes: 8 * p.paths * 6 };
    }
    const p = cell.payload as IntegratorPayload;
    const finest = Math.max(...p.steps);
    const pathSteps = p.paths * (p.steps.reduce((a, b) => a + b, 0) + finest * 2);
    return { index, label: `Euler–Maruyama on ${p.problem.kind.toUpperCase()}`, seconds: K.CELL_SETUP_SECONDS + pathSteps * K.INTEGRATOR_SECONDS_PER_PATH_STEP, bytes: 8 * p.paths * (p.steps.length + 2) * 2 };
  });
  return { cells, estimates };
}

/**
 * One cell per (seed replicate, label set), replicate-major (evidenceCells): the Gram matrix once (n·d·m, m = min(n, d)) and, per λ of the chain,
 * a Newton solve of ~10 Cholesky factorisations of an m×m matrix (m³/3 each).
 */
function evidenceSweepCells(s: EvidenceScenario, baseDir: string): SweepCells {
  const cells = planEvidence(s, baseDir);
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
    seconds: K.CELL_SETUP_SECONDS + flops * K.EVIDENCE_SECONDS_PER_FLOP,
    bytes: 8 * (size.n * size.d + m * m + testRows * size.d) * 2,
  }));
  return { cells, estimates };
}
