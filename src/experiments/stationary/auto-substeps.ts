/**
 * The automatic SDE step of the stationary experiment (`dynamics.sde.substeps: "auto"`): enough
 * Euler–Maruyama substeps per SGD step that h λ_max ≤ 0.004, h = ε_eff / substeps, so the O(hλ)
 * bias of the integrator's stationary covariance stays far below the statistical errors.
 * The run (experiment.ts), its cost model (cost.ts) and the budget refusal (run/budget.ts) all use it.
 */
export const AUTO_H_LAMBDA = 0.004;

export function autoSubsteps(lrEff: number, lambdaMax: number): number {
  return Math.max(1, Math.ceil((lrEff * lambdaMax) / AUTO_H_LAMBDA));
}
