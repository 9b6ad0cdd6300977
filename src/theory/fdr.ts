/**
 * Fluctuation–dissipation identities of discrete SGD at stationarity (Yaida 2018; docs/theory.md §4),
 * exact for any loss once the iterates are stationary, so they check the simulator where no
 * closed-form covariance exists (logistic, networks):
 *
 *   m = 0:  ⟨ω · ∇L_B(ω)⟩ = (ε/2) ⟨|∇L_B(ω)|²⟩
 *   m > 0:  ⟨ω · ∇L_B(ω)⟩ = ((1+m)/(2ε)) ⟨|v|²⟩        (v ← m v − ε ∇L_B, ω ← ω + v)
 *
 * Both follow from the stationarity of ⟨|ω|²⟩ (and of ⟨ω·v⟩ with momentum); neither depends on the
 * origin of ω, since ⟨∇L_B⟩ = 0 at stationarity.
 */
export function fdrCoefficient(lr: number, momentum: number): number {
  return momentum === 0 ? lr / 2 : (1 + momentum) / (2 * lr);
}

