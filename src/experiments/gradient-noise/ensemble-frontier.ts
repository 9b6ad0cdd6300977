import type { LinearRegressionLoss } from '../../models/linear-regression.js';

/**
 * Exact first and second moments of minibatch SGD on least squares, and the steps/examples
 * frontier they imply: a deterministic check that separates McCandlish's approximation from our
 * measurement of it (docs/theory.md §9).
 *
 * Least squares L(ω) = (1/2N) Σ (x_iᵀω − y_i)², G(ω) = Hω − b, H = XᵀX/N. One step with a
 * minibatch of noise factor c (1/B with replacement, (N−B)/(B(N−1)) without; both exact):
 *     ω' = ω − ε ĝ,  E[ĝ | ω] = G(ω),  Cov[ĝ | ω] = c Σ(ω),  Σ(ω) = (1/N) Σ x_i x_iᵀ r_i² − G Gᵀ.
 * With m = E ω and C = Cov ω over the runs (ε the same in every run):
 *     m' = m − ε G(m),     C' = (I − εH) C (I − εH) + ε² c E Σ,
 *     E Σ = (1/N) Σ x_i x_iᵀ (r_i(m)² + x_iᵀ C x_i) − G(m)G(m)ᵀ − H C H,
 *     E L = L(m) + ½ tr(H C).
 * No approximation: the recursion is exact for any deterministic ε schedule.
 *
 * The schedule used here is McCandlish's optimal step applied to the ensemble: ε maximises the
 * decrease of E L in one step,
 *     ε = E|G|² / (E GᵀHG + c tr(H E Σ)),  E|G|² = |G(m)|² + tr(H C H), E GᵀHG = G(m)ᵀHG(m) + tr(H³C),
 * and the ensemble's B_noise is tr(H E Σ)/E GᵀHG. The measured frontier instead takes the
 * optimal step at each run's own ω (cells.ts): the two differ only in the step rule and in
 * mean-of-first-passage versus first-passage-of-the-mean. `fractionalSteps` interpolates ln(E L − L*)
 * linearly between the two steps around the target, removing the integer rounding of S.
 * Cost O(N d² + d³) per step; buffers are allocated once per call.
 */
export interface EnsembleSteps {
  batchSize: number;
  /** first step with E L ≤ target (maxSteps + 1 when not reached) */
  steps: number;
  fractionalSteps: number;
  /** step-average of the ensemble's B_noise = tr(H E Σ)/E GᵀHG over the steps taken */
  meanBNoise: number;
}

export class LeastSquaresMoments {
  readonly mean: Float64Array;
  readonly cov: Float64Array;
  private readonly h: Float64Array;
  private readonly g: Float64Array;
  private readonly hg: Float64Array;
  private readonly es: Float64Array;
  private readonly hc: Float64Array;
  private readonly tmp: Float64Array;
  private readonly cx: Float64Array;
  /** after `noise()`: E|G|², E GᵀHG and tr(H E Σ) at the current moments */
  gradientNormSq = 0;
  gHg = 0;
  traceHS = 0;

  /**
   * `noiseAtMean` (for the twin test only) replaces E Σ by Σ(m), the noise at the mean iterate:
   * wrong whenever the runs have spread (C ≠ 0).
   */
  constructor(private readonly loss: LinearRegressionLoss, start: Float64Array, private readonly noiseAtMean = false) {
    const d = loss.dim;
    this.mean = Float64Array.from(start);
    this.cov = new Float64Array(d * d);
    this.h = loss.hessian();
    this.g = new Float64Array(d);
    this.hg = new Float64Array(d);
    this.es = new Float64Array(d * d);
    this.hc = new Float64Array(d * d);
    this.tmp = new Float64Array(d * d);
    this.cx = new Float64Array(d);
  }

  expectedLoss(): number {
    const d = this.loss.dim;
    multiply(this.h, this.cov, this.hc, d);
    let tr = 0;
    for (let i = 0; i < d; i++) tr += this.hc[i * d + i];
    return this.loss.loss(this.mean) + 0.5 * tr;
  }

