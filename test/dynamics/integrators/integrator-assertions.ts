import { expect } from 'vitest';
import type { IntegratorDeclaration, IntegratorSpec, NoiseType, Sde, SdeProvision } from '../../../src/dynamics/integrators/integrator.js';
import { gbmPairProblem, gbmProblem, ouProblem, weakFunction, type SdeTestProblem } from '../../../src/theory/sde-test-problems.js';
import { convergenceOrders, runConvergenceStudy, type ConvergenceOrders } from '../../../src/dynamics/convergence-study.js';
import { rngFor } from '../../../src/rng/streams.js';

/**
 * The integrator contract as shared assertions (fast-check's style for its arbitraries: one set of
 * assertions, applied to every implementation): contract.test.ts applies them to every registered
 * integrator, and to wrongly declared copies for the twins.
 *
 * The measurement: strong and weak errors on one SDE test problem over h = T/16 … T/256 (T = 1),
 * 10 000 shared Brownian paths, fixed seed; orders fitted with a relative correction ∝ h, standard
 * errors from 200 bootstrap replicates over paths (dynamics/convergence-study.ts). The SDE is
 * stripped of every provision (e.g. ∂g/∂x) the integrator does not declare it needs, so an
 * undeclared need fails here. A declared order passes when it is within TOLERANCE standard errors
 * of the measured one. Cost: about 0.5 s per (integrator, problem); each is measured once.
 */
export const TOLERANCE = 4;

const STUDY = { horizon: 1, steps: [16, 32, 64, 128, 256], paths: 10_000, bootstrap: 200, seed: 26 };

/**
 * One test problem per noise type. GBM's volatility is 1/2: its weak error (f(x) = x) comes from the
 * drift alone, while the paired estimator's noise grows like σ², so at σ = 1 the weak order would
 * carry a standard error near 0.2 and the twins could not reject an order off by 1/2.
 */
export const testProblems: Record<NoiseType, SdeTestProblem> = {
  additive: ouProblem({ theta: 1, sigma: 1, x0: 1 }),
  diagonal: gbmProblem({ mu: 1, sigma: 0.5, x0: 1 }),
  general: gbmPairProblem({ mu: 1, sigma: [0.3, 0.4], x0: 1 }),
};

/** The SDE without the optional provisions outside `keep`. */
export function withProvisionsOnly(sde: Sde, keep: readonly SdeProvision[]): Sde {
  if (sde.noise !== 'diagonal' || keep.includes('diffusionDerivative')) return sde;
  const { diffusionDerivative: _dropped, ...rest } = sde;
  return rest;
}

const measured = new Map<string, ConvergenceOrders>();

/** The measured orders of this integrator on this problem (memoised: the twins reuse the same data). */
export function measureOrders(spec: IntegratorSpec, problem: SdeTestProblem): ConvergenceOrders {
  const key = `${spec.name}/${problem.id}`;
  const known = measured.get(key);
  if (known) return known;
  const support = spec.noise[problem.sde.noise];
  if (!support) throw new Error(`${spec.name} declares no orders for ${problem.sde.noise} noise`);
  const study = runConvergenceStudy({
    integrator: spec,
    sde: withProvisionsOnly(problem.sde, support.needs ?? []),
    reference: problem.reference(STUDY.horizon, STUDY.horizon / Math.max(...STUDY.steps)),
    x0: problem.x0,
    horizon: STUDY.horizon,
    steps: STUDY.steps,
    weak: weakFunction(problem),
    paths: STUDY.paths,
    seed: STUDY.seed,
    cell: 0,
  });
  const orders = convergenceOrders(study, STUDY.bootstrap, rngFor(STUDY.seed, 'test-integrator-contract-bootstrap'));
  measured.set(key, orders);
  return orders;
}

function declared(spec: IntegratorDeclaration, problem: SdeTestProblem) {
  const support = spec.noise[problem.sde.noise];
  if (!support) throw new Error(`${spec.name} declares no orders for ${problem.sde.noise} noise`);
  return support;
}

/** The strong order measured on `problem` is the declared one, within TOLERANCE standard errors. */
export function assertDeclaredStrongOrder(spec: IntegratorSpec, problem: SdeTestProblem): void {
  const { strongSlope } = measureOrders(spec, problem);
  const order = declared(spec, problem).strongOrder;
  const z = (strongSlope.slope - order) / strongSlope.stdError;
  expect(Math.abs(z), `${spec.name} on ${problem.id}: strong order ${strongSlope.slope.toFixed(3)} ± ${strongSlope.stdError.toFixed(3)}, declared ${order}`).toBeLessThan(TOLERANCE);
}

/** The weak order measured on `problem` is the declared one, within TOLERANCE standard errors. */
export function assertDeclaredWeakOrder(spec: IntegratorSpec, problem: SdeTestProblem): void {
  const { weakSlope } = measureOrders(spec, problem);
  const order = declared(spec, problem).weakOrder;
  const z = (weakSlope.slope - order) / weakSlope.stdError;
  expect(Math.abs(z), `${spec.name} on ${problem.id}: weak order ${weakSlope.slope.toFixed(3)} ± ${weakSlope.stdError.toFixed(3)}, declared ${order}`).toBeLessThan(TOLERANCE);
}

/** Building a stepper for this SDE throws a TypeError naming the integrator and the SDE's noise type. */
export function assertRefuses(spec: IntegratorSpec, sde: Sde, missing?: RegExp): void {
  let error: unknown;
  try {
    spec.stepper(sde);
  } catch (e) {
    error = e;
  }
  expect(error, `${spec.name} built a stepper for an SDE with ${sde.noise} noise it should refuse`).toBeInstanceOf(TypeError);
  const message = (error as Error).message;
  expect(message).toContain(spec.name);
  expect(message).toContain(sde.noise);
  if (missing) expect(message).toMatch(missing);
}

/** A copy of the declaration with one order changed (for the twins). */
export function misdeclared(spec: IntegratorSpec, noise: NoiseType, change: { strongOrder?: number; weakOrder?: number }): IntegratorSpec {
  const support = spec.noise[noise];
  if (!support) throw new Error(`${spec.name} declares no orders for ${noise} noise`);
  return { ...spec, noise: { ...spec.noise, [noise]: { ...support, ...change } } };
}
