import { describe, it, expect } from 'vitest';
import { rngFor } from '../../src/rng/streams.js';
import { LogisticRegressionLoss } from '../../src/models/logistic-regression.js';
import { runSgdEnsemble } from '../../src/dynamics/sgd-ensemble.js';
import type { EnsembleObserver } from '../../src/dynamics/ensemble.js';
import { symmetricEigen } from '../../src/linalg/symmetric-eigen.js';

/**
 * Fluctuation–dissipation on the logistic loss (docs/theory.md §4, Yaida 2018): at stationarity of
 * plain SGD, ⟨e·∇L(ω)⟩ = (ε/2)⟨|∇L_B(ω)|²⟩ for e = ω − c, any fixed c (here the minimum, which
 * makes both sides small together). The lead's ensemble reports e·∇L_B and |∇L_B|² per step;
 * E[e·∇L_B | ω] = e·∇L, so the identity holds for them.
 *
 * Statistics: each replica's time average of D_t = e·∇L_B − k (ε/2)|∇L_B|² is one independent
 * sample (replicas use their own streams and start at the minimum; the burn-in of ten relaxation
 * times makes the telescoping bias (E|e_T|² − E|e_0|²)/(2εT) zero in expectation). The standard
 * error is the spread of the R replica means over √R. Tolerance: 4 s.e. for k = 1; the twin with
 * the right side doubled (k = 2) must be further than 4 s.e. from zero. Fixed seeds.
 */
const R = 96;
const LR = 0.5;
const B = 8;

function logisticModel(): LogisticRegressionLoss {
  const rng = rngFor(21, 'fdr-logistic-data');
  const n = 64;
  const x = Float64Array.from({ length: n * 2 }, () => rng.normal());
  const y = Float64Array.from({ length: n }, (_, i) => (x[2 * i] - 0.5 * x[2 * i + 1] + rng.normal() > 0 ? 1 : 0));
  return new LogisticRegressionLoss({ n, d: 2, x, y }, 1);
}

/** per-replica time means of left and right */
class FdrObserver implements EnsembleObserver {
  left = new Float64Array(R);
  right = new Float64Array(R);
  private count = 0;
  private r = 0;
  beginReplica(r: number) { this.r = r; this.count = 0; }
  observe(_e: Float64Array, left: number, right: number) {
    this.left[this.r] += left;
    this.right[this.r] += right;
    this.count++;
  }
  endReplica() {
    this.left[this.r] /= this.count;
    this.right[this.r] /= this.count;
  }
}

function zScore(obs: FdrObserver, k: number): { mean: number; se: number; z: number; rhs: number } {
  const dr = Array.from({ length: R }, (_, r) => obs.left[r] - (k * LR * obs.right[r]) / 2);
  const mean = dr.reduce((a, b) => a + b, 0) / R;
  const sd = Math.sqrt(dr.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1));
  const se = sd / Math.sqrt(R);
  const rhs = (LR / 2) * obs.right.reduce((a, b) => a + b, 0) / R;
  return { mean, se, z: mean / se, rhs };
}

describe('fluctuation–dissipation identity on logistic regression (SGD, without replacement)', () => {
  const loss = logisticModel();
  const minimum = loss.minimum();
  const lambdaMin = symmetricEigen(loss.hessian(minimum), loss.dim).values[0]; // slowest relaxation rate
  const burnIn = Math.ceil(10 / (LR * lambdaMin));
  const obs = new FdrObserver();
  runSgdEnsemble(loss, { lr: LR, momentum: 0, batchSize: B, sampler: 'without-replacement', seed: 5 },
    { replicas: R, burnIn, steps: 3000, thin: 1 }, obs,
    { start: minimum, origin: minimum, divergenceLimit: 1e6, stabilityBound: 'ε λ_max < 2' });

  it('⟨e·∇L⟩ = (ε/2)⟨|∇L_B|²⟩ within 4 standard errors', () => {
    const { z, rhs, se } = zScore(obs, 1);
    expect(se).toBeLessThan(0.1 * rhs); // the check resolves the identity to better than 10 %
    expect(Math.abs(z)).toBeLessThanOrEqual(4);
  });

  it('twin: with the right side doubled the identity fails by more than 4 standard errors', () => {
    expect(Math.abs(zScore(obs, 2).z)).toBeGreaterThan(4);
  });
});
