/**
 * Exact solver for the diagonal linear SDE with additive noise
 *
 *   dX_i = −a_i X_i dt + b_i dW_i,   a_i ≥ 0,
 *
 * driven by a given Brownian path. Over a step h the solution is
 * X(t+h) = e^{−ah} X(t) + b I,  I = ∫_t^{t+h} e^{−a(t+h−s)} dW_s,
 * and (ΔW, I) is a Gaussian pair: Var ΔW = h, Var I = (1 − e^{−2ah})/(2a),
 * Cov(ΔW, I) = (1 − e^{−ah})/a. The caller supplies ΔW = √h z as the standard normals z (so
 * another scheme — SGD, Euler–Maruyama — can be driven by the same increments) and independent
 * standard normals r for the part of I that ΔW does not determine: I = β ΔW + ρ r, β = Cov/h,
 * ρ² = Var I − Cov²/h.
 *
 * Order: exact. Strong error 0 at the grid points (pathwise, for the Brownian path whose increments
 * and exponentially weighted integrals are the sampled pairs), weak error 0, for any h.
 * Noise: additive, diagonal. Drift: linear, diagonal.
 */
export class DiagonalOuExact {
  readonly dim: number;
  private readonly decay: Float64Array;
  /** b β √h and b ρ: the weights of z and r */
  private readonly zWeight: Float64Array;
  private readonly rWeight: Float64Array;

  constructor(a: ArrayLike<number>, b: ArrayLike<number>, h: number) {
    if (!(h > 0)) throw new RangeError(`step h must be positive (got ${h})`);
    const d = a.length;
    this.dim = d;
    this.decay = new Float64Array(d);
    this.zWeight = new Float64Array(d);
    this.rWeight = new Float64Array(d);
    const sqrtH = Math.sqrt(h);
    for (let i = 0; i < d; i++) {
      const ai = a[i];
      if (!(ai >= 0)) throw new RangeError(`drift rate a[${i}] must be ≥ 0 (got ${ai})`);
      if (ai === 0) {
        this.decay[i] = 1;
        this.zWeight[i] = b[i] * sqrtH;
        continue;
      }
      const u = ai * h;
      const cov = -Math.expm1(-u) / ai;
      const variance = -Math.expm1(-2 * u) / (2 * ai);
      this.decay[i] = Math.exp(-u);
      this.zWeight[i] = (b[i] * cov) / sqrtH;
      // ρ² ≈ a²h³/12 for small ah: the subtraction loses digits there, but ρ² is then a tiny part of Var I
      this.rWeight[i] = b[i] * Math.sqrt(Math.max(0, variance - (cov * cov) / h));
    }
  }

  /**
   * X ← X(t+h) in place, for the Brownian increments ΔW_i = √h z[offset + i] and independent
   * standard normals r[offset + i].
   */
  step(x: Float64Array, z: Float64Array, r: Float64Array, offset = 0): void {
    for (let i = 0; i < this.dim; i++) x[i] = this.decay[i] * x[i] + this.zWeight[i] * z[offset + i] + this.rWeight[i] * r[offset + i];
  }
}
