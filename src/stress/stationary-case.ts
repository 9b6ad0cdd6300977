import fc from 'fast-check';
import type { CaseOutcome, StressContext } from './property.js';
import { batchSizeOf, quadraticModelSpec, spectrumOf, type QuadraticShape } from './arbitraries.js';
import { burnInSteps } from './relaxation.js';
import { SIMULATION, stationaryScenario, type StressScenarioSpec } from './scenario-builder.js';
import { measureStationary, type StationaryMeasurement } from './simulate.js';
import { judge, type Comparison } from './comparisons.js';
import { buildQuadratic, type QuadraticLoss } from '../models/quadratic.js';
import type { Sampler } from '../dynamics/samplers.js';

/**
 * One stationary stress case, the shape the ou, heavy-ball, discrete-lyapunov, fdr and
 * least-squares properties share:
 *  1. a case drawn inside the property's region (its arbitrary) gives a model and SGD settings;
 *     `quadraticCase` builds the common quadratic one (N = d + extra, B from a percentage of N,
 *     the loss and its minibatch gradient covariance c(N,B)·S, with c from the formulas under test);
 *  2. `stationaryCase` turns them into the stationary scenario: start at the minimum, burn-in of
 *     BURN_IN_RELAXATION_TIMES relaxation times of the slowest mode, SIMULATION.steps recorded
 *     steps (or the property's own) over SIMULATION.replicas replicas, the run's tolerance. It is
 *     both what is simulated and the runnable counterexample, so the two cannot drift apart;
 *  3. `simulateStationaryCase` (simulation properties) runs it as `sgd-sde run` would and judges
 *     the property's comparisons of the measurement with its prediction, in standard errors at the
 *     case's false-failure rate (comparisons.ts). A case whose burn-in exceeds
 *     SIMULATION.maxBurnIn is outside the region (fc.pre: skipped, not failed).
 * A property keeps only what is particular to it: its region, its step size, its prediction and
 * what its report line shows.
 */

/** The fields of a drawn case that fix a quadratic model and its minibatches. */
export interface QuadraticDraw {
  shape: QuadraticShape;
  /** N − d */
  extraN: number;
  batchPercent: number;
  sampler: Sampler;
  seed: number;
}

export interface QuadraticCase {
  n: number;
  /** Hessian eigenvalues as drawn (unsorted) and the largest */
  spectrum: number[];
  lambdaMax: number;
  batchSize: number;
  /** the scenario's model block */
  model: ReturnType<typeof quadraticModelSpec>;
  loss: QuadraticLoss;
  /** c(N,B), from the formulas under test */
  noiseFactor: number;
  /** c(N,B)·S: the covariance of the minibatch-mean gradient, d×d row-major */
  gradientNoise: Float64Array;
}

export function quadraticCase(draw: QuadraticDraw, ctx: StressContext): QuadraticCase {
  const n = draw.shape.dim + draw.extraN;
  const spectrum = spectrumOf(draw.shape);
  const lambdaMax = Math.max(...spectrum);
  const batchSize = batchSizeOf(draw.batchPercent, n, draw.sampler);
  const model = quadraticModelSpec(draw.shape, n);
  const loss = buildQuadratic(model, draw.seed);
  const noiseFactor = ctx.formulas.noiseFactor(n, batchSize, draw.sampler);
  const gradientNoise = Float64Array.from(loss.noiseCovariance, (v) => v * noiseFactor);
  return { n, spectrum, lambdaMax, batchSize, model, loss, noiseFactor, gradientNoise };
}

/** The scenario fields a property chooses (the scenario is named stress-<property>); burn-in, replicas and tolerance follow. */
export interface StationaryCaseSpec extends Pick<StressScenarioSpec, 'property' | 'description' | 'seed' | 'model' | 'optimizer'> {
  /** relaxation time (steps) of the slowest second-moment mode (relaxation.ts) */
  relaxationSteps: number;
  /** recorded steps (default SIMULATION.steps) */
  steps?: number;
}

export interface StationaryCase {
  scenario: Record<string, unknown>;
  burnIn: number;
}

export function stationaryCase(spec: StationaryCaseSpec, ctx: StressContext): StationaryCase {
  const burnIn = burnInSteps(spec.relaxationSteps);
  const scenario = stationaryScenario({
    property: spec.property,
    description: spec.description,
    seed: spec.seed,
    model: spec.model,
    optimizer: spec.optimizer,
    burnIn,
    steps: spec.steps ?? SIMULATION.steps,
    replicas: SIMULATION.replicas,
    tolerance: ctx.tolerance,
  });
  return { scenario, burnIn };
}

/** What a simulation property compares and reports of one case. */
export interface SimulationCheck {
  /** the measurement against the prediction, one comparison per judged quantity */
  compare(measured: StationaryMeasurement): Comparison[];
  /** the report line that describes the case (the judged lines follow it) */
  describe: string;
  axes: CaseOutcome['axes'];
}

export async function simulateStationaryCase(c: StationaryCase, ctx: StressContext, check: SimulationCheck): Promise<CaseOutcome> {
  fc.pre(c.burnIn <= SIMULATION.maxBurnIn);
  const measured = await measureStationary(c.scenario);
  const judged = judge(check.compare(measured), ctx.tolerance, measured.replicas);
  return {
    pass: judged.pass,
    pValue: judged.pValue,
    lines: [check.describe, ...judged.lines],
    axes: check.axes,
    scenarios: [c.scenario],
  };
}
