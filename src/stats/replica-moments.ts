/**
 * Streaming first and second moments of an ensemble of independent replicas, each observed over
 * time after burn-in. Standard errors come from the spread of the per-replica time averages:
 * replicas are independent, so this is batch means with one batch per replica and needs no
 * autocorrelation model (valid when each replica's run is long compared with its correlation
 * time, which burn-in and run length ensure; see effective-sample-size.ts for single chains).
 *
 * Offsets e = ω − origin are accumulated (origin = the minimum) to avoid cancellation.
 * Per-replica averages of e and e eᵀ (upper triangle) are kept, so the standard error of any
 * linear functional of the covariance (a trace, ½ tr(H Σ), one entry) is exact.
 */
export class ReplicaMoments {
  readonly dim: number;
  readonly replicas: number;
  private readonly tri: number;
  /** per replica: mean of e (R×d) and mean of e eᵀ upper triangle (R×tri) */
  private readonly means: Float64Array;
  private readonly seconds: Float64Array;
  private readonly counts: Float64Array;
  private readonly sumE: Float64Array;
  private readonly sumEE: Float64Array;
  private current = -1;
  private count = 0;

  constructor(dim: number, replicas: number) {
    this.dim = dim;
    this.replicas = replicas;
    this.tri = (dim * (dim + 1)) / 2;
    this.means = new Float64Array(replicas * dim);
    this.seconds = new Float64Array(replicas * this.tri);
    this.counts = new Float64Array(replicas);
    this.sumE = new Float64Array(dim);
    this.sumEE = new Float64Array(this.tri);
  }

  begin(replica: number): void {
    this.current = replica;
    this.count = 0;
    this.sumE.fill(0);
    this.sumEE.fill(0);
  }

  /** Add one observation of e = ω − origin for the current replica. */
  observe(e: Float64Array): void {
    const d = this.dim;
    const s = this.sumEE;
    let k = 0;
    for (let i = 0; i < d; i++) {
      const ei = e[i];
      this.sumE[i] += ei;
      for (let j = i; j < d; j++) s[k++] += ei * e[j];
    }
    this.count++;
  }

  end(): void {
    const r = this.current;
    const inv = 1 / this.count;
    for (let i = 0; i < this.dim; i++) this.means[r * this.dim + i] = this.sumE[i] * inv;
    for (let k = 0; k < this.tri; k++) this.seconds[r * this.tri + k] = this.sumEE[k] * inv;
    this.counts[r] = this.count;
    this.current = -1;
  }

  /** The per-replica averages, to send from a worker thread (structured-cloneable). */
  exportBlock(): ReplicaBlock {
    return { means: this.means, seconds: this.seconds, counts: this.counts };
  }

  /** Place a block of replicas simulated elsewhere at global replica index `offset`. */
  importBlock(block: ReplicaBlock, offset: number): void {
    this.means.set(block.means, offset * this.dim);
    this.seconds.set(block.seconds, offset * this.tri);
    this.counts.set(block.counts, offset);
  }

  /** Total observations over all replicas. */
  samples(): number {
    let s = 0;
    for (let r = 0; r < this.replicas; r++) s += this.counts[r];
    return s;
  }

