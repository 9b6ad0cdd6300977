/**
 * The Noisy Quadratic Model's exact second moments (docs/theory.md §3, NQM; Zhang et al. 2019,
 * "Which Algorithmic Choices Matter at Which Batch Sizes?", §3 and eq. 21): per coordinate i of a
 * diagonal quadratic L(x) = ½ Σ h_i x_i² (minimum 0) with minibatch gradient noise of variance
 * c_i/B, heavy ball in the project's convention (docs/theory.md §1)
 *
 *     v ← m v − ε (h x + ξ),   x ← x + v,    ξ ~ N(0, c/B),
 *
 * i.e. with a = εh and the per-step noise q = ε² c/B:
 *
 *     x' = (1−a) x + m v − εξ,   v' = −a x + m v − εξ.
 *
 * Writing X = E x², V = E v², Z = E xv (x and v have mean 0 when the start is random; from a fixed
 * start the same formulas hold for second moments about 0), the 3×3 linear recursion is
 *
 *     X' = (1−a)² X + m² V + 2(1−a)m Z + q
 *     V' =      a² X + m² V −     2am Z + q
 *     Z' = −a(1−a) X + m² V + (1−2a)m Z + q,
 *
 * (momentStep below, the definition the tests step), with the stationary point
 *     X* = q(1+m) / (a(1−m)(2(1+m) − a)),   V* = 2q / ((1−m)(2(1+m) − a)),   Z* = V* / 2.
 * In closed form, with P = [[X, Z], [Z, V]] and A = [[1−a, m], [−a, m]]: P_t = A^t (P_0 − P*) A^tᵀ + P*,
 * and Cayley–Hamilton gives A^t = U_t A − m U_{t−1} I, U_t = (μ₁^t − μ₂^t)/(μ₁ − μ₂) over the
 * roots μ of μ² − τμ + m (τ = 1 − a + m, μ₁μ₂ = m). With ρ = √m:
 *     real roots (τ² > 4m):    U_t = sign(τ)^{t−1} ρ^{t−1} sinh(t y)/sinh y,  cosh y = |τ|/(2ρ);
 *     complex roots (τ² < 4m): U_t = ρ^{t−1} sin(t θ)/sin θ,                 cos θ = τ/(2ρ);
 * so the first row of A^t is r_t = ((1−a)U_t − m U_{t−1}, m U_t) and X_t = X* + r_t D r_tᵀ,
 * D = P_0 − P* (P_0 = [[X_0, 0], [0, 0]]: the velocity starts at 0). Plain SGD (m = 0):
 * X_t = X* + (1−a)^{2t}(X_0 − X*). Stable iff 0 < a < 2(1+m) for every coordinate (and m < 1).
 * The expected loss is E L_t = ½ Σ h_i X_{i,t}.
 *
 * `lowerBound(t1, t2)` bounds E L_t from below over a range of steps (theory/nqm-steps.ts uses it to
 * find the first step where E L_t reaches a target without stepping every coordinate through every
 * step): SGD terms are single exponentials; heavy ball with well-separated real roots splits into
 * three exponentials with positive bases (μ₁², μ₂², μ₁μ₂ = m), each bounded at one end of the range;
 * every other coordinate (complex or nearly equal roots) is bounded by its amplitude, |r_t D r_tᵀ| ≤ ‖D‖₂|r_t|², |U_t| ≤ t μ_max^{t−1}
 * (and ≤ ρ^{t−1}/|sin θ| for complex roots).
 */

/** The problem: curvatures h_i, per-example gradient-noise variances c_i, and E x_i² at step 0. */
export interface NqmProblem {
  readonly curvature: Float64Array;
  readonly noise: Float64Array;
  /** E x_i² at step 0 (x_i² of a fixed start, or the variance of a random one) */
  readonly start: Float64Array;
}

/** The optimizer: ε, heavy-ball m (0 for plain SGD) and the batch size B (Infinity: noiseless). */
export interface NqmOptimizer {
  readonly lr: number;
  readonly momentum: number;
  readonly batchSize: number;
}

const SGD = 0;
const REAL = 1;
const COMPLEX = 2;
const CRITICAL = 3;
/** heavy ball with real roots this far apart (relative) is split into exponentials for the bound */
const SEPARATED = 0.05;

