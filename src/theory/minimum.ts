import type { Loss } from '../models/loss.js';
import { cholesky, choleskySolve } from '../linalg/cholesky.js';
import { NumericalError } from '../errors.js';
import { dot } from '../linalg/dense.js';

/**
 * The minimum of a smooth, strictly convex loss by damped Newton with backtracking, from `start`.
 * Used where the model has no closed form; converges to a gradient norm near machine precision.
 * When it cannot get there it throws NumericalError rather than return a point that is not the
 * minimum: after `maxIterations` steps, or when no step along the Newton direction decreases the
 * loss while the Newton decrement gᵀH⁻¹g (≈ 2(L − L*)) is still above what L can resolve.
 */
export function newtonMinimum(loss: Loss, start: Float64Array, options: { tolerance?: number; maxIterations?: number } = {}): Float64Array {
  if (!loss.hessian) throw new NumericalError(`model ${loss.kind} has no Hessian: cannot locate its minimum by Newton's method`);
  const d = loss.dim;
  const w = Float64Array.from(start);
  const g = new Float64Array(d);
  const trial = new Float64Array(d);
  const tol = options.tolerance ?? 1e-12;
  const maxIt = options.maxIterations ?? 200;
  let f = loss.loss(w);
  for (let it = 0; it < maxIt; it++) {
    loss.gradient(w, g);
    let gn = 0;
    for (let j = 0; j < d; j++) gn = Math.max(gn, Math.abs(g[j]));
    if (gn <= tol * Math.max(1, Math.abs(f))) return w;
    const h = loss.hessian(w);
    let ridge = 0;
    let step: Float64Array | null = null;
    for (let attempt = 0; attempt < 30 && step === null; attempt++) {
      try {
        const hr = Float64Array.from(h);
        for (let j = 0; j < d; j++) hr[j * d + j] += ridge;
        step = choleskySolve(cholesky(hr, d, 'Hessian'), d, g);
      } catch {
        ridge = ridge === 0 ? 1e-10 : ridge * 10;
      }
    }
    if (!step) throw new NumericalError(`Newton's method: the Hessian of ${loss.kind} is not positive definite near its minimum`);
    let t = 1;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let j = 0; j < d; j++) trial[j] = w[j] - t * step[j];
      const ft = loss.loss(trial);
      if (ft <= f - 1e-4 * t * dot(g, step, g.length)) {
        w.set(trial);
        f = ft;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      // no decrease found: at the minimum if the predicted decrease is below L's resolution
      const decrement = dot(g, step, d);
      if (decrement <= RESOLVABLE_DECREASE * Math.max(1, Math.abs(f))) return w;
      throw new NumericalError(`Newton's method for the minimum of ${loss.kind} stalled at iteration ${it + 1}: no step along the Newton direction decreases the loss, with the gradient still ${gn.toPrecision(3)} (max norm) and the Newton decrement ${decrement.toPrecision(3)}`);
    }
  }
  loss.gradient(w, g);
  let gn = 0;
  for (let j = 0; j < d; j++) gn = Math.max(gn, Math.abs(g[j]));
  if (gn <= tol * Math.max(1, Math.abs(f))) return w;
  throw new NumericalError(`Newton's method for the minimum of ${loss.kind} did not converge in ${maxIt} iterations: the gradient is still ${gn.toPrecision(3)} (max norm; needed ≤ ${(tol * Math.max(1, Math.abs(f))).toPrecision(3)})`);
}

/**
 * A Newton decrement λ² below this × max(1, |L|) is a predicted decrease L − L* ≈ λ²/2 within about
 * 10⁶ rounding units of L: a correct Newton step larger than that would pass the line search.
 */
const RESOLVABLE_DECREASE = 1e6 * Number.EPSILON;

/** S(ω) = (1/N) Σ (∇ℓ_i − ∇L)(∇ℓ_i − ∇L)ᵀ from per-example gradients. */
export function gradientCovariance(loss: Loss, w: Float64Array): Float64Array {
  if (!loss.exampleGradients) throw new NumericalError(`model ${loss.kind} has no per-example gradients: S(ω) is unavailable`);
  const { n, dim: d } = loss;
  const gi = new Float64Array(n * d);
  loss.exampleGradients(w, gi);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += gi[i * d + j] / n;
  const s = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) {
      const ua = gi[i * d + a] - mean[a];
      for (let b = a; b < d; b++) s[a * d + b] += (ua * (gi[i * d + b] - mean[b])) / n;
    }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) s[a * d + b] = s[b * d + a];
  return s;
}
