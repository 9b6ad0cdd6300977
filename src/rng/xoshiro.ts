/**
 * xoshiro128** (Blackman & Vigna 2018): a 32-bit all-purpose generator with 128 bits of state,
 * period 2^128 − 1. 32-bit arithmetic keeps every operation on V8's fast integer path.
 * Normals come from Box–Muller on 32-bit uniforms (tails truncated beyond ≈ 6.77σ, which no
 * statistic here can see); the second variate of each pair is cached.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

  /** Four 32-bit words of state; at least one must be non-zero. Prefer `rngFor` to build one. */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    // state held as int32 (V8 small integers); only outputs are converted to unsigned
    this.s0 = s0 | 0; this.s1 = s1 | 0; this.s2 = s2 | 0; this.s3 = s3 | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 0x9e3779b9;
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) * 1.1102230246251565e-16;
  }

  /** Uniform integer in [0, n) for 0 < n ≤ 2^32, without modulo bias (Lemire's method). */
  int(n: number): number {
    // multiply-shift with rejection. For n ≤ 2^21 the product x·n < 2^53 is exact in a double and
    // `>>> 0` takes it modulo 2^32 without a floating-point remainder (the sampler's hot path).
    let x = this.nextU32();
    let m = x * n;
    let l = n <= 2097152 ? m >>> 0 : m % 4294967296;
    if (l < n) {
      const threshold = (4294967296 - n) % n;
      while (l < threshold) {
        x = this.nextU32();
        m = x * n;
        l = n <= 2097152 ? m >>> 0 : m % 4294967296;
      }
    }
    return (m - l) / 4294967296;
  }

  /** Standard normal variate. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u1 = (this.nextU32() + 0.5) * 2.3283064365386963e-10; // (0,1), never 0
    const u2 = this.nextU32() * 2.3283064365386963e-10;
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 6.283185307179586 * u2;
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }

  /** Fill `out[from..to)` with standard normals. */
  fillNormal(out: Float64Array | Float32Array, from = 0, to = out.length): void {
    let i = from;
    if (this.hasSpare && i < to) { out[i++] = this.spare; this.hasSpare = false; }
    for (; i + 1 < to; i += 2) {
      const u1 = (this.nextU32() + 0.5) * 2.3283064365386963e-10;
      const u2 = this.nextU32() * 2.3283064365386963e-10;
      const r = Math.sqrt(-2 * Math.log(u1));
      const theta = 6.283185307179586 * u2;
      out[i] = r * Math.cos(theta);
      out[i + 1] = r * Math.sin(theta);
    }
    if (i < to) out[i] = this.normal();
  }

  /** Snapshot of the state, for checkpoints and tests. */
  state(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
