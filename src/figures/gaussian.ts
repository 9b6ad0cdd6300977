/** Curves of a centred Gaussian drawn over measurements: a 1-D density and a 2-D level set. */

/** Density of N(0, variance) at x; NaN when the variance is not positive (nothing to draw). */
export function normalDensity(x: number, variance: number): number {
  if (!(variance > 0)) return Number.NaN;
  return Math.exp((-0.5 * x * x) / variance) / Math.sqrt(2 * Math.PI * variance);
}

/** `n` evenly spaced points from a to b inclusive. */
export function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
}

/**
 * The ellipse xᵀ C⁻¹ x = radius² of a 2×2 covariance C, as a closed polyline of `n` + 1 points.
 * Uses the closed-form eigen-decomposition of a symmetric 2×2 matrix; a slightly indefinite
 * estimate (noise) is clamped to a degenerate ellipse rather than dropped.
 */
export function covarianceEllipse(c: number[][], radius: number, n = 96): [number, number][] {
  const a = c[0][0];
  const b = 0.5 * (c[0][1] + c[1][0]);
  const d = c[1][1];
  const mean = 0.5 * (a + d);
  const half = Math.hypot(0.5 * (a - d), b);
  const l1 = Math.max(mean + half, 0);
  const l2 = Math.max(mean - half, 0);
  // eigenvector of l1: angle θ with tan 2θ = 2b / (a − d)
  const theta = 0.5 * Math.atan2(2 * b, a - d);
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const r1 = radius * Math.sqrt(l1);
  const r2 = radius * Math.sqrt(l2);
  const out: [number, number][] = [];
  for (let i = 0; i <= n; i++) {
    const t = (2 * Math.PI * i) / n;
    const u = r1 * Math.cos(t);
    const v = r2 * Math.sin(t);
    out.push([cos * u - sin * v, sin * u + cos * v]);
  }
  return out;
}
