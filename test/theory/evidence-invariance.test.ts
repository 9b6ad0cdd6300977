import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { logisticEvidence } from '../../src/theory/evidence.js';
import { rngFor } from '../../src/rng/streams.js';
import type { LogisticProblem } from '../../src/models/logistic/problem.js';

/**
 * Parameterisation invariance of the evidence (docs/theory.md §6, Smith & Le §2): with u = aω the
 * logits x·ω = (x/a)·u, and the prior N(0, λ⁻¹) on ω is N(0, a²/λ) on u. So the model with inputs
 * x/a and λ/a² is the same model, and E (and log P(y|x)) must not change. The Hessian eigenvalues
 * change by 1/a² and C(ω₀) not at all: the Occam factor ratio λ_j/λ is what keeps E invariant.
 * Tolerance: 1e-8 relative to 1 + |E| (Newton stops at |∇C| ≤ 1e-12 of its terms).
 */
function problem(seed: number, n: number, d: number): LogisticProblem {
  const rng = rngFor(seed, 'invariance-problem');
  const x = Float64Array.from({ length: n * d }, (_, k) => (k % d === d - 1 ? 1 : rng.normal()));
  const y = Float64Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : 0));
  return { n, d, x, y };
}

const scaled = (p: LogisticProblem, a: number): LogisticProblem => ({ ...p, x: Float64Array.from(p.x, (v) => v / a) });

describe('evidence invariance under ω → aω, λ → λ/a²', () => {
  it('holds for random problems, on both the dual and the primal side (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 3, max: 40 }),
        fc.integer({ min: 2, max: 30 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.constantFrom('dual' as const, 'primal' as const),
        (seed, n, d, logA, logLambda, side) => {
          const a = 10 ** logA;
          const lambda = 10 ** logLambda;
          const p = problem(seed, n, d);
          const e1 = logisticEvidence(p, lambda, side);
          const e2 = logisticEvidence(scaled(p, a), lambda / (a * a), side);
          expect(Math.abs(e1.E - e2.E)).toBeLessThanOrEqual(1e-8 * (1 + Math.abs(e1.E)));
          expect(Math.abs(e1.minimumCost - e2.minimumCost)).toBeLessThanOrEqual(1e-8 * (1 + e1.minimumCost));
          // the Hessian itself is not invariant: ln det changes by −2d ln a
          expect(e2.logDetHessian - e1.logDetHessian).toBeCloseTo(-2 * d * Math.log(a), 6);
        },
      ),
      { seed: 20171018, numRuns: 60 },
    );
  });

  it('twin: the wrong power (λ → λ/a) changes E', () => {
    const p = problem(3, 20, 6);
    const a = 3;
    const e1 = logisticEvidence(p, 1).E;
    const e2 = logisticEvidence(scaled(p, a), 1 / a).E;
    expect(Math.abs(e1 - e2)).toBeGreaterThan(0.1);
  });
});
