/**
 * The unbiased two-batch estimator of the gradient noise scale (McCandlish et al. 2018, App. A;
 * docs/theory.md §9). A minibatch gradient G_B has E|G_B|² = |G|² + c_B tr S, with c_B = 1/B for B
 * i.i.d. examples (c_B = (N−B)/(B(N−1)) for a uniform B-subset). From one small and one big batch:
 *
 *     |G|²  ≈ (c_s |G_big|² − c_b |G_small|²) / (c_s − c_b)
 *     tr S  ≈ (|G_small|² − |G_big|²) / (c_s − c_b)
 *
 * both unbiased (with c = 1/B these are App. A's (B_big|G_big|² − B_small|G_small|²)/(B_big − B_small)
 * and (|G_small|² − |G_big|²)/(1/B_small − 1/B_big)). B_simple = tr S/|G|² is estimated as the
 * ratio of the two means over K pairs (the ratio of single-pair estimates is heavy-tailed), with the
 * delta-method standard error
 *     Var(R̂) ≈ (Var s − 2R Cov(s, g) + R² Var g) / (K ḡ²),
 * valid for independent pairs (fixed ω); along training, pairs from different steps are treated as
 * independent, which holds to the extent ω moves little within the window.
 * `biasCorrected: false` is the twin that drops the correction (|G|² ≈ |G_big|²): it overestimates
 * |G|² by c_b tr S and must fail when B_big is not ≫ B_simple.
 */
export interface TwoBatchEstimate {
  pairs: number;
  gradientNormSq: number;
  traceS: number;
  bSimple: number;
  bSimpleStdError: number;
}

export class TwoBatchEstimator {
  private k = 0;
  private sumS = 0;
  private sumG = 0;
  private sumSS = 0;
  private sumGG = 0;
  private sumSG = 0;

  /**
   * @param cSmall noise factor of the small batch (1/B_small with replacement)
   * @param cBig noise factor of the big batch (smaller than cSmall)
   */
  constructor(readonly cSmall: number, readonly cBig: number, readonly biasCorrected = true) {
    if (!(cSmall > cBig && cBig >= 0)) throw new RangeError(`need c_small > c_big ≥ 0, got ${cSmall} and ${cBig}`);
  }

  /** One pair: squared norms of a small-batch and of a big-batch mean gradient at (nearly) the same ω. */
  add(normSqSmall: number, normSqBig: number): void {
    const span = this.cSmall - this.cBig;
    const s = (normSqSmall - normSqBig) / span;
    const g = this.biasCorrected ? (this.cSmall * normSqBig - this.cBig * normSqSmall) / span : normSqBig;
    this.k++;
    this.sumS += s;
    this.sumG += g;
    this.sumSS += s * s;
    this.sumGG += g * g;
    this.sumSG += s * g;
  }

  get pairs(): number {
    return this.k;
  }

  estimate(): TwoBatchEstimate {
    const k = this.k;
    const s = this.sumS / k;
    const g = this.sumG / k;
    const r = s / g;
    const vs = k > 1 ? (this.sumSS - k * s * s) / (k - 1) : NaN;
    const vg = k > 1 ? (this.sumGG - k * g * g) / (k - 1) : NaN;
    const csg = k > 1 ? (this.sumSG - k * s * g) / (k - 1) : NaN;
    const varR = (vs - 2 * r * csg + r * r * vg) / (k * g * g);
    return { pairs: k, gradientNormSq: g, traceS: s, bSimple: r, bSimpleStdError: Math.sqrt(Math.max(varR, 0)) };
  }
}

/** |x|² of a d-vector. */
export function normSq(x: Float64Array): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j] * x[j];
  return s;
}
