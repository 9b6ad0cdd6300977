import { rngFor } from '../rng/streams.js';
import type { Dataset } from './dataset.js';

/**
 * Random labels (Smith & Le 2017 §3, after Zhang et al. 2016): the labels of a data set permuted
 * by a seeded Fisher–Yates shuffle, inputs untouched. A permutation keeps the class balance
 * exactly while destroying any relation between input and label. `split` keys the stream, so
 * training and test labels are shuffled independently.
 */
export function shuffleLabels(data: Dataset, seed: number, split: number): Dataset {
  const y = Float64Array.from(data.y);
  const rng = rngFor(seed, 'random-labels', split);
  for (let i = y.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = y[i];
    y[i] = y[j];
    y[j] = t;
  }
  return { n: data.n, d: data.d, x: data.x, y };
}
