import type { Dataset } from './dataset.js';

/**
 * Inputs with a constant-1 feature appended (the bias of a linear classifier), so that a model
 * with d features has d + 1 weights and the bias is one of them: the prior and the weight decay
 * treat it like every other weight, as in Smith & Le (2017) §3.
 */
export function appendBias(data: Dataset): Dataset {
  const { n, d } = data;
  const k = d + 1;
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    x.set(data.x.subarray(i * d, (i + 1) * d), i * k);
    x[i * k + d] = 1;
  }
  return { n, d: k, x, y: data.y };
}
