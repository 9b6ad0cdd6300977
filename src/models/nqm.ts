import { z } from 'zod';
import type { OnlineLoss } from './online-loss.js';
import type { ModelFactory } from './model-factory.js';
import { spectrumSchema, resolveSpectrum } from '../scenario/common.js';
import type { InputProblem } from '../errors.js';
import { numberField } from './model-size.js';

/**
 * The Noisy Quadratic Model (Zhang et al. 2019, "Which Algorithmic Choices Matter at Which Batch
 * Sizes?"; docs/theory.md §3, NQM): L(x) = ½ Σ h_i x_i² with minimum 0 at x = 0, and a
 * minibatch gradient H x + ξ with ξ ~ N(0, C/B), C = diag(c_i). Online (infinite data): there are
 * no examples, each batch's noise is drawn directly; one example's loss is ½ xᵀHx + ζᵀx with
 * ζ ~ N(0, C), whose mean is L and whose gradient noise is ζ (additive: independent of x). The
 * paper's choice is h_i = 1/i and C = H (the gradient covariance approximates the Fisher, which
 * approximates the Hessian). Everything is diagonal, so a step costs O(d) and d = 10⁶ is fine.
 */
export const nqmSpecSchema = z.strictObject({
  kind: z.literal('nqm'),
  dim: z.int().min(1).max(10_000_000).describe('dimension d'),
  spectrum: spectrumSchema.default({ powerLaw: { exponent: 1, scale: 1 } }).describe('curvatures h_i (the diagonal Hessian); default h_i = 1/i, the NQM paper’s'),
  noise: z.union([
    z.literal('hessian').describe('C = H, the NQM paper’s choice'),
    spectrumSchema.describe('the diagonal c_i of C, explicit or a power law'),
  ]).default('hessian').describe('per-example gradient covariance C (diagonal): a batch of B adds noise N(0, C/B)'),
});
export type NqmSpec = z.infer<typeof nqmSpecSchema>;

export class NqmLoss implements OnlineLoss {
  readonly kind = 'nqm';
  readonly data = 'online';
  readonly noise = 'additive';
  readonly dim: number;
  readonly curvature: Float64Array;
  readonly noiseVariance: Float64Array;

  constructor(curvature: Float64Array, noiseVariance: Float64Array) {
    if (curvature.length !== noiseVariance.length) throw new RangeError(`NQM: ${curvature.length} curvatures but ${noiseVariance.length} noise variances`);
    for (const h of curvature) if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`NQM curvatures must be positive and finite (got ${h})`);
    for (const c of noiseVariance) if (!(c >= 0) || !Number.isFinite(c)) throw new RangeError(`NQM noise variances must be non-negative and finite (got ${c})`);
    this.dim = curvature.length;
    this.curvature = curvature;
    this.noiseVariance = noiseVariance;
  }

  loss(w: Float64Array): number {
    const h = this.curvature;
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += h[i] * w[i] * w[i];
    return 0.5 * s;
  }

  gradient(w: Float64Array, out: Float64Array): void {
    const h = this.curvature;
    for (let i = 0; i < this.dim; i++) out[i] = h[i] * w[i];
  }

  batchGradient(w: Float64Array, batchSize: number, z: Float64Array, out: Float64Array): void {
    const h = this.curvature, c = this.noiseVariance;
    const inv = 1 / batchSize;
    for (let i = 0; i < this.dim; i++) out[i] = h[i] * w[i] + Math.sqrt(c[i] * inv) * z[i];
  }

  minimum(): Float64Array {
    return new Float64Array(this.dim);
  }
}

export function buildNqm(spec: NqmSpec): NqmLoss {
  const h = resolveSpectrum(spec.spectrum, spec.dim);
  const c = spec.noise === 'hessian' ? Float64Array.from(h) : resolveSpectrum(spec.noise, spec.dim);
  return new NqmLoss(h, c);
}

export const nqmModel: ModelFactory<NqmSpec, NqmLoss, typeof nqmSpecSchema> = {
  kind: 'nqm',
  capabilities: { data: 'online', exactNoiseScale: true, knownMinimum: true },
  schema: nqmSpecSchema,
  // online: no finite N (B is not bounded by a training set)
  size: (raw) => ({ d: numberField(raw, 'dim') }),
  checks(spec, _baseDir, path) {
    const problems: InputProblem[] = [];
    if (Array.isArray(spec.spectrum) && spec.spectrum.length !== spec.dim) problems.push({ path: `${path}.spectrum`, message: `must list exactly dim = ${spec.dim} curvatures`, value: `[${spec.spectrum.length} values]` });
    if (Array.isArray(spec.noise) && spec.noise.length !== spec.dim) problems.push({ path: `${path}.noise`, message: `must list exactly dim = ${spec.dim} variances`, value: `[${spec.noise.length} values]` });
    return problems;
  },
  build: (spec) => buildNqm(spec),
};
