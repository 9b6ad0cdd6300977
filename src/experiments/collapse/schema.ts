import { z } from 'zod';
import { envelopeFields, samplerSchema, resolveSpectrum } from '../../scenario/common.js';
import { quadraticSpecSchema } from '../../models/quadratic.js';
import { linearRegressionSpecSchema } from '../../models/linear-regression.js';
import { modelChecks } from '../../models/registry.js';
import { InputError, type InputProblem } from '../../errors.js';
import { readCsvDataset } from '../../data/csv.js';
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';
import { resolve } from 'node:path';

/**
 * Scenario of the `collapse` experiment (docs/theory.md §3, the equipartition-like identity
 * N·E[L − L*] = g tr S / 4): a full grid over (ε, B, N, m) for one model family. `grid.n`, when
 * given, replaces `model.n` cell by cell; every other model field is shared by all cells.
 */
const MAX_CELLS = 2000;

export const collapseSchema = z.strictObject({
  experiment: z.literal('collapse'),
  ...envelopeFields,
  model: z.discriminatedUnion('kind', [quadraticSpecSchema, linearRegressionSpecSchema])
    .describe("'quadratic' (additive noise; isotropic noise of fixed σ² gives tr S = dσ² for every N exactly) or 'linear-regression' (state-dependent noise; tr S is measured per N)"),
  grid: z.strictObject({
    lr: z.array(z.number().positive()).min(1).describe('learning rates ε'),
    batchSize: z.array(z.int().positive()).min(1).describe('batch sizes B (each below every N)'),
    n: z.array(z.int().min(2)).min(1).optional().describe('training-set sizes N (default: model.n only); the data set of each N is drawn from the same seed'),
    momentum: z.array(z.number().min(0).lt(1)).min(1).default([0]).describe('heavy-ball momenta m'),
  }),
  sampler: samplerSchema.default('without-replacement'),
  run: z.strictObject({
    replicas: z.int().min(2).max(100000).default(32).describe('independent replicas per cell (standard errors come from their spread)'),
    time: z.number().positive().describe('SDE time recorded per replica: steps = ceil(time / ε_eff), ε_eff = ε/(1−m), so every cell is measured over the same number of relaxation times'),
    burnIn: z.union([z.literal('auto'), z.number().min(0)]).default('auto')
      .describe("SDE time discarded first; 'auto' = 10 / λ_min(H), ten relaxation times of the slowest mode"),
    thin: z.int().positive().default(1).describe('record every thin-th step'),
  }),
  tolerance: z.number().positive().default(4).describe('allowed |z| of each agreement prediction (the worst cell gets the Bonferroni equivalent)'),
});
export type CollapseScenario = z.infer<typeof collapseSchema>;
export type CollapseModelSpec = CollapseScenario['model'];

/** The N values of the grid. */
export function gridN(s: CollapseScenario): number[] {
  if (s.grid.n) return s.grid.n;
  const n = s.model.n;
  return n === undefined ? [] : [n];
}