/** One (E x², E v², E xv) step of the recursion above for one coordinate, in place ([X, V, Z]). */
export function momentStep(state: Float64Array, a: number, m: number, q: number): void {
  const x = state[0], v = state[1], z = state[2];
  state[0] = (1 - a) * (1 - a) * x + m * m * v + 2 * (1 - a) * m * z + q;
  state[1] = a * a * x + m * m * v - 2 * a * m * z + q;
  state[2] = -a * (1 - a) * x + m * m * v + (1 - 2 * a) * m * z + q;
}

/** The stationary (X*, V*, Z*) of one coordinate (a in (0, 2(1+m)), m in [0, 1)). */
export function stationaryMoments(a: number, m: number, q: number): [number, number, number] {
  const den = (1 - m) * (2 * (1 + m) - a);
  const v = (2 * q) / den;
  return [(q * (1 + m)) / (a * den), v, v / 2];
}

/** ln sinh z for z ≥ 0 (−Infinity at 0), without overflow. */
function lnSinh(z: number): number {
  return z > 20 ? z - Math.LN2 + Math.log1p(-Math.exp(-2 * z)) : Math.log(Math.sinh(z));
}

/**
 * The closed form for one (problem, optimizer): per-coordinate constants computed once, then
 * E L_t in O(d) for any t, and a lower bound of E L over a range of steps. No allocation per call.
 */
export class NqmMoments {
  readonly dim: number;
  /** every coordinate's |μ| < 1 (else E L_t grows without bound) */
  readonly stable: boolean;
  /** E L at step 0 and in the limit t → ∞ (the stationary, or steady-state, risk) */
  readonly initialLoss: number;
  readonly stationaryLoss: number;
  private readonly h: Float64Array;
  private readonly kind: Uint8Array;
  private readonly xStar: Float64Array;
  private readonly d11: Float64Array;
  private readonly d12: Float64Array;
  private readonly d22: Float64Array;
  private readonly oneMinusA: Float64Array;
  /** SGD: ln (1−a)²; heavy ball: ln ρ = ½ ln m */
  private readonly lnRate: Float64Array;
  /** y (real roots) or θ (complex roots) */
  private readonly angle: Float64Array;
  /** ln sinh y (real) or sin θ (complex) */
  private readonly angleNorm: Float64Array;
  private readonly sign: Float64Array;
  /** bound data: ½h‖D‖₂ (0 when D ⪰ 0), ln μ_max, 1/|sin θ| (complex; else Infinity), |1−a| + m */
  private readonly amplitude: Float64Array;
  private readonly lnRootMax: Float64Array;
  private readonly invSin: Float64Array;
  /** separated real roots: ½h·(k₁, k₂, k₁₂) on (μ₁², μ₂², m), and ln μ₁, ln μ₂ */
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k12: Float64Array;
  private readonly lnMu1: Float64Array;
  private readonly lnMu2: Float64Array;
  private readonly m: number;
  private readonly lnM: number;

