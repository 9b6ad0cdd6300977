import { brownianDimension, type IntegratorSpec, type Sde } from './integrator.js';
import { gaussHermite } from '../../stats/gauss-hermite.js';

/**
 * The exact first and second moments of an integrator's iterates, E X_n and E X_n², after n steps
 * of h from x₀ on a scalar autonomous SDE whose one-step map is affine in the state,
 *
 *   X' = A(ΔW) X + B(ΔW)   (linear drift, noise affine in X: theory/sde-test-problems.ts),
 *
 * with no knowledge of the scheme beyond its stepper: A and B are read off the stepper at x = 0
 * and x = 1 for each node of a tensor Gauss–Hermite rule in the m Brownian increments, and since
 * X_n is independent of the next increment,
 *
 *   E X' = E[A] E X + E[B],   E X'² = E[A²] E X² + 2 E[AB] E X + E[B²].
 *
 * Exact (to rounding) when A and B are polynomials in ΔW of degree < NODES (every scheme built from
 * f, g, their derivatives and powers of ΔW: Euler–Maruyama degree 1, Milstein degree 2). The map is
 * checked at x = −1 and x = 2 and refused when it is not affine.
 */
const NODES = 12;

export interface SchemeMoments {
  mean: number;
  secondMoment: number;
}

export function schemeMoments(integrator: IntegratorSpec, sde: Sde, x0: number, h: number, n: number): SchemeMoments {
  if (sde.dim !== 1) throw new RangeError('scheme moments are computed for scalar SDEs (dim 1)');
  const m = brownianDimension(sde);
  if (m > 3) throw new RangeError(`a tensor quadrature over ${m} Brownian components is too large here (at most 3)`);
  const stepper = integrator.stepper(sde);
  const { nodes, weights } = gaussHermite(NODES);
  const sqrtH = Math.sqrt(h);
  const x = new Float64Array(1);
  const dW = new Float64Array(m);
  const step = (from: number) => {
    x[0] = from;
    stepper.step(x, 0, h, dW);
    return x[0];
  };
  let eA = 0, eB = 0, eAA = 0, eAB = 0, eBB = 0;
  const points = NODES ** m;
  for (let q = 0; q < points; q++) {
    let weight = 1;
    for (let k = 0, rest = q; k < m; k++, rest = Math.floor(rest / NODES)) {
      dW[k] = sqrtH * nodes[rest % NODES];
      weight *= weights[rest % NODES];
    }
    const b = step(0);
    const a = step(1) - b;
    for (const probe of [-1, 2]) {
      const y = step(probe);
      if (!(Math.abs(y - (a * probe + b)) <= 1e-9 * (Math.abs(a * probe) + Math.abs(b) + 1e-300))) {
        throw new RangeError(`integrator ${integrator.name}: its one-step map is not affine in the state on this SDE, so its moments are not computed here`);
      }
    }
    eA += weight * a;
    eB += weight * b;
    eAA += weight * a * a;
    eAB += weight * a * b;
    eBB += weight * b * b;
  }
  let m1 = x0, m2 = x0 * x0;
  for (let k = 0; k < n; k++) {
    const next1 = eA * m1 + eB;
    m2 = eAA * m2 + 2 * eAB * m1 + eBB;
    m1 = next1;
  }
  return { mean: m1, secondMoment: m2 };
}
