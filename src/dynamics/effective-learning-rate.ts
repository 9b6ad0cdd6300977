/**
 * The effective learning rate ε_eff = ε/(1 − m): with momentum m, heavy-ball SGD moves like plain
 * SGD with step ε/(1 − m) on time scales longer than 1/(1 − m) steps (docs/theory.md §1); one SGD step
 * is ε_eff of SDE time.
 */
export function effectiveLearningRate(lr: number, momentum: number): number {
  return lr / (1 - momentum);
}
