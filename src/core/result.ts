/**
 * What every experiment returns: a plain JSON object (docs/usage.md, "results.json"). Plots and the
 * CLI read only this. Timings are kept out of it so that the same (scenario, seed) gives the same
 * bytes in results.json.
 */
/** Which kernels computed the dense products: results are byte-reproducible per label (linalg/backend.ts decides). */
export type BackendLabel = 'native' | 'wasm-fma' | 'wasm' | 'js';

export const SCHEMA_VERSION = 1;

/** A predicted number checked against a measured one, in units of the measurement's standard error. */
/** The outcome declared for a prediction before the run. */
export type Expectation = 'agree' | 'disagree' | 'not-judged';

export interface Prediction {
  id: string;
  description: string;
  predicted: number;
  measured: number;
  /** Standard error of `measured − predicted` (of the measurement, plus the prediction's if it is estimated). */
  stdError: number;
  /** Allowed |z| in standard errors. */
  tolerance: number;
  /** (measured − predicted) / stdError. */
  z: number;
  /**
   * 'agree': pass iff |z| ≤ tolerance. 'disagree': a contrast (a wrong theory), pass iff |z| > tolerance.
   * 'not-judged': shown for information only (theory does not say which outcome to expect at the
   * precision the run is designed for); pass is true and it never fails a run.
   */
  expect: Expectation;
  pass: boolean;
  /** Set when the prediction is outside the theory's region of validity: then pass is false, whatever z says. */
  notEvaluable?: string;
  /** Optional one line with the key numbers and their spread (e.g. over seeds), printed under the verdict row. */
  summary?: string;
  /**
   * Set when `measured` counts something under a stated rule (e.g. 'grid points'): `stdError` is then
   * one such unit, the rule's scale, not a standard error, and tables print the count and the
   * tolerance in this unit, with no "±" and no σ.
   */
  unit?: string;
}

export interface NoiseScale {
  /** exact for the sampler: ε N c(N,B) / (1 − m) */
  g: number;
  /** the paper's ε (N/B − 1) / (1 − m) */
  gPaper: number;
  /** ε N / (B (1 − m)) */
  gApprox: number;
}

/** The experiment-specific part of a result; the runner adds the envelope. */
export interface ExperimentOutput {
  noiseScale?: NoiseScale;
  predictions: Prediction[];
  measured: Record<string, unknown>;
  theory: Record<string, unknown>;
  warnings?: string[];
}

export interface Result extends ExperimentOutput {
  schemaVersion: number;
  tool: { name: 'sgd-sde'; version: string; node: string; /** kernels of the dense products ('native' | 'wasm-fma' | 'wasm' | 'js'); results are byte-reproducible per label */ backend: BackendLabel };
  experiment: string;
  name: string;
  /** The normalised scenario (defaults filled in, quick overrides applied). */
  scenario: Record<string, unknown>;
  seed: number;
  quick: boolean;
  warnings: string[];
}
