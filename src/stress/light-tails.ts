/**
 * Where a simulation can check SGD on least squares (state-dependent minibatch noise): wherever SGD
 * is mean-square stable the exact stationary covariance holds, but when some step can expand
 * (ε |x_i|² > 2) the iterates can have a power-law tail with an infinite fourth moment (a Kesten
 * process), and then the spread of the replicas no longer measures the error of their mean. A
 * stress case therefore asks every single-example step to be non-expansive, ε max_i |x_i|² ≤ 2
 * (λ_max of any minibatch Hessian H_B is at most max_i |x_i|²), with a margin: ε ≤ 1.999 / max_i |x_i|².
 */
export function maxRowNormSquared(x: Float64Array, n: number, d: number): number {
  let max = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j] ** 2;
    max = Math.max(max, s);
  }
  return max;
}

/** The largest ε whose every single-example step is non-expansive (with the margin), for the N×d inputs x. */
export function nonExpansiveLearningRate(x: Float64Array, n: number, d: number): number {
  return 1.999 / maxRowNormSquared(x, n, d);
}
