import { z } from 'zod';
import type { Loss, HasMinimum, ExactStationaryHook } from './loss.js';
import type { ModelFactory } from './model-factory.js';
import { spectrumSchema, resolveSpectrum } from '../scenario/common.js';
import { rngFor } from '../rng/streams.js';
import { whiten } from '../linalg/whiten.js';
import { randomOrthogonal } from '../linalg/random-orthogonal.js';
import type { InputProblem } from '../errors.js';
import { sizeProblems } from '../scenario/limits.js';
import { numberField } from './model-size.js';

/**
 * N examples ℓ_i(ω) = ½ (ω − c_i)ᵀ H (ω − c_i) with Σ c_i = 0: the mean loss is a quadratic with
 * minimum 0, and every example's gradient H ω − b_i (b_i = H c_i) differs from the mean by a
 * constant: additive, state-independent minibatch noise with covariance c(N,B)·S,
 * S = (1/N) Σ b_i b_iᵀ. The b_i are centred and whitened exactly, so S is exactly σ² I
 * ('isotropic') or σ² H ('hessian'). H is diagonal (the eigenbasis) unless `rotate` asks for a
 * random orthogonal basis.
 */
export const quadraticSpecSchema = z.strictObject({
  kind: z.literal('quadratic'),
  dim: z.int().min(1).max(512).describe('dimension d'),
  n: z.int().min(2).describe('number of examples N (must exceed d so the noise can be whitened exactly)'),
  spectrum: spectrumSchema.describe('eigenvalues of the Hessian H'),
  noise: z.strictObject({
    shape: z.enum(['isotropic', 'hessian']).default('isotropic').describe('S = σ² I or S = σ² H'),
    variance: z.number().positive().default(1).describe('σ²'),
  }).default({ shape: 'isotropic', variance: 1 }),
  rotate: z.boolean().default(false).describe('use a random orthogonal eigenbasis instead of the coordinate axes'),
});
export type QuadraticSpec = z.infer<typeof quadraticSpecSchema>;

export class QuadraticLoss implements Loss, HasMinimum {
  readonly kind = 'quadratic';
  /** ∇ℓ_i(ω) − ∇L(ω) = −b_i + mean b: independent of ω */
  readonly noise = 'additive';
  readonly dim: number;
  readonly n: number;
  /** H, d×d row-major */
  readonly h: Float64Array;
  /** eigenvalues of H (the spectrum) and eigenvectors (columns, row-major) */
  readonly eigenvalues: Float64Array;
  readonly eigenvectors: Float64Array;
  /** b_i = H c_i, N×d row-major: ∇ℓ_i(ω) = H ω − b_i */
  readonly offsets: Float64Array;
  /** S = (1/N) Σ b_i b_iᵀ, exact by construction */
  readonly noiseCovariance: Float64Array;
  private readonly diagonal: boolean;
  private readonly lossAtMinimum: number;