/** Cross-field checks; written defensively, as they also run on raw input that failed the schema. */
export function collapseChecks(s: CollapseScenario, baseDir: string): InputProblem[] {
  const problems: InputProblem[] = [];
  const model = s.model as Partial<CollapseModelSpec> | undefined;
  const grid = s.grid as Partial<CollapseScenario['grid']> | undefined;
  if (!model || !grid) return problems;
  const isCsv = model.kind === 'linear-regression' && typeof model.csv === 'string';
  if (isCsv && grid.n) problems.push({ path: 'grid.n', message: 'N cannot vary with CSV data (the file fixes N); drop grid.n or use synthetic data', value: `[${grid.n.length} values]` });
  const ns = grid.n ?? (typeof model.n === 'number' ? [model.n] : []);
  const dim = typeof model.dim === 'number' ? model.dim : undefined;
  const sampler = s.sampler ?? 'without-replacement';
  if (Array.isArray(grid.batchSize) && ns.length > 0) {
    const minN = Math.min(...ns);
    grid.batchSize.forEach((b, i) => {
      if (sampler === 'with-replacement' ? b > minN : b >= minN) {
        problems.push({ path: `grid.batchSize[${i}]`, message: sampler === 'with-replacement' ? `must be ≤ N = ${minN} (the smallest N of the grid)` : `must be < N = ${minN} (the smallest N of the grid; at B = N a ${sampler} batch has no noise)`, value: b });
      }
    });
  }
  if (dim !== undefined && grid.n) {
    grid.n.forEach((n, i) => {
      if (n <= dim) problems.push({ path: `grid.n[${i}]`, message: `must exceed dim = ${dim}`, value: n });
    });
  }
  // quadratic: the spectrum is known before any data, so the stability bound can be checked up front
  if (model.kind === 'quadratic' && model.spectrum && dim !== undefined && Array.isArray(grid.lr)) {
    try {
      const lambdaMax = Math.max(...resolveSpectrum(model.spectrum, dim));
      for (const m of grid.momentum ?? [0])
        grid.lr.forEach((lr, i) => {
          if (!(lr * lambdaMax < 2 * (1 + m))) problems.push({ path: `grid.lr[${i}]`, message: `ε λ_max = ${(lr * lambdaMax).toPrecision(4)} must be < 2(1+m) = ${2 * (1 + m)} (stability)`, value: lr });
        });
    } catch {
      // malformed spectrum: the schema reports it
    }
  }
  // CSV: the curvature is the data's, λ_max of XᵀX/N, known once the file is read (as it is for the
  // checks anyway): the same up-front refusal as for the quadratic, instead of a divergence in run
  if (isCsv && Array.isArray(grid.lr)) {
    const lambdaMax = csvCurvature(resolve(baseDir, model.csv as string));
    if (lambdaMax !== undefined) {
      for (const m of grid.momentum ?? [0])
        grid.lr.forEach((lr, i) => {
          if (!(lr * lambdaMax < 2 * (1 + m))) problems.push({ path: `grid.lr[${i}]`, message: `ε λ_max = ${(lr * lambdaMax).toPrecision(4)} must be < 2(1+m) = ${2 * (1 + m)} (stability; λ_max = ${lambdaMax.toPrecision(4)} is the largest eigenvalue of XᵀX/N of ${model.csv})`, value: lr });
        });
    }
  }
  const count = (grid.lr?.length ?? 0) * (grid.batchSize?.length ?? 0) * Math.max(1, ns.length) * (grid.momentum?.length ?? 1);
  if (count > MAX_CELLS) problems.push({ path: 'grid', message: `${count} cells; at most ${MAX_CELLS}`, value: count });
  for (const n of ns.length > 0 ? ns : [undefined]) {
    try {
      const spec = (n === undefined ? model : { ...model, n }) as CollapseModelSpec;
      for (const p of modelChecks(spec, baseDir, 'model')) {
        if (!problems.some((q) => q.path === p.path && q.message === p.message)) problems.push(n !== undefined && p.path === 'model.n' ? { ...p, path: 'grid.n' } : p);
      }
    } catch {
      // a raw model block too malformed to check further; the schema reports it
    }
  }
  return problems;
}

/** λ_max of XᵀX/N (the least-squares Hessian) of a CSV file; undefined when it cannot be read (modelChecks says why). */
function csvCurvature(file: string): number | undefined {
  let data;
  try {
    data = readCsvDataset(file);
  } catch (err) {
    if (err instanceof InputError) return undefined;
    throw err;
  }
  const { n, d, x } = data;
  const h = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) h[a * d + b] += (x[row + a] * x[row + b]) / n;
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) h[b * d + a] = h[a * d + b];
  if (!h.every(Number.isFinite)) return undefined; // overflow: modelChecks reports the values
  const { values } = symmetricEigen(h, d);
  return values[d - 1];
}