  constructor(problem: NqmProblem, opt: NqmOptimizer) {
    const { curvature: h, noise: c, start } = problem;
    const d = h.length;
    const { lr, momentum: m, batchSize } = opt;
    if (!(lr > 0) || !(m >= 0 && m < 1) || !(batchSize > 0)) throw new RangeError(`NQM closed form needs ε > 0, 0 ≤ m < 1, B > 0 (got ε = ${lr}, m = ${m}, B = ${batchSize})`);
    this.dim = d;
    this.h = h;
    this.m = m;
    this.lnM = Math.log(m);
    const f = () => new Float64Array(d);
    this.kind = new Uint8Array(d);
    this.xStar = f(); this.d11 = f(); this.d12 = f(); this.d22 = f(); this.oneMinusA = f();
    this.lnRate = f(); this.angle = f(); this.angleNorm = f(); this.sign = f();
    this.amplitude = f(); this.lnRootMax = f(); this.invSin = f();
    this.k1 = f(); this.k2 = f(); this.k12 = f(); this.lnMu1 = f(); this.lnMu2 = f();
    let stable = true;
    let l0 = 0;
    let lInf = 0;
    for (let i = 0; i < d; i++) {
      const a = lr * h[i];
      const q = Number.isFinite(batchSize) ? (lr * lr * c[i]) / batchSize : 0;
      this.oneMinusA[i] = 1 - a;
      l0 += 0.5 * h[i] * start[i];
      if (!(a > 0 && a < 2 * (1 + m))) { stable = false; continue; }
      const [xs, vs, zs] = stationaryMoments(a, m, q);
      this.xStar[i] = xs;
      this.d11[i] = start[i] - xs;
      this.d12[i] = -zs;
      this.d22[i] = -vs;
      lInf += 0.5 * h[i] * xs;
      if (m === 0) {
        this.kind[i] = SGD;
        this.lnRate[i] = 2 * Math.log(Math.abs(1 - a));
        continue;
      }
      const tau = 1 - a + m;
      const rho = Math.sqrt(m);
      const disc = tau * tau - 4 * m;
      this.lnRate[i] = Math.log(rho);
      // ‖D‖₂ of the symmetric 2×2 D, and whether D ⪰ 0 (then r D rᵀ ≥ 0 and the bound is 0)
      const tr = this.d11[i] + this.d22[i];
      const det = this.d11[i] * this.d22[i] - this.d12[i] * this.d12[i];
      const half = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
      const psd = tr / 2 - half >= 0;
      this.amplitude[i] = psd ? 0 : 0.5 * h[i] * Math.max(Math.abs(tr / 2 + half), Math.abs(tr / 2 - half));
      this.invSin[i] = Infinity;
      if (disc > 0) {
        const delta = Math.sqrt(disc) / 2;
        const y = Math.asinh(delta / rho);
        this.kind[i] = REAL;
        this.angle[i] = y;
        this.angleNorm[i] = lnSinh(y);
        this.sign[i] = tau >= 0 ? 1 : -1;
        // μ₁ the root of larger modulus (sign of τ), μ₂ = m/μ₁: the product of the roots is m (no cancellation)
        const mu1 = (tau >= 0 ? 1 : -1) * (Math.abs(tau) / 2 + delta);
        const mu2 = m / mu1;
        this.lnRootMax[i] = Math.log(Math.abs(mu1));
        if (!(Math.abs(mu1) < 1)) stable = false;
        if (Math.abs(mu1 - mu2) >= SEPARATED * Math.abs(mu1)) {
          // r1 = α₁μ₁^t + α₂μ₂^t, r2 = γ₁μ₁^t + γ₂μ₂^t (U_t = (μ₁^t − μ₂^t)/(μ₁ − μ₂))
          const gap = mu1 - mu2;
          const al1 = (1 - a - mu2) / gap, al2 = -(1 - a - mu1) / gap;
          const ga1 = m / gap, ga2 = -m / gap;
          const D11 = this.d11[i], D12 = this.d12[i], D22 = this.d22[i];
          const hh = 0.5 * h[i];
          this.k1[i] = hh * (D11 * al1 * al1 + 2 * D12 * al1 * ga1 + D22 * ga1 * ga1);
          this.k2[i] = hh * (D11 * al2 * al2 + 2 * D12 * al2 * ga2 + D22 * ga2 * ga2);
          this.k12[i] = hh * 2 * (D11 * al1 * al2 + D12 * (al1 * ga2 + al2 * ga1) + D22 * ga1 * ga2);
          this.lnMu1[i] = Math.log(Math.abs(mu1));
          this.lnMu2[i] = Math.log(Math.abs(mu2));
          this.kind[i] = REAL | 4; // flag: separated (bit 2)
        }
      } else if (disc < 0) {
        const s = Math.sqrt(-disc) / 2;
        this.kind[i] = COMPLEX;
        this.angle[i] = Math.atan2(s, tau / 2);
        this.angleNorm[i] = s / rho; // sin θ
        this.invSin[i] = rho / s;
        this.lnRootMax[i] = Math.log(rho);
      } else {
        this.kind[i] = CRITICAL;
        this.sign[i] = tau >= 0 ? 1 : -1;
        this.lnRootMax[i] = Math.log(rho);
      }
    }
    this.stable = stable && m < 1;
    this.initialLoss = l0;
    this.stationaryLoss = stable ? lInf : Infinity;
  }

