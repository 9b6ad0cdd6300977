import { z } from 'zod';
import { envelopeFields, samplerSchema } from '../../scenario/common.js';
import type { InputProblem } from '../../errors.js';
import { expressionProblems } from '../../models/expression.js';
import { finiteOnDomainProblems } from '../../models/expression-domain.js';

/**
 * Scenario of the `escape` experiment (docs/theory.md §8): SGD and its SDE started in one minimum of a
 * 1-D double well V(x), timed until they cross an exit point past the barrier, over cells that set
 * the temperature T = g σ²/(2N) = ε c(N,B) σ²/2 through (ε, B, N). Each cell names the barrier
 * height in units of T it aims at (ΔV/T); the batch size that realises it is solved from
 * c(N,B) = 2ΔV/((ΔV/T) ε σ²) and rounded, and the realised T is the one used everywhere.
 */
export const ESCAPE_LANDSCAPE = {
  loss: '0.02*x^2 - 2.5*exp(-(x-10)^2/4.5)',
  domain: [-15, 20] as [number, number],
};

const barrierGrid = z.array(z.number().positive().max(40)).min(1).describe('target ΔV/T values (the batch size is solved from each)');

export const escapeSchema = z.strictObject({
  experiment: z.literal('escape'),
  ...envelopeFields,
  landscape: z.strictObject({
    loss: z.string().min(1).default(ESCAPE_LANDSCAPE.loss)
      .describe('V(x) as a mathjs expression in x: a double well (two minima, one barrier top inside the domain). Default: a broad bowl with a sharp, higher Gaussian dip at x ≈ 9.6 (V″ ≈ 1.06 against 0.04 at the bottom; barrier ΔV ≈ 1.25 from the dip)'),
    domain: z.tuple([z.number(), z.number()]).default(ESCAPE_LANDSCAPE.domain).describe('[low, high]: the box holding both minima; the far side is the reflecting wall of the exact first-passage time'),
    from: z.enum(['sharp', 'broad']).default('sharp').describe('the minimum escaped from: the one with the larger (sharp) or smaller (broad) curvature'),
    exit: z.number().optional().describe('the absorbing point past the barrier (default: midway between the barrier top and the other minimum)'),
  }).default({ loss: ESCAPE_LANDSCAPE.loss, domain: ESCAPE_LANDSCAPE.domain, from: 'sharp' }),
  noise: z.strictObject({
    variance: z.number().positive().describe('σ²: every example\'s gradient offset has variance σ² per coordinate (isotropic)'),
  }),
  sampler: samplerSchema.default('without-replacement').refine((s) => s !== 'epoch-shuffle', 'epoch-shuffle is not Markov: the escape theory needs a Markov sampler'),
  kramers: z.strictObject({
    lr: z.array(z.number().positive()).min(1).describe('small learning rates ε (ε V″(x*) ≪ 1): SGD should agree with the SDE'),
    n: z.array(z.int().min(3)).min(1).describe('training-set sizes N'),
    barrierOverT: barrierGrid,
  }).describe('the Kramers series: SGD and SDE cells over (ε, N, ΔV/T); ln τ against 1/T gives the slope ΔV'),
  validity: z.strictObject({
    lr: z.array(z.number().positive()).min(1).describe('learning rates from small to large (ε V″(x*) up to ~1): where discrete SGD departs from the SDE'),
    n: z.int().min(3),
    barrierOverT: barrierGrid,
  }).optional().describe('the validity map: SGD cells over (ε, ΔV/T) at one N, each against the exact SDE escape time'),
  aligned: z.strictObject({
    transverseCurvature: z.number().positive().describe('k of the 2-D landscape V(x) + ½ k y² (the escape coordinate is x)'),
    lr: z.number().positive(),
    n: z.int().min(3),
    barrierOverT: z.number().positive().max(40).describe('ΔV/T of the isotropic cell'),
  }).optional().describe('isotropic against Hessian-aligned noise (S = σ² H(x*)·d/tr H(x*), the same tr S) in the 2-D landscape: SGD cells'),
  run: z.strictObject({
    replicas: z.int().min(10).max(100000).default(400).describe('independent escapes per cell'),
    horizon: z.number().positive().default(8).describe('censoring horizon as a multiple of the exact SDE mean escape time of the cell'),
    sdeStep: z.union([z.literal('auto'), z.number().positive()]).default('auto').describe("Euler–Maruyama step h of the SDE cells; 'auto' = 0.01 / V″(x*)"),
  }).default({ replicas: 400, horizon: 8, sdeStep: 'auto' }),
  tolerance: z.number().positive().default(4).describe('allowed |z| of each prediction, in standard errors'),
});
export type EscapeScenario = z.infer<typeof escapeSchema>;

const MAX_CELLS = 500;

/** Cross-field checks (also run on raw input that failed the schema, so written defensively). */
export function escapeChecks(s: EscapeScenario): InputProblem[] {
  const problems: InputProblem[] = [];
  const land = s.landscape;
  if (land && typeof land.loss === 'string') {
    const p = expressionProblems(land.loss, ['x'], 'landscape.loss');
    problems.push(...p);
    if (p.length === 0 && Array.isArray(land.domain) && land.domain[0] < land.domain[1]) {
      problems.push(...finiteOnDomainProblems(land.loss, ['x'], [land.domain], 'landscape.loss', 'landscape.domain', { gradient: true }));
    }
  }
  if (land && Array.isArray(land.domain) && !(land.domain[0] < land.domain[1])) problems.push({ path: 'landscape.domain', message: 'low must be below high', value: land.domain });
  const count = (s.kramers?.lr?.length ?? 0) * (s.kramers?.n?.length ?? 0) * (s.kramers?.barrierOverT?.length ?? 0) * 2
    + (s.validity ? (s.validity.lr?.length ?? 0) * (s.validity.barrierOverT?.length ?? 0) : 0) + (s.aligned ? 2 : 0);
  if (count > MAX_CELLS) problems.push({ path: 'kramers', message: `${count} cells; at most ${MAX_CELLS}`, value: count });
  return problems;
}
