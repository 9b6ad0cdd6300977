import { activeNativeBlas } from '../linalg/backend.js';
import { z } from 'zod';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Loss, HasMinimum, ExactStationaryHook } from './loss.js';
import type { ModelFactory } from './model-factory.js';
import { spectrumSchema, resolveSpectrum } from '../scenario/common.js';
import { rngFor } from '../rng/streams.js';
import { cholesky, choleskySolve } from '../linalg/cholesky.js';
import type { Dataset } from '../data/dataset.js';
import { readCsvDataset } from '../data/csv.js';
import { InputError, type InputProblem } from '../errors.js';
import { sizeProblems } from '../scenario/limits.js';
import { csvShape, numberField } from './model-size.js';

/**
 * Finite-data least squares, ℓ_i(ω) = ½ (x_iᵀ ω − y_i)²: minibatch noise is state-dependent
 * (it depends on ω), and the exact stationary covariance of discrete SGD is known (docs/theory.md §3).
 * Data are synthetic (Gaussian inputs with a given covariance spectrum, a teacher, label noise)
 * or the user's CSV (header x1..xd,y).
 */
export const linearRegressionSpecSchema = z
  .strictObject({
    kind: z.literal('linear-regression'),
    csv: z.string().min(1).optional().describe('path to a CSV with header x1..xd,y (relative to the scenario file); replaces the synthetic data fields'),
    n: z.int().min(2).optional().describe('number of examples N (synthetic data)'),
    dim: z.int().min(1).max(512).optional().describe('input dimension d (synthetic data)'),
    inputSpectrum: spectrumSchema.optional().describe('eigenvalues of the input covariance, x_i ~ N(0, diag(spectrum)); default 1/k'),
    teacher: z.union([z.literal('random'), z.array(z.number())]).optional().describe("teacher weights, or 'random' (N(0, I), the default)"),
    labelNoise: z.number().min(0).optional().describe('standard deviation of the label noise (default 0.5)'),
  })
  .superRefine((spec, ctx) => {
    const synthetic = ['n', 'dim', 'inputSpectrum', 'teacher', 'labelNoise'] as const;
    if (spec.csv !== undefined) {
      for (const key of synthetic)
        if (spec[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'not allowed together with csv (the data come from the file)' });
    } else {
      for (const key of ['n', 'dim'] as const)
        if (spec[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'required for synthetic data (or give csv)' });
    }
  });
export type LinearRegressionSpec = z.infer<typeof linearRegressionSpecSchema>;

export class LinearRegressionLoss implements Loss, HasMinimum {
  readonly kind = 'linear-regression';
  /** ∇ℓ_i(ω) = x_i (x_iᵀω − y_i): the noise grows with the residuals */
  readonly noise = 'general';
  readonly dim: number;
  readonly n: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  private readonly residualScratch: Float64Array;
  private cachedMinimum: Float64Array | null = null;

  constructor(data: Dataset) {
    this.n = data.n;
    this.dim = data.d;
    this.x = data.x;
    this.y = data.y;
    this.residualScratch = new Float64Array(data.n);
  }

  loss(w: Float64Array): number {
    const { n, dim: d, x, y } = this;
    let s = 0;
    for (let i = 0; i < n; i++) {
      let r = -y[i];
      const row = i * d;
      for (let j = 0; j < d; j++) r += x[row + j] * w[j];
      s += r * r;
    }
    return (0.5 * s) / n;
  }

  gradient(w: Float64Array, out: Float64Array): void {
    const { n, dim: d, x, y } = this;
    out.fill(0);
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let r = -y[i];
      for (let j = 0; j < d; j++) r += x[row + j] * w[j];
      r /= n;
      for (let j = 0; j < d; j++) out[j] += r * x[row + j];
    }
  }

  batchGradient(w: Float64Array, indices: Int32Array, count: number, out: Float64Array): void {
    const { dim: d, x, y } = this;
    out.fill(0);
    const inv = 1 / count;
    for (let k = 0; k < count; k++) {
      const i = indices[k];
      const row = i * d;
      let r = -y[i];
      for (let j = 0; j < d; j++) r += x[row + j] * w[j];
      r *= inv;
      for (let j = 0; j < d; j++) out[j] += r * x[row + j];
    }
  }

  exampleGradients(w: Float64Array, out: Float64Array): void {
    const { n, dim: d, x, y } = this;
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let r = -y[i];
      for (let j = 0; j < d; j++) r += x[row + j] * w[j];
      for (let j = 0; j < d; j++) out[row + j] = r * x[row + j];
    }
  }

  /**
   * Σ z_i r_i x_i: two passes of O(N d), no N×d matrix. On the native backend the two passes are
   * OpenBLAS products (r = X ω − y, then Xᵀ (z∘r)); on wasm, the JS loops below.
   */
  weightedGradientSum(w: Float64Array, z: Float64Array, out: Float64Array): void {
    const { n, dim: d, x, y } = this;
    const zr = this.residualScratch;
    const blas = activeNativeBlas();
    if (blas) {
      for (let i = 0; i < n; i++) zr[i] = -y[i];
      blas.dgemm(0, 0, n, 1, d, 1, x, 0, d, w, 0, 1, 1, zr, 0, 1);
      for (let i = 0; i < n; i++) zr[i] *= z[i];
      blas.dgemm(1, 0, d, 1, n, 1, x, 0, d, zr, 0, 1, 0, out, 0, 1);
      return;
    }
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let r = -y[i];
      for (let j = 0; j < d; j++) r += x[row + j] * w[j];
      zr[i] = z[i] * r;
    }
    out.fill(0);
    for (let i = 0; i < n; i++) {
      const row = i * d;
      const c = zr[i];
      for (let j = 0; j < d; j++) out[j] += c * x[row + j];
    }
  }

  hessian(): Float64Array {
    const { n, dim: d, x } = this;
    const h = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      const row = i * d;
      for (let a = 0; a < d; a++) {
        const xa = x[row + a] / n;
        for (let b = 0; b < d; b++) h[a * d + b] += xa * x[row + b];
      }
    }
    return h;
  }

  /** The OLS solution ω* (normal equations by Cholesky). */
  exactStationary(): ExactStationaryHook {
    return { family: 'least-squares', x: this.x, residuals: (w) => this.residuals(w) };
  }

  minimum(): Float64Array {
    if (this.cachedMinimum) return Float64Array.from(this.cachedMinimum);
    const { n, dim: d, x, y } = this;
    const l = cholesky(this.hessian(), d, 'input second-moment matrix XᵀX/N (the inputs are collinear or N < d)');
    const b = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) b[j] += (x[i * d + j] * y[i]) / n;
    this.cachedMinimum = choleskySolve(l, d, b);
    return Float64Array.from(this.cachedMinimum);
  }

  /** r_i = x_iᵀ ω − y_i */
  residuals(w: Float64Array): Float64Array {
    const { n, dim: d, x, y } = this;
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = -y[i];
      for (let j = 0; j < d; j++) s += x[i * d + j] * w[j];
      r[i] = s;
    }
    return r;
  }
}

