import { z } from 'zod';
import type { Loss } from './loss.js';
import type { ModelFactory } from './model-factory.js';
import { compileExpression, expressionProblems, type CompiledExpression } from './expression.js';
import { whiten } from '../linalg/whiten.js';
import { rngFor } from '../rng/streams.js';
import type { InputProblem } from '../errors.js';
import { finiteOnDomainProblems } from './expression-domain.js';
import { sizeProblems } from '../scenario/limits.js';
import { numberField } from './model-size.js';

/**
 * A 1-D or 2-D landscape written as a mathjs expression (docs/theory.md §7): the mean training loss
 * L(ω), with N examples ℓ_i(ω) = L(ω) + a_iᵀω whose gradient offsets a_i are centred and whitened
 * so that Σ a_i = 0 and (1/N) Σ a_i a_iᵀ = σ² I exactly. Minibatch noise is then real (drawn from
 * the N examples), isotropic and state-independent, so the SDE's stationary density is
 * ∝ exp(−2 N L(ω) / (g σ²)) and g means what it means for the other models.
 * A "test" loss — the training loss shifted by a small vector, or its own expression — measures
 * generalisation.
 */

/**
 * The shipped landscape: a broad bowl (curvature 1 at the origin) with a narrow Gaussian dip at
 * (0.5, 0). The dip is the deep sharp minimum (L ≈ −0.016, curvatures ≈ 3.8 and 6.3); the bowl's
 * bottom near the origin is the slightly higher broad minimum (L ≈ −0.0005). The barrier between them
 * is low (≈ 0.02 from the sharp side), so SGD mixes between the basins in a short run and the
 * stationary (Gibbs) theory is reachable by simulation. The test loss is the training loss moved
 * by 0.25 in y: the sharp minimum pays for the shift, the broad one hardly does.
 */
export const SHARP_BROAD_LANDSCAPE = {
  variables: ['x', 'y'] as ['x', 'y'],
  loss: '0.5 * (x^2 + y^2) - 0.12 * exp(-((x - 0.5)^2 + y^2) / 0.045)',
  test: { shift: [0, 0.25] },
  domain: [[-2.5, 2.5], [-2.5, 2.5]] as [number, number][],
};

const intervalSchema = z.tuple([z.number(), z.number()]).describe('[low, high]');

export const potentialSpecSchema = z.strictObject({
  kind: z.literal('potential'),
  variables: z.union([z.tuple([z.literal('x')]), z.tuple([z.literal('x'), z.literal('y')])])
    .default(SHARP_BROAD_LANDSCAPE.variables)
    .describe('["x"] (1-D) or ["x", "y"] (2-D): the only symbols the expressions may use besides pi and e'),
  loss: z.string().min(1).default(SHARP_BROAD_LANDSCAPE.loss)
    .describe('mean training loss L as a mathjs expression; functions: exp, log, sqrt, sin, cos, tanh, abs, pow, … (default: the shipped sharp-and-broad landscape)'),
  test: z.union([
    z.strictObject({ shift: z.array(z.number()).min(1).max(2).describe('test loss = L(ω − shift)') }),
    z.strictObject({ loss: z.string().min(1).describe('test loss as its own mathjs expression') }),
  ]).default(SHARP_BROAD_LANDSCAPE.test).describe('the "test" loss: the training loss shifted, or an expression'),
  domain: z.array(intervalSchema).min(1).max(2).default(SHARP_BROAD_LANDSCAPE.domain)
    .describe('a box per variable: the quadrature domain of the Gibbs theory and the region replicas start in; L must confine the dynamics to it'),
  n: z.int().min(3).describe('number of examples N'),
  noise: z.strictObject({
    variance: z.number().positive().describe('σ²: per-example gradient offsets have covariance σ² I'),
  }),
});
export type PotentialSpec = z.infer<typeof potentialSpecSchema>;

export class PotentialLoss implements Loss {
  readonly kind = 'potential';
  /** ℓ_i(ω) = L(ω) + a_iᵀω: the offsets a_i do not depend on ω */
  readonly noise = 'additive';
  readonly dim: number;
  readonly n: number;
  readonly sigma2: number;
  /** a_i, N×d row-major: ∇ℓ_i(ω) = ∇L(ω) + a_i */
  readonly offsets: Float64Array;
  readonly train: CompiledExpression;
  readonly testFn: (x: number, y: number) => number;
  readonly domain: [number, number][];

  constructor(spec: PotentialSpec, offsets: Float64Array) {
    this.dim = spec.variables.length;
    this.n = spec.n;
    this.sigma2 = spec.noise.variance;
    this.offsets = offsets;
    this.domain = spec.domain.map((b) => [b[0], b[1]] as [number, number]);
    this.train = compileExpression(spec.loss, spec.variables);
    if ('shift' in spec.test) {
      const f = this.train.value;
      const sx = spec.test.shift[0];
      const sy = spec.test.shift[1] ?? 0;
      this.testFn = (x, y) => f(x - sx, y - sy);
    } else {
      this.testFn = compileExpression(spec.test.loss, spec.variables).value;
    }
  }

  loss(w: Float64Array): number {
    return this.train.value(w[0], this.dim > 1 ? w[1] : 0); // Σ a_iᵀω = 0
  }