  /** U_t of coordinate i (t ≥ 0). */
  private u(i: number, t: number): number {
    if (t === 0) return 0;
    const k = this.kind[i] & 3;
    const lnR = (t - 1) * this.lnRate[i];
    if (k === REAL) {
      const s = this.sign[i] < 0 && (t - 1) % 2 === 1 ? -1 : 1;
      return s * Math.exp(lnR + lnSinh(t * this.angle[i]) - this.angleNorm[i]);
    }
    if (k === COMPLEX) return (Math.exp(lnR) * Math.sin(t * this.angle[i])) / this.angleNorm[i];
    const s = this.sign[i] < 0 && (t - 1) % 2 === 1 ? -1 : 1;
    return s * t * Math.exp(lnR);
  }

  /** E x_i² at step t. */
  secondMoment(i: number, t: number): number {
    if (t === 0) return this.xStar[i] + this.d11[i];
    if (this.kind[i] === SGD) return this.xStar[i] + this.d11[i] * Math.exp(t * this.lnRate[i]);
    const ut = this.u(i, t);
    const r1 = this.oneMinusA[i] * ut - this.m * this.u(i, t - 1);
    const r2 = this.m * ut;
    return this.xStar[i] + this.d11[i] * r1 * r1 + 2 * this.d12[i] * r1 * r2 + this.d22[i] * r2 * r2;
  }

  /** E L_t = ½ Σ h_i E x_i²(t) (Infinity when unstable). */
  expectedLoss(t: number): number {
    if (!this.stable) return t === 0 ? this.initialLoss : Infinity;
    if (t === 0) return this.initialLoss;
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += this.h[i] * this.secondMoment(i, t);
    return 0.5 * s;
  }

  /** Σ_i h_i^p E x_i²(t): E|G|² (p = 2) and E GᵀHG (p = 3) of the ensemble at step t. */
  curvatureMoment(t: number, p: number): number {
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += this.h[i] ** p * this.secondMoment(i, t);
    return s;
  }

  /** A lower bound of E L_t over t1 ≤ t ≤ t2 (1 ≤ t1 ≤ t2). */
  lowerBound(t1: number, t2: number): number {
    let s = this.stationaryLoss;
    const { h, m } = this;
    for (let i = 0; i < this.dim; i++) {
      const k = this.kind[i];
      if (k === SGD) {
        const c = 0.5 * h[i] * this.d11[i];
        s += c * Math.exp((c > 0 ? t2 : t1) * this.lnRate[i]);
        continue;
      }
      let amp = 0;
      if (this.amplitude[i] > 0) {
        // max over [t1−1, t2] of |U| ≤ t μ^{t−1} (peak at −1/ln μ), and ≤ ρ^{t−1}/|sin θ| for complex roots
        const lnMu = this.lnRootMax[i];
        const u1 = Math.max(t1 - 1, 1);
        const peak = lnMu < 0 ? Math.min(Math.max(-1 / lnMu, u1), t2) : t2;
        let ub = peak * Math.exp((peak - 1) * lnMu);
        if (this.invSin[i] < Infinity) ub = Math.min(ub, this.invSin[i] * Math.exp((u1 - 1) * this.lnRate[i]));
        const r1 = (Math.abs(this.oneMinusA[i]) + m) * ub;
        const r2 = m * ub;
        amp = -this.amplitude[i] * (r1 * r1 + r2 * r2);
      }
      if (k === (REAL | 4)) {
        // three exponentials, each bounded at its own end of the range; never below the amplitude bound
        const a1 = this.k1[i], a2 = this.k2[i], a12 = this.k12[i];
        const e = a1 * Math.exp(2 * (a1 > 0 ? t2 : t1) * this.lnMu1[i])
          + a2 * Math.exp(2 * (a2 > 0 ? t2 : t1) * this.lnMu2[i])
          + a12 * Math.exp((a12 > 0 ? t2 : t1) * this.lnM);
        s += Math.max(e, amp);
      } else {
        s += amp;
      }
    }
    return s;
  }
}
