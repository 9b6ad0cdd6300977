import type { Loss } from './loss.js';

/**
 * L(ω) + (wd/2)|ω|² as a Loss: weight decay is part of the loss (docs/theory.md §1), so dynamics and
 * theory see one object. Adds wd·ω to every gradient; per-example gradients all shift by the same
 * vector, so the noise covariance S is unchanged.
 */
export function withWeightDecay(base: Loss, wd: number): Loss {
  if (wd === 0) return base;
  const d = base.dim;
  const wrapped: Loss = {
    kind: base.kind,
    noise: base.noise, // every example gradient shifts by the same wd·ω
    dim: d,
    n: base.n,
    loss(w) {
      let s = 0;
      for (let j = 0; j < d; j++) s += w[j] * w[j];
      return base.loss(w) + 0.5 * wd * s;
    },
    gradient(w, out) {
      base.gradient(w, out);
      for (let j = 0; j < d; j++) out[j] += wd * w[j];
    },
    batchGradient(w, indices, count, out) {
      base.batchGradient(w, indices, count, out);
      for (let j = 0; j < d; j++) out[j] += wd * w[j];
    },
  };
  if (base.exampleGradients) {
    const eg = base.exampleGradients.bind(base);
    wrapped.exampleGradients = (w, out) => {
      eg(w, out);
      for (let i = 0; i < base.n; i++) for (let j = 0; j < d; j++) out[i * d + j] += wd * w[j];
    };
  }
  if (base.weightedGradientSum) {
    const ws = base.weightedGradientSum.bind(base);
    wrapped.weightedGradientSum = (w, z, out) => {
      ws(w, z, out);
      let zsum = 0;
      for (let i = 0; i < base.n; i++) zsum += z[i];
      for (let j = 0; j < d; j++) out[j] += zsum * wd * w[j];
    };
  }
  if (base.constantGradientCovariance) {
    // S is unchanged (see above), and additive noise stays additive
    wrapped.constantGradientCovariance = base.constantGradientCovariance.bind(base);
  }
  if (base.hessian) {
    const hs = base.hessian.bind(base);
    wrapped.hessian = (w) => {
      const h = hs(w);
      for (let j = 0; j < d; j++) h[j * d + j] += wd;
      return h;
    };
  }
  return wrapped;
}