  /** Pooled mean of e and its standard error per coordinate. */
  mean(): { mean: Float64Array; stdError: Float64Array } {
    const d = this.dim;
    const R = this.replicas;
    const mean = new Float64Array(d);
    const se = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let r = 0; r < R; r++) s += this.means[r * d + i];
      const m = s / R;
      let v = 0;
      for (let r = 0; r < R; r++) v += (this.means[r * d + i] - m) ** 2;
      mean[i] = m;
      se[i] = Math.sqrt(v / (R - 1) / R);
    }
    return { mean, stdError: se };
  }

  /**
   * Covariance of ω (about the pooled mean) with per-entry standard errors, d×d row-major.
   * The mean correction's own variance is O(1/(R·T)) smaller and is neglected.
   */
  covariance(): { covariance: Float64Array; stdError: Float64Array } {
    const d = this.dim;
    const cov = new Float64Array(d * d);
    const se = new Float64Array(d * d);
    const unit = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = i; j < d; j++) {
        unit.fill(0);
        unit[i * d + j] = 1;
        const { value, stdError } = this.functional(unit);
        cov[i * d + j] = value; cov[j * d + i] = value;
        se[i * d + j] = stdError; se[j * d + i] = stdError;
      }
    return { covariance: cov, stdError: se };
  }

  /**
   * A linear functional f(Σ) = Σ_ij A_ij Σ_ij of the covariance, with its standard error across
   * replicas (A symmetric d×d row-major, e.g. the identity for the trace, H/2 for the excess loss).
   * `centred = false` uses the second moment about the origin instead of the covariance.
   */
  functional(a: Float64Array, centred = true): { value: number; stdError: number } {
    const d = this.dim;
    const R = this.replicas;
    const mean = centred ? this.mean().mean : new Float64Array(d);
    // weights on the upper triangle: off-diagonal entries count twice (A need not be symmetric)
    const w = new Float64Array(this.tri);
    const as = new Float64Array(d * d); // A + Aᵀ, for the mean correction's linearisation
    let k = 0;
    for (let i = 0; i < d; i++)
      for (let j = i; j < d; j++, k++) w[k] = i === j ? a[i * d + i] : a[i * d + j] + a[j * d + i];
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) as[i * d + j] = a[i * d + j] + a[j * d + i];
    // f = Σ_ij A_ij (M_ij − μ_i μ_j). Its per-replica influence value (a linearisation, exact in
    // the mean) is A:M_r − μᵀ(A + Aᵀ) m_r + μᵀAμ; the mean correction then enters the variance,
    // which matters when the iterates' mean is far from the origin.
    let muAmu = 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) muAmu += mean[i] * a[i * d + j] * mean[j];
    const g = new Float64Array(d); // (A + Aᵀ) μ
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += as[i * d + j] * mean[j];
      g[i] = s;
    }
    const values = new Float64Array(R);
    for (let r = 0; r < R; r++) {
      let s = 0;
      const base = r * this.tri;
      for (let q = 0; q < this.tri; q++) s += w[q] * this.seconds[base + q];
      if (centred) {
        for (let i = 0; i < d; i++) s -= g[i] * this.means[r * d + i];
        s += muAmu;
      }
      values[r] = s;
    }
    const { mean: value, stdError } = meanAndStdError(values);
    return { value, stdError };
  }
}

/**
 * Per-replica estimates of every upper-triangle entry of the covariance (i ≤ j, row by row), the
 * same linearisation `functional` uses for one entry: their mean is `covariance()`'s entry and
 * their spread its standard error. A joint test of all entries (stats/hotelling.ts) needs the
 * replicas' vectors, not only the per-entry standard errors.
 */
export function covarianceEntryReplicas(m: ReplicaMoments): Float64Array[] {
  const d = m.dim;
  const tri = (d * (d + 1)) / 2;
  const block = m.exportBlock();
  const mu = m.mean().mean;
  const out: Float64Array[] = [];
  for (let r = 0; r < m.replicas; r++) {
    const x = new Float64Array(tri);
    let k = 0;
    for (let i = 0; i < d; i++)
      for (let j = i; j < d; j++, k++) {
        x[k] = block.seconds[r * tri + k] - mu[j] * block.means[r * d + i] - mu[i] * block.means[r * d + j] + mu[i] * mu[j];
      }
    out.push(x);
  }
  return out;
}

export interface ReplicaBlock {
  means: Float64Array;
  seconds: Float64Array;
  counts: Float64Array;
}

/** Mean and standard error of independent values. */
export function meanAndStdError(values: ArrayLike<number>): { mean: number; stdError: number } {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  const m = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i] - m) ** 2;
  return { mean: m, stdError: n > 1 ? Math.sqrt(v / (n - 1) / n) : Number.NaN };
}