  /** E Σ and the scalars of the optimal step at the current moments. */
  noise(): void {
    const { loss, h, g, hg, es, hc, tmp, cx, mean, cov } = this;
    const { n, dim: d, x, y } = loss;
    loss.gradient(mean, g);
    es.fill(0);
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let r = -y[i];
      for (let j = 0; j < d; j++) r += x[row + j] * mean[j];
      let xcx = 0;
      if (!this.noiseAtMean) for (let a = 0; a < d; a++) {
        let s = 0;
        for (let b = 0; b < d; b++) s += cov[a * d + b] * x[row + b];
        cx[a] = s;
        xcx += x[row + a] * s;
      }
      const weight = (r * r + xcx) / n;
      for (let a = 0; a < d; a++) {
        const xa = x[row + a] * weight;
        for (let b = 0; b < d; b++) es[a * d + b] += xa * x[row + b];
      }
    }
    multiply(h, cov, hc, d); // HC
    multiply(hc, h, tmp, d); // HCH
    const hch = this.noiseAtMean ? 0 : 1;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) es[a * d + b] -= g[a] * g[b] + hch * tmp[a * d + b];
    let trHCH = 0;
    for (let i = 0; i < d; i++) trHCH += tmp[i * d + i];
    multiply(h, tmp, hc, d); // H·HCH = H²CH: trace = tr(H³C)
    let trH3C = 0;
    for (let i = 0; i < d; i++) trH3C += hc[i * d + i];
    multiply(h, es, tmp, d);
    let trHS = 0;
    for (let i = 0; i < d; i++) trHS += tmp[i * d + i];
    let gg = 0;
    let gHg = 0;
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let b = 0; b < d; b++) s += h[a * d + b] * g[b];
      hg[a] = s;
      gg += g[a] * g[a];
      gHg += g[a] * s;
    }
    this.gradientNormSq = gg + trHCH;
    this.gHg = gHg + trH3C;
    this.traceHS = trHS;
  }

  /** The ε that maximises the one-step decrease of E L (call `noise()` first). */
  optimalLr(c: number): number {
    return this.gradientNormSq / (this.gHg + c * this.traceHS);
  }

  /** One SGD step of size lr with noise factor c (call `noise()` first). */
  step(lr: number, c: number): void {
    const { h, g, es, cov, tmp, hc, mean } = this;
    const d = this.loss.dim;
    for (let j = 0; j < d; j++) mean[j] -= lr * g[j];
    // A = I − εH; C' = A C A + ε² c EΣ
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) hc[i * d + j] = (i === j ? 1 : 0) - lr * h[i * d + j];
    multiply(hc, cov, tmp, d);
    multiply(tmp, hc, cov, d);
    const k = lr * lr * c;
    for (let i = 0; i < d * d; i++) cov[i] += k * es[i];
  }
}

export function ensembleStepsToTarget(loss: LinearRegressionLoss, start: Float64Array, target: number, lStar: number, batchSize: number, c: number, maxSteps: number): EnsembleSteps {
  const moments = new LeastSquaresMoments(loss, start);
  let previous = moments.expectedLoss();
  let sumB = 0;
  for (let t = 0; t < maxSteps; t++) {
    moments.noise();
    sumB += moments.traceHS / moments.gHg;
    moments.step(moments.optimalLr(c), c);
    const value = moments.expectedLoss();
    if (value <= target) {
      const a0 = Math.log(previous - lStar);
      const a1 = Math.log(value - lStar);
      const at = Math.log(target - lStar);
      return { batchSize, steps: t + 1, fractionalSteps: t + (a0 - at) / (a0 - a1), meanBNoise: sumB / (t + 1) };
    }
    previous = value;
  }
  return { batchSize, steps: maxSteps + 1, fractionalSteps: NaN, meanBNoise: sumB / maxSteps };
}

/** out = A·B for d×d row-major matrices (out must not alias A or B). */
function multiply(a: Float64Array, b: Float64Array, out: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) out[i * d + j] = 0;
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k];
      if (aik === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j] += aik * b[k * d + j];
    }
  }
}
