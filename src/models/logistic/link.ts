/**
 * The logistic link and its cross-entropy, written so that no margin overflows: for a logit z
 * and a label y ∈ {0, 1}, ℓ(z) = ln(1 + e^z) − y z, ℓ' = σ(z) − y, ℓ'' = σ(z)(1 − σ(z)).
 */

/** σ(z) = 1 / (1 + e^−z), without overflow for either sign. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** ln(1 + e^z), accurate for large |z| (log1p keeps the small side exact). */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Cross-entropy of label y ∈ {0,1} under logit z: softplus(z) − y z. */
export function logisticCrossEntropy(z: number, y: number): number {
  // written per label so that a confident correct prediction gives a tiny positive number, not 0 − 0 rounding
  return y > 0.5 ? softplus(-z) : softplus(z);
}

/** σ'(z) = σ(z)(1 − σ(z)), accurate for large |z| (where 1 − σ would round to 0). */
export function sigmoidDerivative(z: number): number {
  const e = Math.exp(-Math.abs(z));
  const q = 1 + e;
  return e / (q * q);
}
