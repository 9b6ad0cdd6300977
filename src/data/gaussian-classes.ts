import { rngFor } from '../rng/streams.js';
import type { Dataset } from './dataset.js';

/**
 * Two Gaussian classes for binary classification: x | y=c ~ N((c − ½) δ u, I) in `features`
 * dimensions, u a unit vector drawn from the seed. δ is the distance between the class means in
 * units of the within-class standard deviation, so the Bayes error is Φ(−δ/2). Balanced classes;
 * training and test sets come from independent streams, so changing the test size leaves the
 * training set unchanged.
 */
export interface GaussianClassesOptions {
  features: number;
  trainPerClass: number;
  testPerClass: number;
  separation: number;
  seed: number;
}

export function twoGaussianClasses(options: GaussianClassesOptions): { train: Dataset; test: Dataset; direction: Float64Array } {
  const { features: d, separation, seed } = options;
  const dirRng = rngFor(seed, 'data-gaussian-classes', 0);
  const u = new Float64Array(d);
  dirRng.fillNormal(u);
  let norm = 0;
  for (let j = 0; j < d; j++) norm += u[j] * u[j];
  norm = Math.sqrt(norm);
  for (let j = 0; j < d; j++) u[j] /= norm;
  const make = (perClass: number, split: number): Dataset => {
    const n = 2 * perClass;
    const x = new Float64Array(n * d);
    const y = new Float64Array(n);
    for (let c = 0; c < 2; c++) {
      const rng = rngFor(seed, 'data-gaussian-classes', 1 + split, c);
      const shift = (c - 0.5) * separation;
      for (let r = 0; r < perClass; r++) {
        const i = c * perClass + r;
        rng.fillNormal(x, i * d, (i + 1) * d);
        for (let j = 0; j < d; j++) x[i * d + j] += shift * u[j];
        y[i] = c;
      }
    }
    return { n, d, x, y };
  };
  return { train: make(options.trainPerClass, 0), test: make(options.testPerClass, 1), direction: u };
}
