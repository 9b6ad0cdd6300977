import { parseScenario } from '../run/load-scenario.js';
import { runScenario } from '../run/runner.js';
import { parseResult, type ResultOf } from '../run/result-schema.js';
import type { Result } from '../core/result.js';
import { sgdCovarianceTheories, stationaryPredictionId } from '../experiments/stationary/prediction-ids.js';

/**
 * Run a stationary scenario exactly as `sgd-sde run` would (same validation, same code path, same
 * random streams), and keep the measured side of its predictions. The measured values and their
 * standard errors do not depend on any formula under test; the properties recompute the predicted
 * side themselves, so a counterexample scenario reproduces the very measurement that failed.
 *
 * The result is read as results.json holds it, through its typed schema (parseResult): Σ, its
 * standard errors and the replica count are fields of `measured.sgd`; tr Σ, N × excess loss and
 * the fluctuation–dissipation sides are functionals with their own standard errors that results.json
 * keeps only in the predictions, found by the ids the experiment exports. A non-finite number
 * (null in results.json) reads back as NaN.
 */
export interface StationaryMeasurement {
  d: number;
  replicas: number;
  /** tr Σ of the SGD iterates and its standard error */
  trace: { value: number; stdError: number };
  /** Σ and per-entry standard errors, d×d row-major */
  covariance: Float64Array;
  covarianceStdError: Float64Array;
  /** N·½E[(ω−ω*)ᵀH(ω−ω*)] */
  excessLoss: { value: number; stdError: number };
  /** the two sides of the fluctuation–dissipation identity and the standard error of their difference */
  fdr: { left: number; right: number; stdError: number };
}

/** A scenario that could not be run (divergence, a numerical failure): carries the scenario for the report. */
export class ScenarioRunError extends Error {
  constructor(message: string, readonly scenario: Record<string, unknown>) {
    super(message);
    this.name = 'ScenarioRunError';
  }
}

export async function measureStationary(scenario: Record<string, unknown>): Promise<StationaryMeasurement> {
  let result: Result;
  try {
    result = await runScenario(parseScenario(scenario, { source: 'stress scenario' }));
  } catch (err) {
    throw new ScenarioRunError(`the scenario could not be run: ${(err as Error)?.message ?? String(err)}`, scenario);
  }
  return extract(asStationaryResult(result));
}

/** The result as results.json holds it (JSON turns a non-finite number into null), parsed by its typed schema. */
function asStationaryResult(result: Result): ResultOf<'stationary'> {
  const typed = parseResult(JSON.parse(JSON.stringify(result)), 'stress scenario result');
  if (typed.experiment !== 'stationary') throw new Error(`the stress scenario ran a ${typed.experiment} experiment, not a stationary one`);
  return typed;
}

const finite = (v: number | null): number => v ?? Number.NaN;

function extract(result: ResultOf<'stationary'>): StationaryMeasurement {
  const sgd = result.measured.sgd;
  if (!sgd) throw new Error('the stress scenario did not simulate SGD');
  type Prediction = ResultOf<'stationary'>['predictions'][number];
  const find = (ids: readonly string[], what: string): Prediction => {
    const p = result.predictions.find((q) => ids.includes(q.id));
    if (!p) throw new Error(`the stationary experiment made no ${what} prediction (ids: ${result.predictions.map((q) => q.id).join(', ')})`);
    return p;
  };
  // every SGD trace prediction carries the same measured tr Σ and standard error: take the first
  const trace = find(sgdCovarianceTheories.map((t) => stationaryPredictionId.trace('sgd', t)), 'trace');
  const excess = find([stationaryPredictionId.excessLoss('sgd')], 'excess-loss');
  const fdr = find([stationaryPredictionId.fdr], 'fluctuation–dissipation');
  return {
    d: sgd.covariance.length,
    replicas: sgd.replicas,
    trace: { value: finite(trace.measured), stdError: finite(trace.stdError) },
    covariance: Float64Array.from(sgd.covariance.flat(), finite),
    covarianceStdError: Float64Array.from(sgd.covarianceStdError.flat(), finite),
    excessLoss: { value: finite(excess.measured), stdError: finite(excess.stdError) },
    fdr: { left: finite(fdr.measured), right: finite(fdr.predicted), stdError: finite(fdr.stdError) },
  };
}
