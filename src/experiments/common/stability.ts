import type { Loss } from '../../models/loss.js';
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';

/**
 * Up-front stability checks (docs/theory.md §3): heavy-ball SGD on a curvature λ is
 * stable only for ε λ < 2(1+m). For a quadratic one Hessian decides; for other models the
 * curvature varies, so it is checked where it is known — at the starting point and near the
 * minimum — and a violation is a warning before the run (the run itself stops with exit 3 if it
 * does diverge).
 */

/** Largest eigenvalue of the model's Hessian at w; undefined when the model has no Hessian or it is not finite. */
export function curvatureAt(loss: Loss, w: Float64Array): number | undefined {
  if (!loss.hessian) return undefined;
  const h = loss.hessian(w);
  if (!h.every(Number.isFinite)) return undefined;
  const { values } = symmetricEigen(h, loss.dim);
  return values[loss.dim - 1];
}

/** The warning for ε λ_max ≥ 2(1+m) at `where`, or undefined when stable. */
export function stabilityWarning(where: string, lr: number, momentum: number, lambdaMax: number | undefined): string | undefined {
  if (lambdaMax === undefined || !Number.isFinite(lambdaMax)) return undefined;
  const bound = 2 * (1 + momentum);
  const product = lr * lambdaMax;
  if (product < bound) return undefined;
  return `learning rate beyond the stability bound ${where}: ε λ_max = ${product.toPrecision(4)} ≥ ${bound}${momentum ? ' = 2(1+m)' : ''} (ε = ${lr}, λ_max = ${lambdaMax.toPrecision(4)}); SGD cannot settle there: expect it to leave that region or diverge`;
}
