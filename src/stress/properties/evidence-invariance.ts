import fc from 'fast-check';
import type { StressProperty } from '../property.js';
import { logisticEvidence } from '../../theory/evidence.js';
import type { LogisticProblem } from '../../models/logistic/problem.js';
import { fmt } from '../format.js';

/**
 * Reparametrisation invariance of the Laplace evidence (docs/theory.md §6): with u = aω the inputs
 * become x/a (bias column included, so x·ω is unchanged) and the prior precision λ/a²; C(ω) is
 * unchanged, the Hessian eigenvalues scale by 1/a² together with λ, so the log evidence ratio E is
 * the same. Theory vs theory on random small logistic-regression problems; both sides are Newton
 * minima to near rounding, so they must agree to ~1e-8 relative.
 */
interface Case {
  /** rows of (features…, label); the first n used */
  rows: { x: number[]; y: boolean }[];
  n: number;
  features: number;
  /** log10 λ in tenths, λ ∈ [1e-2, 1e2] */
  logLambdaTenths: number;
  /** log10 a in tenths, a ∈ [0.1, 10] */
  logScaleTenths: number;
}

const MAX_FEATURES = 4;
const MAX_N = 30;

function problem(c: Case, a: number): LogisticProblem {
  const d = c.features + 1;
  const x = new Float64Array(c.n * d);
  const y = new Float64Array(c.n);
  for (let i = 0; i < c.n; i++) {
    for (let j = 0; j < c.features; j++) x[i * d + j] = c.rows[i].x[j] / a;
    x[i * d + c.features] = 1 / a; // the bias feature, rescaled like the others
    y[i] = c.rows[i].y ? 1 : 0;
  }
  return { n: c.n, d, x, y };
}

export const evidenceInvariance: StressProperty<Case> = {
  title: 'evidence invariance E(aω, λ/a²) = E(ω, λ)',
  prediction: 'the Laplace log evidence ratio E is unchanged by u = aω with λ → λ/a² (inputs x → x/a)',
  region: `logistic regression with bias, N ≤ ${MAX_N}, ≤ ${MAX_FEATURES} features in [−3, 3], 1e-2 ≤ λ ≤ 1e2, 0.1 ≤ a ≤ 10`,
  method: 'exact',
  arbitrary: () =>
    fc.record({
      rows: fc.array(
        fc.record({ x: fc.array(fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }), { minLength: MAX_FEATURES, maxLength: MAX_FEATURES }), y: fc.boolean() }),
        { minLength: MAX_N, maxLength: MAX_N },
      ),
      n: fc.integer({ min: 2, max: MAX_N }),
      features: fc.integer({ min: 1, max: MAX_FEATURES }),
      logLambdaTenths: fc.integer({ min: -20, max: 20 }),
      logScaleTenths: fc.integer({ min: -10, max: 10 }),
    }),
  falseFailureRate: () => 0,
  check(c) {
    const lambda = 10 ** (c.logLambdaTenths / 10);
    const a = 10 ** (c.logScaleTenths / 10);
    const base = logisticEvidence(problem(c, 1), lambda);
    const scaled = logisticEvidence(problem(c, a), lambda / (a * a));
    const diff = Math.abs(scaled.E - base.E);
    const allowed = 1e-8 * (1 + Math.abs(base.E));
    const pass = diff <= allowed;
    return {
      pass,
      lines: [
        `N = ${c.n}, ${c.features} feature(s) + bias, λ = ${fmt(lambda)}, a = ${fmt(a)}`,
        `${pass ? 'ok  ' : 'FAIL'} E(ω, λ) = ${base.E}, E(aω, λ/a²) = ${scaled.E}, |difference| = ${fmt(diff)} (allowed ${fmt(allowed)})`,
      ],
      axes: { N: c.n, d: c.features + 1, λ: lambda, a },
      scenarios: [], // the rescaled problem has no scenario form (its bias column is 1/a)
    };
  },
};
