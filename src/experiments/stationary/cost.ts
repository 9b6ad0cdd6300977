import { addModelBuilds, addRecordedSteps, addSdeSubsteps, addSgdSteps, addStationaryTheory, ensembleSeconds, noUnits, type EnsembleCostUnits, type ModelShape } from '../common/ensemble-cost.js';
import { loadedCurvature } from './curvature.js';
import { effectiveLearningRate } from '../../dynamics/effective-learning-rate.js';
import { autoSubsteps } from './auto-substeps.js';
import { burnInSteps } from './auto-burn-in.js';
import type { StationaryScenario } from './schema.js';

/** Replica blocks of a run (experiment.ts: PROGRESS_BLOCKS per dynamics at least): each rebuilds the model. */
const BLOCKS_PER_DYNAMICS = 8;

/**
 * The whole-run cost of a stationary scenario (run --plan, the time and memory refusals of validate
 * and run, and the budget of run/budget.ts), from the loaded model: N, d and the curvature at the
 * minimum (the data's XᵀX/N for least squares, the Hessian of a logistic regression at its minimum,
 * the spectrum of a quadratic), as the run computes them:
 *  - steps per replica: burn-in (auto: 10 / (ε_eff λ_min), capped, auto-burn-in.ts) + recorded steps;
 *  - an SGD step: B examples of d entries (and a sigmoid each for logistic regression), plus H ω (d²)
 *    for the quadratic model;
 *  - an SDE step: its substeps (auto: ε_eff λ_max / 0.004, auto-substeps.ts), each, with additive
 *    noise (quadratic), d normals and about 1.5 d² entries (the drift H ω and the triangular noise
 *    factor); with state-dependent noise (least squares, logistic regression) one normal and one
 *    example of 2d entries for each of the N examples, the SME-2 Hessian N d² on top;
 *  - a recorded step: the moments' d(d+1)/2 update;
 *  - once: the theory (the exact least-squares systems, the Hessian and S at the minimum) and one
 *    model per replica block.
 * Memory: the per-replica moments (d + d(d+1)/2 doubles per replica and recorded dynamics), twice
 * (a worker's block and its copy in the main thread: 3000 replicas at d = 512 measured 11.9 GB),
 * the replica states and the data.
 * `basis` says what the estimate read from the model, for run --plan.
 */
export interface StationaryEstimate {
  seconds: number;
  bytes: number;
  basis: string;
}

export function stationaryRunEstimate(s: StationaryScenario, baseDir: string): StationaryEstimate {
  const { loss, lambdaMin, lambdaMax, exactLeastSquares } = loadedCurvature(s.model, s.seed, s.optimizer.weightDecay, baseDir);
  return estimateFromModel(s, loss, lambdaMin, lambdaMax, exactLeastSquares);
}

/** The estimate from the model's sizes and the curvature range [λ_min, λ_max] at its minimum. */
export function estimateFromModel(s: StationaryScenario, loss: ModelShape, lambdaMin: number, lambdaMax: number, exactLeastSquares: boolean): StationaryEstimate {
  const { units, burnIn, substeps } = stationaryCostUnits(s, loss, lambdaMin, lambdaMax, exactLeastSquares);
  const d = loss.dim;
  const dynamics = (s.dynamics.sgd ? 1 : 0) + (s.dynamics.sde ? 1 : 0);
  const bytes = 8 * s.run.replicas * (2 * (d + (d * (d + 1)) / 2) * Math.max(1, dynamics) + d * 4) + 8 * loss.n * d * 4;
  const sde = s.dynamics.sde;
  const basis = [
    `N = ${loss.n}, d = ${d}, Hessian eigenvalues ${fmt(lambdaMin)} … ${fmt(lambdaMax)} at the minimum`,
    `burn-in ${burnIn}${s.run.burnIn === 'auto' ? ' (auto: 10/(ε_eff λ_min))' : ''} + ${s.run.steps} steps × ${s.run.replicas} replicas`,
    ...(sde ? [`SDE ${substeps} substep${substeps === 1 ? '' : 's'} per step${sde.substeps === 'auto' ? ' (auto: ε_eff λ_max/0.004)' : ''}, each ${loss.noise === 'additive' ? 'O(d²) (additive noise)' : 'O(N·d) (state-dependent noise: a normal and a gradient per example)'}`] : []),
  ].join('; ');
  return { seconds: ensembleSeconds(units), bytes, basis };
}

/** The units of work of a run (experiments/common/ensemble-cost.ts), and the burn-in and SDE substeps they assume. */
export function stationaryCostUnits(s: StationaryScenario, loss: ModelShape, lambdaMin: number, lambdaMax: number, exactLeastSquares: boolean): { units: EnsembleCostUnits; burnIn: number; substeps: number } {
  const { lr, momentum, batchSize } = s.optimizer;
  const lrEff = effectiveLearningRate(lr, momentum);
  const burnIn = burnInSteps(s.run.burnIn, lrEff, lambdaMin);
  const steps = burnIn + s.run.steps;
  const sde = s.dynamics.sde;
  const substeps = !sde ? 0 : sde.substeps === 'auto' ? autoSubsteps(lrEff, lambdaMax) : sde.substeps;
  const R = s.run.replicas;
  const dynamics = (s.dynamics.sgd ? 1 : 0) + (sde ? 1 : 0);
  const units = noUnits();
  if (s.dynamics.sgd) addSgdSteps(units, loss, batchSize, R * steps);
  if (sde) addSdeSubsteps(units, loss, sde.smeOrder, R * steps * substeps);
  addRecordedSteps(units, loss.dim, R * dynamics * Math.floor(s.run.steps / s.run.thin));
  addStationaryTheory(units, loss, exactLeastSquares && momentum === 0 && s.optimizer.weightDecay === 0);
  addModelBuilds(units, loss, dynamics * Math.min(R, BLOCKS_PER_DYNAMICS));
  return { units, burnIn, substeps };
}

const fmt = (x: number) => (Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(3))));
