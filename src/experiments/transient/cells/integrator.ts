import { convergenceOrders, runConvergenceStudy, type ConvergenceLevel, type OrderEstimate } from '../../../dynamics/convergence-study.js';
import { assertCompatible, type NoiseType } from '../../../dynamics/integrators/integrator.js';
import { integrators, type IntegratorName } from '../../../dynamics/integrators/registry.js';
import { schemeMoments } from '../../../dynamics/integrators/scheme-moments.js';
import {
  gbmProblem, ouProblem, weakFunction, type GbmParameters, type OuParameters, type SdeTestProblem,
} from '../../../theory/sde-test-problems.js';
import { fitConvergenceOrder } from '../../../stats/convergence-order.js';
import { rngFor } from '../../../rng/streams.js';

/**
 * One integrator's own orders on one problem with a known solution (a worker task): a registered
 * integrator (dynamics/integrators/registry.ts) on OU (additive noise) or GBM (diagonal noise),
 * whichever it can integrate, with the strong and weak orders it declares for that noise type as
 * the expectation. All step counts share each Brownian path; the orders are fitted with a relative
 * correction ∝ h and bootstrap standard errors (dynamics/convergence-study.ts). The weak errors'
 * closed form is the integrator's own exact moment after n steps of h (dynamics/integrators/
 * scheme-moments.ts, from its one-step map) minus the SDE's exact E f(X_T).
 */
export type IntegratorProblem = { kind: 'ou'; params: OuParameters } | { kind: 'gbm'; params: GbmParameters };

/** The problem as an SDE with its exact solution (theory/sde-test-problems.ts). */
export function testProblem(p: IntegratorProblem): SdeTestProblem {
  return p.kind === 'ou' ? ouProblem(p.params) : gbmProblem(p.params);
}

export interface IntegratorPayload {
  integrator: IntegratorName;
  problem: IntegratorProblem;
  horizon: number;
  steps: number[];
  paths: number;
  bootstrap: number;
  seed: number;
  cell: number;
}

export interface IntegratorLevel extends ConvergenceLevel {
  /** E f(X^h_T) − E f(X_T) from the integrator's exact moments */
  weakClosedForm: number;
}

export interface IntegratorResult {
  integrator: IntegratorName;
  problem: IntegratorProblem['kind'];
  noise: NoiseType;
  weakFunction: string;
  /** the orders the integrator declares for this noise type */
  expectedStrongOrder: number;
  expectedWeakOrder: number;
  levels: IntegratorLevel[];
  strongSlope: OrderEstimate;
  weakSlope: OrderEstimate;
  /** the same fit of the closed-form weak errors over the same ladder (no noise) */
  weakClosedFormSlope: number;
}

export function integratorCell(p: IntegratorPayload): IntegratorResult {
  const spec = integrators[p.integrator];
  const problem = testProblem(p.problem);
  assertCompatible(spec, problem.sde);
  const declared = spec.noise[problem.sde.noise]!;
  const study = runConvergenceStudy({
    integrator: spec,
    sde: problem.sde,
    reference: problem.reference(p.horizon, p.horizon / Math.max(...p.steps)),
    x0: problem.x0,
    horizon: p.horizon,
    steps: p.steps,
    weak: weakFunction(problem),
    paths: p.paths,
    seed: p.seed,
    cell: p.cell,
  });
  // one resampling of path indices per bootstrap replicate serves every level (they share paths)
  const orders = convergenceOrders(study, p.bootstrap, rngFor(p.seed, 'convergence-bootstrap', p.cell));
  const exact = problem.weakExact(p.horizon);
  const levels: IntegratorLevel[] = orders.levels.map((l) => {
    const m = schemeMoments(spec, problem.sde, problem.x0, l.h, l.steps);
    return { ...l, weakClosedForm: (problem.weakPower === 2 ? m.secondMoment : m.mean) - exact };
  });
  return {
    integrator: p.integrator,
    problem: p.problem.kind,
    noise: problem.sde.noise,
    weakFunction: problem.weakPower === 2 ? 'f(x) = x²' : 'f(x) = x',
    expectedStrongOrder: declared.strongOrder,
    expectedWeakOrder: declared.weakOrder,
    levels,
    strongSlope: orders.strongSlope,
    weakSlope: orders.weakSlope,
    weakClosedFormSlope: fitConvergenceOrder(study.h, levels.map((l) => l.weakClosedForm), null, 1).order,
  };
}
