import { z } from 'zod';
import { SCHEMA_VERSION } from './result.js';

/**
 * zod building blocks of results.json: the numbers (JSON has no NaN: a non-finite number is
 * written as null and reads back as NaN), the envelope every result shares, and `resultBlocks`,
 * which each experiment kind uses to declare the schema of its `measured` and `theory` blocks
 * (experiments/<kind>/result-schema.ts). run/result-schema.ts joins them into the union
 * discriminated on `experiment`.
 */

/** A number as results.json stores it: null stands for a non-finite value. */
export const resultNumber = z.number().nullable();
export const resultVector = z.array(resultNumber);
/** A matrix as an array of rows. */
export const resultMatrix = z.array(resultVector);

/**
 * One prediction. The descriptions are those of the results JSON Schema (`sgd-sde schema
 * --results`, generated from these schemas by run/results-json-schema.ts); `id: 'prediction'`
 * names it there ($defs/prediction).
 */
export const predictionSchema = z.object({
  id: z.string().describe('stable identifier, e.g. "sgd.trace.vs.exact" (<dynamics>.<quantity>.vs.<theory>)'),
  description: z.string().describe('what is compared, in words'),
  predicted: resultNumber.describe('what the theory predicts'),
  measured: resultNumber.describe('what the simulation measured'),
  stdError: resultNumber.describe("standard error of measured − predicted (of the measurement, plus the prediction's when it is estimated); 0 for a row that is not judged and has no spread (one seed)"),
  tolerance: resultNumber.describe('allowed |z| in standard errors (Bonferroni-adjusted for worst-of-many checks); at most 37'),
  z: resultNumber.describe('(measured − predicted) / stdError'),
  expect: z.enum(['agree', 'disagree', 'not-judged']).describe("'agree': PASS iff |z| ≤ tolerance (and the alternative can be told apart); 'disagree': a contrast with a theory expected to be wrong here, PASS iff |z| > tolerance; 'not-judged': INFO, shown for information only"),
  sided: z.enum(['above', 'below']).optional().describe('a one-sided contrast: the measurement must lie above (or below) the prediction by more than the tolerance'),
  alternative: z.object({
    value: z.number().describe('the value the check must be able to reject, on the scale of predicted'),
    means: z.string().describe('what the value stands for: a competing theory, or the smallest relevant difference'),
  }).optional().describe('absent only for INFO rows. A verdict that keeps the prediction (PASS of an agreement, FAIL of a contrast) is given only when |alternative − predicted| ≥ 2·tolerance·stdError; otherwise N/E (inconclusive); docs/verdicts.md'),
  verdict: z.enum(['PASS', 'FAIL', 'N/E', 'INFO']).describe("PASS and FAIL are judged; N/E is not evaluable (outside the theory's region, or inconclusive), with its reason in notEvaluable; INFO is shown, never judged. The exit code counts judged rows only"),
  pass: z.boolean().describe('true exactly when verdict is PASS'),
  notEvaluable: z.string().optional().describe("present exactly when verdict is N/E: why (outside the theory's region, e.g. ε λ_max at or over the stability bound; or inconclusive, with the standard error that would be needed)"),
  summary: z.string().optional().describe('optional one line with the key numbers and their spread (e.g. over seeds), printed under the verdict row'),
}).meta({ id: 'prediction' });

/** The cells a result's analysis ran on (run/result-cells.ts), encoded as in checkpoint files. */
export const resultCellsSchema = z.object({
  scenarioHash: z.string().describe('SHA-256 of the normalised scenario (with quick) the cells were computed for'),
  count: z.number().int().min(0),
  results: z.array(z.unknown()).describe("one cell result per cell, in the sweep's index order"),
  reconstructed: z.string().optional().describe('present when the cells were rebuilt from an older results.json: what could not be recovered'),
}).describe('the results of the run\'s sweep cells, which `sgd-sde judge` re-analyses without re-running them; encoded as in checkpoint files (a non-finite number as {"$number": "NaN"}, a typed array as {"$typed": …, "values": […]})');

export const noiseScaleSchema = z.object({
  g: resultNumber.describe('exact for the sampler: ε N c(N,B) / (1 − m)'),
  gPaper: resultNumber.describe("the paper's ε (N/B − 1) / (1 − m)"),
  gApprox: resultNumber.describe('ε N / (B (1 − m))'),
});

/** The fields every result has besides `experiment`, `measured` and `theory`. */
export const resultEnvelope = {
  schemaVersion: z.number().int().min(1).max(SCHEMA_VERSION).describe('version of this format'),
  tool: z.object({
    name: z.literal('sgd-sde'),
    version: z.string(),
    // node, backend: absent in files of earlier versions
    node: z.string().optional().describe('Node.js version that ran it'),
    backend: z.enum(['native', 'wasm-fma', 'wasm', 'js']).optional().describe('the kernel backend that ran it'),
  }),
  name: z.string().describe('scenario name; names the output directory'),
  scenario: z.record(z.string(), z.unknown()).describe('the normalised scenario that ran (defaults filled in, quick overrides applied): rerunning it reproduces this file'),
  seed: z.number().int().min(0).max(4294967295),
  quick: z.boolean().describe('whether the quick overrides were applied'),
  noiseScale: noiseScaleSchema.optional().describe('the noise scale of the run (when one ε, N, B applies)'),
  predictions: z.array(predictionSchema),
  warnings: z.array(z.string()).describe('warnings printed during the run (stability, approximations out of their region, …)'),
  cells: resultCellsSchema.optional(),
};

/** What a kind declares of its results: the schemas of its `measured` and `theory` blocks. */
export interface ResultBlocks<M extends z.ZodType = z.ZodType, T extends z.ZodType = z.ZodType> {
  measured: M;
  theory: T;
}

/**
 * The blocks of a kind whose results are not typed yet: any JSON object. A kind's entry names
 * this explicitly (grep for it to find the kinds still to type); its readers check by hand.
 */
export const untypedResultBlocks = {
  measured: z.record(z.string(), z.unknown()),
  theory: z.record(z.string(), z.unknown()),
} satisfies ResultBlocks;
