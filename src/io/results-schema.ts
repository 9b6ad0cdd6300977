import { SCHEMA_VERSION } from '../core/result.js';

/**
 * A JSON Schema (draft 2020-12) of results.json, exported like the scenario schema
 * (`sgd-sde schema --results`). A first version: the envelope and the predictions are specified
 * field by field (they are what `plot`, `export` and readers rely on); `measured` and `theory` are
 * described per experiment kind in words, their numbers listed by `sgd-sde export` (values.csv).
 */
const number = { type: ['number', 'null'], description: 'null stands for a non-finite number (JSON has no NaN)' };

export function resultsJsonSchema(): Record<string, unknown> {
  const prediction = {
    type: 'object',
    required: ['id', 'description', 'predicted', 'measured', 'stdError', 'tolerance', 'z', 'expect', 'pass'],
    properties: {
      id: { type: 'string', description: 'stable identifier, e.g. "sgd.trace.vs.exact" (<dynamics>.<quantity>.vs.<theory>)' },
      description: { type: 'string', description: 'what is compared, in words' },
      predicted: { ...number, description: 'what the theory predicts' },
      measured: { ...number, description: 'what the simulation measured' },
      stdError: { ...number, description: 'standard error of measured − predicted (of the measurement, plus the prediction\'s when it is estimated)' },
      tolerance: { ...number, description: 'allowed |z| in standard errors (Bonferroni-adjusted for worst-of-many checks)' },
      z: { ...number, description: '(measured − predicted) / stdError' },
      expect: { enum: ['agree', 'disagree', 'not-judged'], description: "'agree': pass iff |z| ≤ tolerance; 'disagree': a contrast with a theory known to be wrong here, pass iff |z| > tolerance; 'not-judged': shown for information only (theory does not fix the outcome at the planned precision), pass is true" },
      pass: { type: 'boolean' },
      summary: { type: 'string', description: 'optional one line with the key numbers and their spread (e.g. over seeds), printed under the verdict row' },
      notEvaluable: { type: 'string', description: "present when the prediction is outside the theory's region (e.g. ε λ_max at or over the stability bound): 'not evaluable', counted as failed" },
    },
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/sgd-sde/sgd-sde/results.schema.json',
    title: 'sgd-sde results.json',
    description: 'One result (or an array of them, one per scenario) of `sgd-sde run`. The same (scenario, seed) gives the same bytes whatever the worker count.',
    oneOf: [{ $ref: '#/$defs/result' }, { type: 'array', minItems: 1, items: { $ref: '#/$defs/result' } }],
    $defs: {
      prediction,
      result: {
        type: 'object',
        required: ['schemaVersion', 'tool', 'experiment', 'name', 'scenario', 'seed', 'quick', 'predictions', 'measured', 'theory', 'warnings'],
        properties: {
          schemaVersion: { type: 'integer', minimum: 1, maximum: SCHEMA_VERSION, description: 'version of this format' },
          tool: { type: 'object', required: ['name', 'version'], properties: { name: { const: 'sgd-sde' }, version: { type: 'string' }, node: { type: 'string', description: 'Node.js version that ran it' }, backend: { type: 'string', description: 'the kernel backend that ran it (e.g. wasm, wasm-fma, native)' } } },
          experiment: { enum: ['stationary', 'evidence', 'batch-size', 'collapse', 'transient'], description: 'the experiment kind (others may be added)' },
          name: { type: 'string', description: 'scenario name; names the output directory' },
          scenario: { type: 'object', description: 'the normalised scenario that ran (defaults filled in, quick overrides applied): rerunning it reproduces this file' },
          seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
          quick: { type: 'boolean', description: 'whether the quick overrides were applied' },
          noiseScale: {
            type: 'object',
            description: 'the noise scale of the run (when one ε, N, B applies)',
            properties: { g: { ...number, description: 'exact for the sampler: ε N c(N,B) / (1 − m)' }, gPaper: { ...number, description: 'the paper\'s ε (N/B − 1) / (1 − m)' }, gApprox: { ...number, description: 'ε N / (B (1 − m))' } },
          },
          predictions: { type: 'array', items: { $ref: '#/$defs/prediction' } },
          measured: {
            type: 'object',
            description: 'what the simulation measured, per experiment kind. stationary: measured.<dynamics> (sgd, sde) has `mean` — an OFFSET from the minimum ω*, not the iterate itself — with `meanStdError`, `covariance` (d×d, rows) with standard errors, and histograms; burnIn and sdeSubsteps as used. batch-size: points[].cells[] (one per batch size and seed). collapse: cells[]. transient: levels[] of the integrators. evidence: one entry per λ. `sgd-sde export --csv` lists every number with its path.',
          },
          theory: { type: 'object', description: 'what the theory computed (stationary covariances by source, evidence, optimum batch size …), in the same coordinates as measured' },
          warnings: { type: 'array', items: { type: 'string' }, description: 'warnings printed during the run (stability, approximations out of their region, …)' },
        },
      },
    },
  };
}
