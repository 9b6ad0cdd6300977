/**
 * The automatic burn-in of the stationary experiment (`run.burnIn: "auto"`): ten relaxation times
 * of the slowest mode, 10 / (ε_eff λ_min) SGD steps (λ_min the smallest eigenvalue of the Hessian at
 * the minimum: for least squares the data's XᵀX/N, for logistic regression its Hessian there), at
 * most AUTO_BURN_IN_CAP. The run (experiment.ts), its cost model (cost.ts) and the check that
 * refuses an 'auto' burn-in the cap would cut short (schema.ts) all use it.
 */
export const AUTO_BURN_IN_CAP = 1_000_000;

/** 10 / (ε_eff λ_min) steps, uncapped (λ_min floored at 1e-12). */
export function relaxationBurnIn(lrEff: number, lambdaMin: number): number {
  return Math.ceil(10 / (lrEff * Math.max(lambdaMin, 1e-12)));
}

/** The burn-in the run uses: the scenario's number, or the automatic one capped at AUTO_BURN_IN_CAP. */
export function burnInSteps(burnIn: number | 'auto', lrEff: number, lambdaMin: number): number {
  return burnIn === 'auto' ? Math.min(AUTO_BURN_IN_CAP, relaxationBurnIn(lrEff, lambdaMin)) : burnIn;
}
