import { rngFor } from '../rng/streams.js';
import type { Dataset } from './dataset.js';
import { loadMnist, MNIST_COUNTS, type MnistSplitName } from './mnist-full.js';

/**
 * A balanced train/test draw of some digits from ONE split of the full MNIST database
 * (mnist-full.ts), for experiments that need a test set larger than MNIST's own test split
 * holds per class (980 zeros): for each digit, a seeded Fisher–Yates permutation (stream
 * 'mnist-full-held-out', split, digit) of that split's images of the digit, in file order before
 * the shuffle; the first trainPerClass go to training, the next testPerClass to test. Disjoint by
 * construction, and at most count(digit) = MNIST_COUNTS[split][digit] images in all:
 *
 *     trainPerClass + testPerClass ≤ count(digit)     (split 'train': 5923 zeros, 6742 ones)
 *
 * Test images drawn this way come from the same writers' population as the training images
 * (MNIST's official test split has writers disjoint from its training split); they are new images,
 * not new writers. Labels are the positions of the digits in `digits`; examples class by class;
 * pixels in [0, 1] (byte/255).
 */
export interface MnistHeldOutOptions {
  digits: number[];
  trainPerClass: number;
  testPerClass: number;
  seed: number;
  /** the split both sets are drawn from */
  split: MnistSplitName;
}

const PIXELS = 784;

/** Largest testPerClass a split allows next to trainPerClass training images of every digit. */
export function mnistHeldOutCapacity(split: MnistSplitName, digits: readonly number[], trainPerClass: number): number {
  return Math.min(...digits.map((d) => MNIST_COUNTS[split][d])) - trainPerClass;
}

export function mnistFullHeldOut(options: MnistHeldOutOptions): { train: Dataset; test: Dataset } {
  const { digits, trainPerClass, testPerClass, seed, split } = options;
  const images = loadMnist({ source: 'full', split });
  const trainRows: number[] = [];
  const testRows: number[] = [];
  const trainY: number[] = [];
  const testY: number[] = [];
  digits.forEach((digit, label) => {
    const idx: number[] = [];
    for (let i = 0; i < images.count; i++) if (images.labels[i] === digit) idx.push(i);
    if (trainPerClass + testPerClass > idx.length) {
      throw new RangeError(`MNIST ${split} has ${idx.length} images of digit ${digit}; asked for ${trainPerClass} + ${testPerClass}`);
    }
    const perm = Int32Array.from(idx);
    const rng = rngFor(seed, 'mnist-full-held-out', split === 'train' ? 0 : 1, digit);
    for (let i = perm.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }
    for (let k = 0; k < trainPerClass + testPerClass; k++) {
      if (k < trainPerClass) { trainRows.push(perm[k]); trainY.push(label); } else { testRows.push(perm[k]); testY.push(label); }
    }
  });
  const pack = (rows: number[], y: number[]): Dataset => {
    const x = new Float64Array(rows.length * PIXELS);
    rows.forEach((r, i) => {
      const from = r * PIXELS;
      const to = i * PIXELS;
      for (let j = 0; j < PIXELS; j++) x[to + j] = images.pixels[from + j] * images.scale;
    });
    return { n: rows.length, d: PIXELS, x, y: Float64Array.from(y) };
  };
  return { train: pack(trainRows, trainY), test: pack(testRows, testY) };
}
