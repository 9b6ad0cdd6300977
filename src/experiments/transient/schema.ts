import { z } from 'zod';
import { envelopeFields, spectrumSchema, resolveSpectrum } from '../../scenario/common.js';
import type { InputProblem } from '../../errors.js';

/**
 * Scenario of the `transient` experiment (docs/theory.md §5): the finite-horizon weak error of SME-1
 * and SME-2 against SGD on the Li–Tai–E model, for a ladder of ε at fixed T; and, on problems with
 * known solutions (OU, GBM), the strong and weak orders of each registered integrator.
 */
const ouSchema = z.strictObject({
  theta: z.number().positive().default(1).describe('mean-reversion rate θ'),
  sigma: z.number().positive().default(1).describe('noise σ'),
  x0: z.number().default(1).describe('start'),
});
const gbmSchema = z.strictObject({
  mu: z.number().default(1).describe('drift μ'),
  sigma: z.number().positive().default(1).describe('volatility σ'),
  x0: z.number().positive().default(1).describe('start'),
});

export const transientSchema = z.strictObject({
  experiment: z.literal('transient'),
  ...envelopeFields,
  model: z.strictObject({
    dim: z.int().min(1).max(64).describe('dimension d'),
    spectrum: spectrumSchema.describe('eigenvalues of H (the model is written in its eigenbasis; γ ~ N(0, I) makes that general)'),
    start: z.union([z.number(), z.array(z.number())]).default(1).describe('x₀: one value for every coordinate, or the coordinates'),
  }).describe('the Li–Tai–E model ℓ_γ(x) = ½(x−γ)ᵀH(x−γ) − ½ tr H, γ ~ N(0, I) fresh at every step'),
  horizon: z.number().positive().describe('time T = Kε at which the weak error is measured'),
  lrs: z.array(z.number().positive()).min(3).max(12).describe('the ladder of learning rates ε (T/ε must be a whole number of steps for each)'),
  paths: z.int().min(10).max(10_000_000).describe('Monte Carlo paths per ε (SGD and both SMEs share each path)'),
  integrators: z.union([
    z.literal(false),
    z.strictObject({
      steps: z.array(z.int().positive()).min(3).max(12).default([16, 32, 64, 128, 256]).describe('step counts over the horizon, for every integrator; each must divide the largest'),
      horizon: z.number().positive().default(1),
      paths: z.int().min(10).max(10_000_000).default(20000).describe('Brownian paths shared by all step counts'),
      bootstrap: z.int().min(20).max(100000).default(400).describe('bootstrap replicates over paths for the slopes'),
      ou: ouSchema.default({ theta: 1, sigma: 1, x0: 1 }),
      gbm: gbmSchema.default({ mu: 1, sigma: 1, x0: 1 }),
    }),
  ]).default({ steps: [16, 32, 64, 128, 256], horizon: 1, paths: 20000, bootstrap: 400, ou: { theta: 1, sigma: 1, x0: 1 }, gbm: { mu: 1, sigma: 1, x0: 1 } })
    .describe("the registered integrators' strong and weak orders on OU (additive noise) and GBM (diagonal noise), each where it integrates that noise type, or false"),
  tolerance: z.number().positive().default(4).describe('allowed |z| of each prediction, in standard errors'),
});
export type TransientScenario = z.infer<typeof transientSchema>;

export function transientStart(s: TransientScenario): Float64Array {
  const x0 = s.model.start;
  return Array.isArray(x0) ? Float64Array.from(x0) : new Float64Array(s.model.dim).fill(x0);
}

export function transientChecks(s: TransientScenario): InputProblem[] {
  const problems: InputProblem[] = [];
  const model = s.model as Partial<TransientScenario['model']> | undefined;
  if (model && Array.isArray(model.spectrum) && model.spectrum.length !== model.dim) {
    problems.push({ path: 'model.spectrum', message: `must list exactly dim = ${model.dim} eigenvalues`, value: `[${model.spectrum.length} values]` });
  }
  if (model && Array.isArray(model.start) && model.start.length !== model.dim) {
    problems.push({ path: 'model.start', message: `must have dim = ${model.dim} coordinates`, value: `[${model.start.length} values]` });
  }
  let lambdaMax = Number.NaN;
  try {
    if (model?.spectrum && typeof model.dim === 'number') lambdaMax = Math.max(...resolveSpectrum(model.spectrum, model.dim));
  } catch {
    // malformed: the schema says why
  }
  if (Array.isArray(s.lrs) && typeof s.horizon === 'number') {
    s.lrs.forEach((lr, i) => {
      const k = Math.round(s.horizon / lr);
      if (!(k >= 1) || Math.abs(k * lr - s.horizon) > 1e-9 * s.horizon) problems.push({ path: `lrs[${i}]`, message: `T/ε = ${(s.horizon / lr).toPrecision(6)} must be a whole number of steps (T = ${s.horizon})`, value: lr });
      if (lambdaMax * lr >= 2) problems.push({ path: `lrs[${i}]`, message: `ε λ_max = ${(lr * lambdaMax).toPrecision(4)} must be < 2 (SGD stability)`, value: lr });
    });
    if (new Set(s.lrs).size !== s.lrs.length) problems.push({ path: 'lrs', message: 'learning rates must be distinct (a slope needs distinct ε)' });
    // the order fit log e = log C + q log ε + log(1 + a ε) has 3 parameters: with 3 ε it crashed (exit 70)
    else if (s.lrs.length < 4) problems.push({ path: 'lrs', message: `needs at least 4 learning rates: the convergence order is fitted with a correction term (3 parameters) and needs a degree of freedom left (got ${s.lrs.length})`, value: `[${s.lrs.length} values]` });
  }
  const integ = s.integrators;
  if (integ && Array.isArray(integ.steps)) {
    const fine = Math.max(...integ.steps);
    integ.steps.forEach((n, i) => {
      if (fine % n !== 0) problems.push({ path: `integrators.steps[${i}]`, message: `must divide the largest step count ${fine} (coarse increments are sums of fine ones)`, value: n });
    });
    if (new Set(integ.steps).size !== integ.steps.length) problems.push({ path: 'integrators.steps', message: 'step counts must be distinct' });
    else if (integ.steps.length < 4) problems.push({ path: 'integrators.steps', message: `needs at least 4 step counts: the convergence order is fitted with a correction term (3 parameters) and needs a degree of freedom left (got ${integ.steps.length})`, value: `[${integ.steps.length} values]` });
  }
  return problems;
}
