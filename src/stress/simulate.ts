import { parseScenario } from '../run/load-scenario.js';
import { runScenario } from '../run/runner.js';
import type { Prediction, Result } from '../core/result.js';

/**
 * Run a stationary scenario exactly as `sgd-sde run` would (same validation, same code path, same
 * random streams), and keep the measured side of its predictions. The measured values and their
 * standard errors do not depend on any formula under test; the properties recompute the predicted
 * side themselves, so a counterexample scenario reproduces the very measurement that failed.
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
  return extract(result);
}

function extract(result: Result): StationaryMeasurement {
  const sgd = (result.measured as { sgd?: { covariance: number[][]; covarianceStdError: number[][]; replicas: number } }).sgd;
  if (!sgd) throw new Error('the stress scenario did not simulate SGD');
  const d = sgd.covariance.length;
  const find = (match: (p: Prediction) => boolean, what: string): Prediction => {
    const p = result.predictions.find(match);
    if (!p) throw new Error(`the stationary experiment made no ${what} prediction (ids: ${result.predictions.map((q) => q.id).join(', ')})`);
    return p;
  };
  const trace = find((p) => p.id.startsWith('sgd.trace.vs.') && p.expect === 'agree', 'trace');
  const excess = find((p) => p.id === 'sgd.excess-loss.vs.g', 'excess-loss');
  const fdr = find((p) => p.id === 'sgd.fdr', 'fluctuation–dissipation');
  return {
    d,
    replicas: sgd.replicas,
    trace: { value: trace.measured, stdError: trace.stdError },
    covariance: Float64Array.from(sgd.covariance.flat()),
    covarianceStdError: Float64Array.from(sgd.covarianceStdError.flat()),
    excessLoss: { value: excess.measured, stdError: excess.stdError },
    fdr: { left: fdr.measured, right: fdr.predicted, stdError: fdr.stdError },
  };
}
