import type { Dataset } from './dataset.js';

/**
 * Centred inputs: subtract the training set's mean input (per feature) from the training and the
 * test set, so both go through the same affine map and no test statistic leaks into training.
 * For MNIST this turns sparse [0, 1] pixels into dense ones of mean 0 on the training set.
 */
export function centrePixels(train: Dataset, test: Dataset): { train: Dataset; test: Dataset } {
  const d = train.d;
  if (test.d !== d) throw new RangeError(`train has ${d} features, test ${test.d}`);
  const mu = new Float64Array(d);
  for (let i = 0; i < train.n; i++) for (let j = 0; j < d; j++) mu[j] += train.x[i * d + j];
  for (let j = 0; j < d; j++) mu[j] /= train.n;
  const shift = (data: Dataset): Dataset => {
    const x = Float64Array.from(data.x);
    for (let i = 0; i < data.n; i++) for (let j = 0; j < d; j++) x[i * d + j] -= mu[j];
    return { n: data.n, d, x, y: data.y };
  };
  return { train: shift(train), test: shift(test) };
}
