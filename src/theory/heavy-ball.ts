import { solveLinearSystem } from '../linalg/gaussian-elimination.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';
import {
  checkLyapunovInputs,
  fromEigenbasis,
  symmetrizeInPlace,
  toEigenbasis,
  type SymmetricEigenDecomposition,
} from './lyapunov-continuous.js';
import { requireStable } from './lyapunov-discrete.js';

/**
 * Exact stationary covariance of heavy-ball SGD on a quadratic with additive noise (docs/theory.md §1, §3):
 *   v ← m v − ε (H ω + ξ),  ω ← ω + v,  Cov ξ = Q.
 * The state z = (ω, v) obeys z ← A z + B ξ with A = [[I − εH, mI], [−εH, mI]], B = [−εI; −εI],
 * so Σ_z = A Σ_z Aᵀ + ε² [[Q, Q], [Q, Q]]. In H's eigenbasis A is block-diagonal in 2×2 blocks
 * A_j = [[1 − ελ_j, m], [−ελ_j, m]], and the (j,k) block of Σ̃_z is Q̃_jk · Y(λ_j, λ_k), where the
 * 2×2 matrix Y solves Y = A_j Y A_kᵀ + ε² 𝟙𝟙ᵀ: one 4-unknown system per pair, O(d²) in all.
 */

export interface HeavyBallCovariance {
  /** Cov ω (d×d, symmetric). */
  omega: Float64Array;
  /** Cov v (d×d, symmetric). */
  velocity: Float64Array;
  /** E[ω vᵀ]: entry (i, l) is Cov(ω_i, v_l); not symmetric in general. */
  cross: Float64Array;
}

/**
 * Y = A_j Y A_kᵀ + ε² 𝟙𝟙ᵀ for the 2×2 blocks of eigenvalues λ_j, λ_k, as [Y00, Y01, Y10, Y11]
 * (Y00 = ω-ω, Y01 = ω_j-v_k, Y10 = v_j-ω_k, Y11 = v-v). Row-major vec: vec(A_j Y A_kᵀ) = (A_j ⊗ A_k) vec Y.
 */
export function heavyBallPairBlock(lj: number, lk: number, lr: number, momentum: number): Float64Array {
  const aj = [1 - lr * lj, momentum, -lr * lj, momentum];
  const ak = [1 - lr * lk, momentum, -lr * lk, momentum];
  const sys = new Float64Array(16);
  for (let a = 0; a < 2; a++) {
    for (let b = 0; b < 2; b++) {
      const row = 2 * a + b;
      for (let c = 0; c < 2; c++) {
        for (let e = 0; e < 2; e++) {
          const col = 2 * c + e;
          sys[row * 4 + col] = (row === col ? 1 : 0) - aj[2 * a + c] * ak[2 * b + e];
        }
      }
    }
  }
  const rhs = new Float64Array(4).fill(lr * lr);
  return solveLinearSystem(sys, 4, rhs, 1, `heavy-ball Lyapunov block (λ_j = ${lj}, λ_k = ${lk})`);
}

/** heavyBallStationaryCovariance with a precomputed eigen-decomposition of H. */
export function heavyBallStationaryCovarianceEigen(
  eig: SymmetricEigenDecomposition,
  q: Float64Array,
  d: number,
  lr: number,
  momentum: number,
): HeavyBallCovariance {
  checkLyapunovInputs(eig, q, d, lr);
  requireStable(eig.values, d, lr, momentum, 'heavy-ball SGD');
  const qt = toEigenbasis(eig.vectors, q, d);
  const pt = new Float64Array(d * d);
  const ct = new Float64Array(d * d);
  const wt = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++) {
      const y = heavyBallPairBlock(eig.values[j], eig.values[k], lr, momentum);
      const s = qt[j * d + k];
      pt[j * d + k] = s * y[0];
      ct[j * d + k] = s * y[1];
      wt[j * d + k] = s * y[3];
    }
  }
  return {
    omega: symmetrizeInPlace(fromEigenbasis(eig.vectors, pt, d), d),
    velocity: symmetrizeInPlace(fromEigenbasis(eig.vectors, wt, d), d),
    cross: fromEigenbasis(eig.vectors, ct, d),
  };
}

/**
 * Stationary covariances of heavy-ball SGD with additive noise Q per step (H symmetric positive
 * definite, Q symmetric PSD, d×d row-major). Throws NumericalError outside 0 < ε λ < 2(1+m).
 * At m = 0 `omega` equals the plain-SGD discrete Lyapunov solution; in 1-D it is
 * ε q (1+m) / (h (1−m) (2(1+m) − ε h)).
 */
export function heavyBallStationaryCovariance(
  h: Float64Array,
  q: Float64Array,
  d: number,
  lr: number,
  momentum: number,
): HeavyBallCovariance {
  if (h.length < d * d) throw new RangeError(`H has ${h.length} entries; expected d² = ${d * d}`);
  return heavyBallStationaryCovarianceEigen(symmetricEigen(h, d), q, d, lr, momentum);
}