  /** The test loss at ω. */
  testLoss(w: Float64Array): number {
    return this.testFn(w[0], this.dim > 1 ? w[1] : 0);
  }

  gradient(w: Float64Array, out: Float64Array): void {
    this.train.gradient(w[0], this.dim > 1 ? w[1] : 0, out);
  }

  batchGradient(w: Float64Array, indices: Int32Array, count: number, out: Float64Array): void {
    this.train.gradient(w[0], this.dim > 1 ? w[1] : 0, out);
    const a = this.offsets;
    const inv = 1 / count;
    if (this.dim === 1) {
      let s = 0;
      for (let k = 0; k < count; k++) s += a[indices[k]];
      out[0] += s * inv;
    } else {
      let sx = 0;
      let sy = 0;
      for (let k = 0; k < count; k++) {
        const row = indices[k] << 1;
        sx += a[row];
        sy += a[row + 1];
      }
      out[0] += sx * inv;
      out[1] += sy * inv;
    }
  }

  exampleGradients(w: Float64Array, out: Float64Array): void {
    const d = this.dim;
    const g = new Float64Array(d);
    this.gradient(w, g);
    for (let i = 0; i < this.n; i++) for (let j = 0; j < d; j++) out[i * d + j] = g[j] + this.offsets[i * d + j];
  }

  weightedGradientSum(w: Float64Array, z: Float64Array, out: Float64Array): void {
    const d = this.dim;
    let zsum = 0;
    for (let i = 0; i < this.n; i++) zsum += z[i];
    this.gradient(w, out);
    for (let j = 0; j < d; j++) out[j] *= zsum;
    for (let i = 0; i < this.n; i++) for (let j = 0; j < d; j++) out[j] += z[i] * this.offsets[i * d + j];
  }

  hessian(w: Float64Array): Float64Array {
    const out = new Float64Array(this.dim * this.dim);
    this.train.hessian(w[0], this.dim > 1 ? w[1] : 0, out);
    return out;
  }

  /** S = σ² I by construction, whatever ω. */
  constantGradientCovariance(): Float64Array {
    const d = this.dim;
    const s = new Float64Array(d * d);
    for (let j = 0; j < d; j++) s[j * d + j] = this.sigma2;
    return s;
  }
}

export function buildPotential(spec: PotentialSpec, seed: number): PotentialLoss {
  const d = spec.variables.length;
  const a = new Float64Array(spec.n * d);
  rngFor(seed, 'model-potential').fillNormal(a);
  whiten(a, spec.n, d); // centred, (1/N) Σ a aᵀ = I exactly
  const sigma = Math.sqrt(spec.noise.variance);
  for (let k = 0; k < a.length; k++) a[k] *= sigma;
  return new PotentialLoss(spec, a);
}

export function potentialChecks(spec: PotentialSpec, path: string): InputProblem[] {
  const problems: InputProblem[] = [];
  const d = spec.variables.length;
  problems.push(...expressionProblems(spec.loss, spec.variables, `${path}.loss`));
  if ('loss' in spec.test) problems.push(...expressionProblems(spec.test.loss, spec.variables, `${path}.test.loss`));
  else if (spec.test.shift.length !== d) {
    problems.push({ path: `${path}.test.shift`, message: `must have ${d} component(s), one per variable`, value: `[${spec.test.shift.length} values]` });
  }
  if (spec.domain.length !== d) {
    problems.push({ path: `${path}.domain`, message: `must give ${d} interval(s), one per variable`, value: `[${spec.domain.length} intervals]` });
  }
  spec.domain.forEach((b, i) => {
    if (!(b[0] < b[1])) problems.push({ path: `${path}.domain[${i}]`, message: 'low must be below high', value: `[${b[0]}, ${b[1]}]` });
  });
  if (spec.n <= d) problems.push({ path: `${path}.n`, message: `must exceed the dimension ${d} (the offsets are whitened exactly)`, value: spec.n });
  problems.push(...sizeProblems(`${path}.n`, spec.n, spec.n * d, 'the N×d gradient offsets'));
  if (problems.length === 0) {
    // only a well-formed landscape can be evaluated: finite (with its gradient) on the whole domain
    problems.push(...finiteOnDomainProblems(spec.loss, spec.variables, spec.domain, `${path}.loss`, `${path}.domain`, { gradient: true }));
    if ('loss' in spec.test) problems.push(...finiteOnDomainProblems(spec.test.loss, spec.variables, spec.domain, `${path}.test.loss`, `${path}.domain`));
    else if (problems.length === 0) problems.push(...finiteOnDomainProblems(spec.loss, spec.variables, spec.domain, `${path}.test.shift`, `${path}.domain shifted by test.shift`, { shift: spec.test.shift }));
  }
  return problems;
}

export const potentialModel: ModelFactory<PotentialSpec, PotentialLoss, typeof potentialSpecSchema> = {
  // d: the variables listed (the default landscape is 2-D)
  size: (raw) => ({ n: numberField(raw, 'n'), d: Array.isArray(raw.variables) ? raw.variables.length : 2 }),
  kind: 'potential',
  capabilities: { data: 'finite', exactNoiseScale: true, knownMinimum: false },
  schema: potentialSpecSchema,
  checks: (spec, _baseDir, path) => potentialChecks(spec, path),
  build: (spec, ctx) => buildPotential(spec, ctx.seed),
};
