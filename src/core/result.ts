/**
 * What every experiment returns: a plain JSON object (docs/usage.md, "results.json"). Plots and the
 * CLI read only this. Timings are kept out of it so that the same (scenario, seed) gives the same
 * bytes in results.json.
 */
/** Which kernels computed the dense products: results are byte-reproducible per label (linalg/backend.ts decides). */
export type BackendLabel = 'native' | 'wasm-fma' | 'wasm' | 'js';

/**
 * 2: predictions carry `verdict` and `alternative`; `pass` is true only for a judged PASS; results
 * may carry `cells` (what the analysis ran on, for `sgd-sde judge`). Files of version 1 are read
 * and upgraded (io/results-file.ts).
 */
export const SCHEMA_VERSION = 2;

/** The outcome declared for a prediction before the run. */
export type Expectation = 'agree' | 'disagree' | 'not-judged';

/**
 * The four verdicts (stats/verdict.ts decides them, every output prints them):
 * PASS and FAIL are judged; N/E is not evaluable (outside the theory's region, or inconclusive:
 * the standard error cannot tell the prediction from its alternative), always with its reason;
 * INFO is shown for information and never judged.
 */
export type Verdict = 'PASS' | 'FAIL' | 'N/E' | 'INFO';
export const VERDICTS: readonly Verdict[] = ['PASS', 'FAIL', 'N/E', 'INFO'];

/**
 * What a judged prediction must be able to tell itself from, on the scale of `predicted`: a
 * competing value (another theory, a slope of 0, the right theory for a contrast) or the smallest
 * relevant difference from the prediction. A verdict that accepts the prediction (or, for a
 * contrast, fails to reject it) is given only when the standard error can separate the two.
 */
export interface Alternative {
  value: number;
  /** what the value stands for, in words */
  means: string;
}

/** A predicted number checked against a measured one, in units of the measurement's standard error. */
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
   * 'agree': PASS iff |z| ≤ tolerance. 'disagree': a contrast (a theory expected to be wrong here),
   * PASS iff |z| > tolerance (in the direction `sided` names, when set). 'not-judged': INFO.
   */
  expect: Expectation;
  /** a one-sided contrast: the measurement must lie above ('above') or below ('below') the prediction */
  sided?: 'above' | 'below';
  /** the value the data must be able to reject (absent only for INFO rows) */
  alternative?: Alternative;
  verdict: Verdict;
  /** true exactly when verdict is PASS */
  pass: boolean;
  /** why the verdict is N/E (present exactly when it is) */
  notEvaluable?: string;
  /** Optional one line with the key numbers and their spread (e.g. over seeds), printed under the verdict row. */
  summary?: string;
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

/**
 * What the analysis ran on: the results of the run's resumable sweep cells, by index (encoded as
 * in checkpoint files: NaN, ±Infinity, −0 and typed arrays survive), so that `sgd-sde judge`
 * re-analyses a results.json without re-running its cells. `scenarioHash` ties them to the
 * result's normalised scenario; `reconstructed` says what could not be recovered when they were
 * rebuilt from an older results.json.
 */
export interface ResultCells {
  scenarioHash: string;
  count: number;
  results: unknown[];
  reconstructed?: string;
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
  cells?: ResultCells;
}
