import { z } from 'zod';
import type { Loss, HasMinimum } from './loss.js';
import type { ModelFactory } from './model-factory.js';
import type { Dataset } from '../data/dataset.js';
import { appendBias } from '../data/design-matrix.js';
import { binaryDataChecks, binaryDataSchema, loadBinaryData } from '../data/binary-source.js';
import { sigmoid, sigmoidDerivative, logisticCrossEntropy } from './logistic/link.js';
import { gramRows } from '../linalg/gram.js';
import { createLogisticMinimizer } from './logistic/minimizer.js';
import { NumericalError } from '../errors.js';
import { csvShape, isObject } from './model-size.js';

/**
 * Binary logistic regression with a bias (Smith & Le 2017 §3). The inputs get a constant-1
 * feature, so d = features + 1 and the bias is weight d−1.
 *
 * Loss (docs/theory.md §1): the paper's summed cost C(ω) = Σ_i ℓ_i(ω) + (λ/2)|ω|² with
 * ℓ_i = ln(1 + e^{z_i}) − y_i z_i, z_i = x_i·ω; the Loss is its mean L = C/N, i.e. mean
 * cross-entropy + (λ/(2N))|ω|² (weight decay wd = λ/N). The bias is regularised like every other
 * weight: the paper regularises all weights, and the Laplace evidence needs a proper prior on every
 * parameter (an unregularised bias has a flat prior and no finite evidence).
 *
 * Per-example losses carry the regulariser too, ℓ̃_i = ℓ_i + (λ/(2N))|ω|², so that L is exactly
 * their mean and every gradient method (full, batch, per-example, weighted sum) agrees; the
 * shared λω/N shifts all per-example gradients alike and leaves their covariance S unchanged.
 */
export const logisticRegressionSpecSchema = z.strictObject({
  kind: z.literal('logistic-regression'),
  lambda: z.number().min(0).describe('L2 coefficient λ in the summed convention (prior precision): C = Σ ℓ_i + (λ/2)|ω|², L = C/N; the bias is regularised too'),
  data: binaryDataSchema,
});
export type LogisticRegressionSpec = z.infer<typeof logisticRegressionSpecSchema>;

export class LogisticRegressionLoss implements Loss, HasMinimum {
  readonly kind = 'logistic-regression';
  /** ∇ℓ_i(ω) = (σ(x_iᵀω) − y_i) x_i: depends on ω through σ */
  readonly noise = 'general';
  readonly dim: number;
  readonly n: number;
  /** N×d inputs with the bias column */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly lambda: number;
  private readonly wd: number;
  private readonly margin: Float64Array;
  private cachedMinimum: Float64Array | null = null;

