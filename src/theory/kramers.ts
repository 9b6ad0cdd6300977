/**
 * Kramers' escape time over a barrier (docs/theory.md §8), for dx = −V'(x) dt + sqrt(2T) dW in 1-D:
 *
 *     τ_K = 2π / sqrt(V''(x*) |V''(z)|) · e^{ΔV/T},     ΔV = V(z) − V(x*),
 *
 * x* the minimum escaped from, z the barrier top. It is the leading term of the Laplace expansion
 * of both integrals of the exact mean first-passage time (mean-first-passage.ts). The next term
 * (the finite-barrier correction) is first order in T:
 *
 *     τ ≈ τ_K (1 + T (c_min + c_saddle)),
 *     c_min    = 5 V'''(x*)² / (24 V''(x*)³) − V''''(x*) / (8 V''(x*)²),
 *     c_saddle = 5 V'''(z)² / (24 |V''(z)|³) + V''''(z) / (8 V''(z)²),
 *
 * from ∫ e^{−f/T} ≈ sqrt(2πT/f'') e^{−f₀/T} [1 + T (5 f'''²/(24 f''³) − f''''/(8 f''²))] with
 * f = V − V(x*) at the minimum and f = V(z) − V at the saddle. It assumes the exit lies well past z
 * (the outer Gaussian integral is complete) and the reflecting wall well behind x*.
 */
export interface BarrierGeometry {
  /** V''(x*) > 0 */
  curvatureMin: number;
  /** V''(z) < 0 */
  curvatureSaddle: number;
  /** ΔV = V(z) − V(x*) > 0 */
  barrier: number;
  /** V''' and V'''' at x* and z (for the finite-barrier correction) */
  thirdMin: number;
  fourthMin: number;
  thirdSaddle: number;
  fourthSaddle: number;
}

/** The Kramers prefactor 2π / sqrt(V''(x*) |V''(z)|). */
export function kramersPrefactor(g: Pick<BarrierGeometry, 'curvatureMin' | 'curvatureSaddle'>): number {
  return (2 * Math.PI) / Math.sqrt(g.curvatureMin * Math.abs(g.curvatureSaddle));
}

/** τ_K at temperature T. */
export function kramersTime(g: BarrierGeometry, temperature: number): number {
  return kramersPrefactor(g) * Math.exp(g.barrier / temperature);
}

/** c = c_min + c_saddle of the first finite-barrier correction τ ≈ τ_K (1 + c T). */
export function finiteBarrierCoefficient(g: BarrierGeometry): number {
  const a = g.curvatureMin;
  const s = Math.abs(g.curvatureSaddle);
  const cMin = (5 * g.thirdMin ** 2) / (24 * a ** 3) - g.fourthMin / (8 * a * a);
  const cSaddle = (5 * g.thirdSaddle ** 2) / (24 * s ** 3) + g.fourthSaddle / (8 * s * s);
  return cMin + cSaddle;
}

/** Kramers with the first finite-barrier correction. */
export function kramersTimeCorrected(g: BarrierGeometry, temperature: number): number {
  return kramersTime(g, temperature) * (1 + finiteBarrierCoefficient(g) * temperature);
}
