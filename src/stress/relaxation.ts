/**
 * How long a stationary run must burn in. The second moment of SGD started at the minimum
 * approaches its stationary value like r^{2t} (additive noise: r the spectral radius of the mean
 * iteration) or r_ms^t (least squares: r_ms the spectral radius of the second-moment map), so
 * 16 relaxation times leave a relative bias below e^{-16} ≈ 1e-7, far under any standard error.
 */
export const BURN_IN_RELAXATION_TIMES = 16;

/** Spectral radius of one eigen-mode of heavy-ball SGD, the 2×2 map [[1 − ελ, m], [−ελ, m]] (m = 0: |1 − ελ|). */
export function modeRadius(lrLambda: number, momentum: number): number {
  if (momentum === 0) return Math.abs(1 - lrLambda);
  const b = 1 + momentum - lrLambda; // μ² − b μ + m = 0
  const disc = b * b - 4 * momentum;
  if (disc < 0) return Math.sqrt(momentum);
  const s = Math.sqrt(disc);
  return Math.max(Math.abs((b + s) / 2), Math.abs((b - s) / 2));
}

/** Relaxation time (steps) of the second moment on a quadratic with additive noise. */
export function quadraticRelaxationSteps(eigenvalues: ArrayLike<number>, lr: number, momentum: number): number {
  let r = 0;
  for (let j = 0; j < eigenvalues.length; j++) r = Math.max(r, modeRadius(lr * eigenvalues[j], momentum));
  return r < 1 ? -1 / (2 * Math.log(Math.max(r, 1e-300))) : Infinity;
}

/**
 * Relaxation time (steps) of the second moment of SGD on least squares: the spectral radius of
 * T(Σ) = Σ − ε(HΣ + ΣH) + ε²[(1 − ρ) HΣH + ρ M(Σ)], M(Σ) = (1/N) Σ_i (x_iᵀΣx_i) x_i x_iᵀ, by power
 * iteration from I (T maps the PSD cone into itself, so the trace ratio converges to the radius).
 */
export function leastSquaresRelaxationSteps(x: Float64Array, n: number, d: number, h: Float64Array, lr: number, rho: number): number {
  let s: Float64Array = new Float64Array(d * d);
  for (let j = 0; j < d; j++) s[j * d + j] = 1;
  let radius = 0;
  for (let it = 0; it < 400; it++) {
    const t = applySecondMomentMap(x, n, d, h, lr, rho, s);
    let tr = 0;
    for (let j = 0; j < d; j++) tr += t[j * d + j];
    let trPrev = 0;
    for (let j = 0; j < d; j++) trPrev += s[j * d + j];
    radius = tr / trPrev;
    if (!(tr > 0) || !Number.isFinite(tr)) return Infinity;
    for (let k = 0; k < d * d; k++) t[k] /= tr;
    s = t;
  }
  return radius < 1 ? -1 / Math.log(Math.max(radius, 1e-300)) : Infinity;
}

function applySecondMomentMap(x: Float64Array, n: number, d: number, h: Float64Array, lr: number, rho: number, s: Float64Array): Float64Array {
  const hs = mul(h, s, d);
  const sh = mul(s, h, d);
  const hsh = mul(hs, h, d);
  const out = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let q = 0;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) q += x[o + a] * s[a * d + b] * x[o + b];
    const w = (lr * lr * rho * q) / n;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out[a * d + b] += w * x[o + a] * x[o + b];
  }
  for (let k = 0; k < d * d; k++) out[k] += s[k] - lr * (hs[k] + sh[k]) + lr * lr * (1 - rho) * hsh[k];
  return out;
}

function mul(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) {
    const v = a[i * d + k];
    for (let j = 0; j < d; j++) out[i * d + j] += v * b[k * d + j];
  }
  return out;
}

/** Burn-in for a relaxation time, at least `minimum` steps. */
export function burnInSteps(relaxationSteps: number, minimum = 50): number {
  return Math.max(minimum, Math.ceil(BURN_IN_RELAXATION_TIMES * relaxationSteps));
}