  constructor(eigenvalues: Float64Array, eigenvectors: Float64Array | null, offsets: Float64Array, n: number) {
    const d = eigenvalues.length;
    this.dim = d;
    this.n = n;
    this.eigenvalues = eigenvalues;
    this.diagonal = eigenvectors === null;
    this.eigenvectors = eigenvectors ?? identity(d);
    this.h = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += this.eigenvectors[i * d + k] * eigenvalues[k] * this.eigenvectors[j * d + k];
        this.h[i * d + j] = s;
      }
    this.offsets = offsets;
    this.noiseCovariance = new Float64Array(d * d);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < d; a++)
        for (let b = 0; b < d; b++) this.noiseCovariance[a * d + b] += (offsets[i * d + a] * offsets[i * d + b]) / n;
    // L* = (1/N) Σ ½ c_iᵀ H c_i = (1/N) Σ ½ b_iᵀ H⁻¹ b_i
    let lstar = 0;
    for (let i = 0; i < n; i++)
      for (let k = 0; k < d; k++) {
        let proj = 0;
        for (let a = 0; a < d; a++) proj += this.eigenvectors[a * d + k] * offsets[i * d + a];
        lstar += (0.5 * proj * proj) / eigenvalues[k] / n;
      }
    this.lossAtMinimum = lstar;
  }

  exactStationary(): ExactStationaryHook {
    return { family: 'quadratic-additive' };
  }

  minimum(): Float64Array {
    return new Float64Array(this.dim);
  }

  private hTimes(w: Float64Array, out: Float64Array): void {
    const d = this.dim;
    if (this.diagonal) {
      for (let j = 0; j < d; j++) out[j] = this.eigenvalues[j] * w[j];
      return;
    }
    for (let i = 0; i < d; i++) {
      let s = 0;
      const ri = i * d;
      for (let j = 0; j < d; j++) s += this.h[ri + j] * w[j];
      out[i] = s;
    }
  }

  loss(w: Float64Array): number {
    const d = this.dim;
    let s = 0;
    if (this.diagonal) for (let j = 0; j < d; j++) s += this.eigenvalues[j] * w[j] * w[j];
    else for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) s += w[i] * this.h[i * d + j] * w[j];
    return 0.5 * s + this.lossAtMinimum;
  }

  gradient(w: Float64Array, out: Float64Array): void {
    this.hTimes(w, out); // mean of b_i is 0
  }

  batchGradient(w: Float64Array, indices: Int32Array, count: number, out: Float64Array): void {
    const d = this.dim;
    this.hTimes(w, out);
    const inv = 1 / count;
    const b = this.offsets;
    for (let k = 0; k < count; k++) {
      const row = indices[k] * d;
      for (let j = 0; j < d; j++) out[j] -= inv * b[row + j];
    }
  }

  exampleGradients(w: Float64Array, out: Float64Array): void {
    const d = this.dim;
    const hw = new Float64Array(d);
    this.hTimes(w, hw);
    for (let i = 0; i < this.n; i++) for (let j = 0; j < d; j++) out[i * d + j] = hw[j] - this.offsets[i * d + j];
  }

  weightedGradientSum(w: Float64Array, z: Float64Array, out: Float64Array): void {
    const d = this.dim;
    let zsum = 0;
    for (let i = 0; i < this.n; i++) zsum += z[i];
    this.hTimes(w, out);
    for (let j = 0; j < d; j++) out[j] *= zsum;
    for (let i = 0; i < this.n; i++) {
      const zi = z[i];
      const row = i * d;
      for (let j = 0; j < d; j++) out[j] -= zi * this.offsets[row + j];
    }
  }

  hessian(): Float64Array {
    return Float64Array.from(this.h);
  }

  /** The noise is additive: S does not depend on ω. */
  constantGradientCovariance(): Float64Array {
    return this.noiseCovariance;
  }
}

export function buildQuadratic(spec: QuadraticSpec, seed: number): QuadraticLoss {
  const d = spec.dim;
  const n = spec.n;
  const lambda = resolveSpectrum(spec.spectrum, d);
  const rng = rngFor(seed, 'model-quadratic');
  const vectors = spec.rotate ? randomOrthogonal(d, rng) : null;
  // a_i ~ N(0, I), centred and whitened so (1/N) Σ a_i a_iᵀ = I exactly
  const a = new Float64Array(n * d);
  rng.fillNormal(a);
  whiten(a, n, d);
  // b_i = σ a_i (isotropic) or σ H^{1/2} a_i (hessian-shaped), in the basis V
  const sigma = Math.sqrt(spec.noise.variance);
  const b = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < d; k++) {
      const coef = sigma * a[i * d + k] * (spec.noise.shape === 'hessian' ? Math.sqrt(lambda[k]) : 1);
      if (vectors) for (let j = 0; j < d; j++) b[i * d + j] += vectors[j * d + k] * coef;
      else b[i * d + k] = coef;
    }
  return new QuadraticLoss(lambda, vectors, b, n);
}

function identity(d: number): Float64Array {
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) m[i * d + i] = 1;
  return m;
}

export const quadraticModel: ModelFactory<QuadraticSpec, QuadraticLoss, typeof quadraticSpecSchema> = {
  kind: 'quadratic',
  capabilities: { data: 'finite', exactNoiseScale: true, knownMinimum: true },
  schema: quadraticSpecSchema,
  size: (raw) => ({ n: numberField(raw, 'n'), d: numberField(raw, 'dim') }),
  checks(spec, _baseDir, path) {
    const problems: InputProblem[] = [];
    if (Array.isArray(spec.spectrum) && typeof spec.dim === 'number' && spec.spectrum.length !== spec.dim) {
      problems.push({ path: `${path}.spectrum`, message: `must list exactly dim = ${spec.dim} eigenvalues`, value: `[${spec.spectrum.length} values]` });
    }
    if (spec.n <= spec.dim) problems.push({ path: `${path}.n`, message: `must exceed dim = ${spec.dim} (the noise offsets are whitened exactly)`, value: spec.n });
    problems.push(...sizeProblems(`${path}.n`, spec.n, spec.n * spec.dim, 'the N×d noise offsets'));
    return problems;
  },
  build: (spec, ctx) => buildQuadratic(spec, ctx.seed),
};
