import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { loadMnist, MNIST_COUNTS } from '../../src/data/mnist-full.js';
import { mnistFullHeldOut, mnistHeldOutCapacity } from '../../src/data/mnist-full-held-out.js';
import { binaryDataChecks, loadBinaryData } from '../../src/data/binary-source.js';

/**
 * Training and test images drawn from one split of full MNIST (the evidence experiment's 5000 + 5000
 * test set): a permutation per digit, so taking every image of a digit returns each exactly once
 * (the two sets are disjoint), the draw is a function of the seed, and the counts are validated.
 */
const rowHash = (x: Float64Array, i: number) => createHash('sha1').update(Buffer.from(x.buffer, x.byteOffset + i * 784 * 8, 784 * 8)).digest('hex');

describe('mnistFullHeldOut', () => {
  it('splits every zero of the training split into disjoint training and test images (a permutation)', () => {
    const zeros = MNIST_COUNTS.train[0];
    const { train, test } = mnistFullHeldOut({ digits: [0, 1], trainPerClass: 923, testPerClass: zeros - 923, seed: 4, split: 'train' });
    expect([train.n, test.n]).toEqual([2 * 923, 2 * (zeros - 923)]);
    const drawn: string[] = [];
    for (let i = 0; i < train.n; i++) if (train.y[i] === 0) drawn.push(rowHash(train.x, i));
    for (let i = 0; i < test.n; i++) if (test.y[i] === 0) drawn.push(rowHash(test.x, i));
    const all = loadMnist({ source: 'full', split: 'train' });
    const x = new Float64Array(784);
    const every: string[] = [];
    for (let i = 0; i < all.count; i++) {
      if (all.labels[i] !== 0) continue;
      for (let j = 0; j < 784; j++) x[j] = all.pixels[i * 784 + j] * all.scale;
      every.push(rowHash(x, 0));
    }
    expect(drawn.length).toBe(zeros);
    expect(drawn.sort()).toEqual(every.sort());
  });

  it('is a function of the seed, and another seed draws other images', () => {
    const a = mnistFullHeldOut({ digits: [0, 1], trainPerClass: 5, testPerClass: 5, seed: 1, split: 'train' });
    const b = mnistFullHeldOut({ digits: [0, 1], trainPerClass: 5, testPerClass: 5, seed: 1, split: 'train' });
    const c = mnistFullHeldOut({ digits: [0, 1], trainPerClass: 5, testPerClass: 5, seed: 2, split: 'train' });
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test.x).toEqual(b.test.x);
    expect(a.train.x).not.toEqual(c.train.x);
    expect(Array.from(a.train.y)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(mnistHeldOutCapacity('train', [0, 1], 400)).toBe(5523);
  });

  it('data.mnist source "full": 5000 + 5000 test images need testSplit "train"; the counts are checked', () => {
    const spec = (testPerClass: number, testSplit?: 'train' | 'test') => ({ mnist: { digits: [0, 1] as [number, number], trainPerClass: 400, testPerClass, source: 'full' as const, ...(testSplit ? { testSplit } : {}) } });
    expect(binaryDataChecks(spec(5000, 'train'), '.', 'data')).toEqual([]);
    expect(binaryDataChecks(spec(5523, 'train'), '.', 'data')).toEqual([]);
    expect(binaryDataChecks(spec(5524, 'train'), '.', 'data').map((p) => p.path)).toEqual(['data.mnist']);
    // the official test split holds 980 zeros
    expect(binaryDataChecks(spec(980), '.', 'data')).toEqual([]);
    expect(binaryDataChecks(spec(981), '.', 'data').map((p) => p.path)).toEqual(['data.mnist.testPerClass']);
    expect(binaryDataChecks({ mnist: { digits: [0, 1], trainPerClass: 4, testPerClass: 4, testSplit: 'train' } }, '.', 'data').map((p) => p.path)).toEqual(['data.mnist.testSplit']);
    const loaded = loadBinaryData(spec(7, 'train'), { seed: 3, baseDir: '.' });
    expect([loaded.train.n, loaded.test?.n]).toEqual([800, 14]);
    expect(loaded.source).toMatch(/full MNIST/);
  });
});