/** Synthetic data: x_i ~ N(0, diag(spectrum)), y_i = x_iᵀ w_teacher + σ ξ_i. */
export function syntheticLinearData(spec: LinearRegressionSpec, seed: number): Dataset {
  const n = spec.n!;
  const d = spec.dim!;
  const spec2 = resolveSpectrum(spec.inputSpectrum ?? { powerLaw: { exponent: 1, scale: 1 } }, d);
  const teacherSpec = spec.teacher ?? 'random';
  const labelNoise = spec.labelNoise ?? 0.5;
  const rng = rngFor(seed, 'data-linear-regression');
  const teacher = teacherSpec === 'random' ? Float64Array.from({ length: d }, () => rng.normal()) : Float64Array.from(teacherSpec);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = rng.normal() * Math.sqrt(spec2[j]);
      x[i * d + j] = v;
      s += v * teacher[j];
    }
    y[i] = s + labelNoise * rng.normal();
  }
  return { n, d, x, y };
}

export const linearRegressionModel: ModelFactory<LinearRegressionSpec, LinearRegressionLoss, typeof linearRegressionSpecSchema> = {
  // synthetic: model.n and model.dim; csv: the file's rows and feature columns
  size(raw, baseDir) {
    const n = numberField(raw, 'n'), d = numberField(raw, 'dim');
    const file = n === undefined || d === undefined ? csvShape(raw.csv, baseDir) : undefined;
    return { n: n ?? file?.n, d: d ?? file?.d };
  },
  kind: 'linear-regression',
  capabilities: { data: 'finite', exactNoiseScale: true, knownMinimum: true },
  schema: linearRegressionSpecSchema,
  checks(spec, baseDir, path) {
    const problems: InputProblem[] = [];
    if (spec.csv !== undefined) {
      const file = resolve(baseDir, spec.csv);
      if (!existsSync(file)) {
        problems.push({ path: `${path}.csv`, message: `file not found (${file})`, value: spec.csv });
        return problems;
      }
      // read it now: a malformed file is invalid input, found before any work starts
      try {
        const data = readCsvDataset(file, `${path}.csv`);
        if (data.n <= data.d) problems.push({ path: `${path}.csv`, message: `${spec.csv} has N = ${data.n} rows for d = ${data.d} features: needs more rows than features (otherwise the least-squares minimum is not unique)`, value: spec.csv });
        // values whose squares overflow (|v| > 1e150) make XᵀX infinite: say so, rather than "collinear" later
        let largest = 0;
        for (const v of data.x) largest = Math.max(largest, Math.abs(v));
        for (const v of data.y) largest = Math.max(largest, Math.abs(v));
        if (largest * largest * data.n > Number.MAX_VALUE / 4) problems.push({ path: `${path}.csv`, message: `${spec.csv} has values up to ${largest.toPrecision(3)} in magnitude: their squares summed over N = ${data.n} rows overflow a double (about 1.8e308); rescale the features and labels`, value: spec.csv });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems);
      }
      return problems;
    }
    const dim = typeof spec.dim === 'number' ? spec.dim : undefined;
    if (Array.isArray(spec.inputSpectrum) && dim !== undefined && spec.inputSpectrum.length !== dim)
      problems.push({ path: `${path}.inputSpectrum`, message: `must list exactly dim = ${dim} values`, value: `[${spec.inputSpectrum.length} values]` });
    if (Array.isArray(spec.teacher) && dim !== undefined && spec.teacher.length !== dim)
      problems.push({ path: `${path}.teacher`, message: `must have dim = ${dim} weights`, value: `[${spec.teacher.length} values]` });
    if (spec.n! <= spec.dim!) problems.push({ path: `${path}.n`, message: `must exceed dim = ${spec.dim} (otherwise the least-squares minimum is not unique)`, value: spec.n });
    problems.push(...sizeProblems(`${path}.n`, spec.n, spec.n! * spec.dim!, 'the N×d inputs'));
    return problems;
  },
  build(spec, ctx) {
    const data = spec.csv !== undefined ? readCsvDataset(resolve(ctx.baseDir, spec.csv), 'model.csv') : syntheticLinearData(spec, ctx.seed);
    return new LinearRegressionLoss(data);
  },
};