  /** `data` holds the features without the bias; labels must be 0 or 1. */
  constructor(data: Dataset, lambda: number) {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`lambda must be a finite number ≥ 0, got ${lambda}`);
    const withBias = appendBias(data);
    this.n = withBias.n;
    this.dim = withBias.d;
    this.x = withBias.x;
    this.y = data.y;
    this.lambda = lambda;
    this.wd = lambda / this.n;
    this.margin = new Float64Array(this.n);
  }

  /** z_i = x_i·ω for every training example, into the scratch buffer. */
  private margins(w: Float64Array): Float64Array {
    const { n, dim: d, x, margin } = this;
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += x[row + j] * w[j];
      margin[i] = s;
    }
    return margin;
  }

  loss(w: Float64Array): number {
    const z = this.margins(w);
    let s = 0;
    for (let i = 0; i < this.n; i++) s += logisticCrossEntropy(z[i], this.y[i]);
    return s / this.n + 0.5 * this.wd * squaredNorm(w);
  }

  gradient(w: Float64Array, out: Float64Array): void {
    const { n, dim: d, x, y, wd } = this;
    const z = this.margins(w);
    for (let j = 0; j < d; j++) out[j] = wd * w[j];
    const inv = 1 / n;
    for (let i = 0; i < n; i++) {
      const r = (sigmoid(z[i]) - y[i]) * inv;
      const row = i * d;
      for (let j = 0; j < d; j++) out[j] += r * x[row + j];
    }
  }

  batchGradient(w: Float64Array, indices: Int32Array, count: number, out: Float64Array): void {
    const { dim: d, x, y, wd } = this;
    for (let j = 0; j < d; j++) out[j] = wd * w[j];
    const inv = 1 / count;
    for (let k = 0; k < count; k++) {
      const row = indices[k] * d;
      let z = 0;
      for (let j = 0; j < d; j++) z += x[row + j] * w[j];
      const r = (sigmoid(z) - y[indices[k]]) * inv;
      for (let j = 0; j < d; j++) out[j] += r * x[row + j];
    }
  }

  exampleGradients(w: Float64Array, out: Float64Array): void {
    const { n, dim: d, x, y, wd } = this;
    const z = this.margins(w);
    for (let i = 0; i < n; i++) {
      const r = sigmoid(z[i]) - y[i];
      const row = i * d;
      for (let j = 0; j < d; j++) out[row + j] = r * x[row + j] + wd * w[j];
    }
  }

  /** Σ z_i ∇ℓ̃_i = Xᵀ(z ∘ r) + (Σ z_i) wd ω: O(N d), no N×d matrix. */
  weightedGradientSum(w: Float64Array, zw: Float64Array, out: Float64Array): void {
    const { n, dim: d, x, y, wd } = this;
    const z = this.margins(w);
    let zsum = 0;
    for (let i = 0; i < n; i++) zsum += zw[i];
    for (let j = 0; j < d; j++) out[j] = zsum * wd * w[j];
    for (let i = 0; i < n; i++) {
      const c = zw[i] * (sigmoid(z[i]) - y[i]);
      if (c === 0) continue;
      const row = i * d;
      for (let j = 0; j < d; j++) out[j] += c * x[row + j];
    }
  }

  /** ∇²L = (1/N) Xᵀ D X + wd I, D = diag(σ(1−σ)); formed as a Gram matrix of (D½X/√N)ᵀ. */
  hessian(w: Float64Array): Float64Array {
    const { n, dim: d, x } = this;
    const z = this.margins(w);
    const t = new Float64Array(d * n);
    for (let i = 0; i < n; i++) {
      const r = Math.sqrt(sigmoidDerivative(z[i]) / n);
      for (let j = 0; j < d; j++) t[j * n + i] = x[i * d + j] * r;
    }
    const h = gramRows(t, d, n);
    for (let j = 0; j < d; j++) h[j * d + j] += this.wd;
    return h;
  }

  /** The unique minimum (λ > 0), by Newton to a gradient near rounding (models/logistic/minimizer.ts). */
  minimum(): Float64Array {
    if (!this.cachedMinimum) {
      if (!(this.lambda > 0)) {
        throw new NumericalError('logistic regression with lambda = 0 has no minimum when the classes are separable; set model.lambda > 0');
      }
      const problem = { n: this.n, d: this.dim, x: this.x, y: this.y };
      this.cachedMinimum = createLogisticMinimizer(problem).minimize(this.lambda, { warmStart: false }).w;
    }
    return Float64Array.from(this.cachedMinimum);
  }

  /** Fraction of examples whose predicted class (z > 0 ⇒ 1) equals the label. */
  accuracy(w: Float64Array): number {
    const z = this.margins(w);
    let ok = 0;
    for (let i = 0; i < this.n; i++) if ((z[i] > 0 ? 1 : 0) === this.y[i]) ok++;
    return ok / this.n;
  }
}

function squaredNorm(w: Float64Array): number {
  let s = 0;
  for (let j = 0; j < w.length; j++) s += w[j] * w[j];
  return s;
}

export const logisticRegressionModel: ModelFactory<LogisticRegressionSpec, LogisticRegressionLoss, typeof logisticRegressionSpecSchema> = {
  // N from the data block (two classes × trainPerClass; mnist's default 400), d = features + 1 (bias)
  size(raw, baseDir) {
    const data = raw.data;
    if (!isObject(data)) return {};
    if (isObject(data.synthetic)) {
      const perClass = data.synthetic.trainPerClass;
      const features = data.synthetic.features;
      return { n: typeof perClass === 'number' ? 2 * perClass : undefined, d: typeof features === 'number' ? features + 1 : undefined };
    }
    if (isObject(data.mnist)) {
      const perClass = data.mnist.trainPerClass ?? 400;
      return { n: typeof perClass === 'number' ? 2 * perClass : undefined, d: 785 };
    }
    const file = csvShape(data.csv, baseDir);
    return { n: file?.n, d: file === undefined ? undefined : file.d + 1 };
  },
  kind: 'logistic-regression',
  capabilities: { data: 'finite', exactNoiseScale: true, knownMinimum: true },
  schema: logisticRegressionSpecSchema,
  checks(spec, baseDir, path) {
    return binaryDataChecks(spec.data, baseDir, `${path}.data`);
  },
  build(spec, ctx) {
    const { train } = loadBinaryData(spec.data, ctx, 'model.data');
    return new LogisticRegressionLoss(train, spec.lambda);
  },
};
