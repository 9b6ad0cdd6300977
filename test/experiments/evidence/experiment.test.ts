import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadScenarioFile, parseScenario } from '../../../src/run/load-scenario.js';
import { runScenario } from '../../../src/run/runner.js';
import { lambdaValues } from '../../../src/experiments/evidence/schema.js';
import { evidencePredictions } from '../../../src/experiments/evidence/analysis.js';
import type { EvidenceRow } from '../../../src/experiments/evidence/lambda-chain.js';
import { seedAverage, type AveragedRow } from '../../../src/experiments/evidence/seed-average.js';
import { shuffleLabels } from '../../../src/data/random-labels.js';
import { twoGaussianClasses } from '../../../src/data/gaussian-classes.js';
import { spearman } from '../../../src/stats/spearman.js';
import { rngFor } from '../../../src/rng/streams.js';
import { InputError } from '../../../src/errors.js';
import { formatPredictionTable } from '../../../src/cli/table.js';

const scenarios = resolve(__dirname, '../../../scenarios');
const PER_LAMBDA = ['lambda', 'logEvidence', 'logDetHessian', 'minimumCost', 'E', 'EPerExample', 'trainAccuracy', 'testAccuracy', 'trainCrossEntropy', 'testCrossEntropy', 'meanMargin'];

describe('evidence experiment end to end', () => {
  it('runs the shipped synthetic scenario (quick), deterministically, with every per-λ field', async () => {
    const loaded = loadScenarioFile(join(scenarios, 'evidence-synthetic.json'), { quick: true });
    const a = await runScenario(loaded);
    const b = await runScenario(loaded);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const m = a.measured as { lambda: number[]; true: AveragedRow[]; random: AveragedRow[]; perSeed: { true: EvidenceRow[][]; random: EvidenceRow[][] } };
    expect(m.lambda).toHaveLength(13);
    // two seeds (quick): the seed-averaged curve is the mean of the replicates' curves
    expect(m.perSeed.true).toHaveLength(2);
    expect(m.perSeed.random).toHaveLength(2);
    for (const [averaged, replicates] of [[m.true, m.perSeed.true], [m.random, m.perSeed.random]] as const) {
      averaged.forEach((r, k) => expect(r.E).toBeCloseTo((replicates[0][k].E + replicates[1][k].E) / 2, 9));
      for (const row of averaged) for (const key of PER_LAMBDA) expect(Number.isFinite(row[key as keyof AveragedRow])).toBe(true);
    }
    for (const set of [...m.perSeed.true, ...m.perSeed.random]) {
      expect(set).toHaveLength(13);
      for (const row of set) {
        for (const key of PER_LAMBDA) expect(Number.isFinite(row[key as keyof EvidenceRow])).toBe(true);
        expect(row.relativeGradient).toBeLessThan(1e-10);
        // the identities of docs/theory.md §6
        expect(row.E).toBeCloseTo(-row.logEvidence - 100 * Math.LN2, 8);
        expect(row.logEvidence).toBeCloseTo(-row.minimumCost + row.logOccamFactor, 8);
        expect(row.logOccamFactor).toBeLessThanOrEqual(0);
      }
    }
    // every claim prints one line with its numbers and spread under its verdict row
    const table = formatPredictionTable(a);
    for (const p of a.predictions) {
      expect(p.summary).toMatch(/\d/);
      expect(table).toContain(`\n      ${p.summary}`);
    }
    expect(a.predictions.map((p) => p.id)).toEqual([
      'random.train.memorised', 'random.test.chance', 'random.E.positive',
      'true.E.negative', 'true.spearman.E.vs.test.cross.entropy', 'true.argmin.E.vs.test.cross.entropy',
    ]);
  });

  it('validates the shipped paper scenario and its quick variant', () => {
    for (const quick of [false, true]) {
      const s = loadScenarioFile(join(scenarios, 'paper-evidence-mnist.json'), { quick }).scenario as Record<string, any>;
      expect(s.data.mnist.trainPerClass).toBe(quick ? 100 : 400);
      expect(s.data.mnist.testPerClass).toBe(quick ? 1000 : 5000);
      expect(s.data.mnist).toMatchObject({ source: 'full', testSplit: 'train' });
      expect(s.seeds).toBe(quick ? 2 : 5);
      const grid = lambdaValues(s.lambda);
      expect(grid).toHaveLength(quick ? 12 : 45);
      // the grid reaches 1e-8 (where random labels are memorised) and 1e3, end points exact
      expect([grid[0], grid[grid.length - 1]]).toEqual([1e-8, 1e3]);
    }
  });

  it('takes the user\'s CSV relative to the scenario directory and reports the evidence per λ', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidence-csv-'));
    const rng = rngFor(9, 'csv-data');
    const rows = (n: number) => ['x1,x2,x3,y', ...Array.from({ length: n }, () => {
      const x = [rng.normal(), rng.normal(), rng.normal()];
      return [...x.map((v) => v.toFixed(6)), x[0] + 0.5 * rng.normal() > 0 ? 1 : 0].join(',');
    })].join('\n');
    writeFileSync(join(dir, 'train.csv'), rows(60));
    writeFileSync(join(dir, 'test.csv'), rows(200));
    const loaded = parseScenario({ experiment: 'evidence', data: { csv: 'train.csv', testCsv: 'test.csv' }, lambda: [0.1, 1, 10, 100] }, { baseDir: dir });
    const result = await runScenario(loaded);
    const m = result.measured as { true: AveragedRow[]; data: { trainExamples: number; weights: number } };
    expect(m.data).toMatchObject({ trainExamples: 60, weights: 4 });
    expect(m.true.map((r) => r.lambda)).toEqual([0.1, 1, 10, 100]);
    for (const r of m.true) for (const key of ['logEvidence', 'logDetHessian', 'minimumCost', 'E']) expect(Number.isFinite(r[key as keyof EvidenceRow])).toBe(true);

    // without a test set: a warning, and no test-based predictions
    const noTest = await runScenario(parseScenario({ experiment: 'evidence', data: { csv: 'train.csv' }, lambda: { min: 0.1, max: 10, count: 3 }, labels: ['true'] }, { baseDir: dir }));
    expect(noTest.warnings.join(' ')).toMatch(/no test set/);
    expect(noTest.predictions.map((p) => p.id)).toEqual(['true.E.negative']);
  });

  it('reports invalid input with JSON paths, all at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidence-bad-'));
    writeFileSync(join(dir, 'bad.csv'), 'x1,y\n1,0\n2,3\n');
    const problems = (raw: unknown): string[] => {
      try {
        parseScenario(raw, { baseDir: dir });
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as InputError).problems.map((p) => p.path);
      }
      return [];
    };
    expect(problems({ experiment: 'evidence', data: { csv: 'bad.csv' } })).toEqual(['data.csv']);
    expect(problems({ experiment: 'evidence', data: { csv: 'missing.csv' }, lambda: { min: 10, max: 1 } })).toEqual(['lambda.max', 'data.csv']);
    expect(problems({ experiment: 'evidence', data: { synthetic: { features: 2, trainPerClass: 5 } }, labels: ['true', 'true'], extra: 1 })).toContain('extra');
    expect(problems({ experiment: 'evidence', data: { mnist: { digits: [3, 3] } } })).toEqual(['data.mnist.digits']);
  });
});

describe('evidence predictions: the rules', () => {
  const row = (lambda: number, E: number, testCe: number, trainAcc = 1, testAcc = 0.5): EvidenceRow => ({
    lambda, E, EPerExample: E / 100, logEvidence: 0, logDetHessian: 0, logOccamFactor: 0, minimumCost: 0, gradientNorm: 0,
    relativeGradient: 0, newtonIterations: 1, trainAccuracy: trainAcc, testAccuracy: testAcc, trainCrossEntropy: 0, testCrossEntropy: testCe, meanMargin: 0,
    testPredictedPositive: 0.3,
  });
  const lambdas = [0.01, 0.1, 1, 10, 100, 1000];
  /** one seed: the averaged curve is the replicate itself */
  const one = (rows: EvidenceRow[]) => ({ averaged: seedAverage([rows]), replicates: [rows] });

  /** three seeds: the rows with small seed-to-seed differences in E and in the test cross-entropy */
  const three = (rows: EvidenceRow[]) => {
    const reps = [-1, 0, 1].map((d) => rows.map((r, k) => ({ ...r, E: r.E + 0.05 * d * ((k % 2) - 0.5), testCrossEntropy: (r.testCrossEntropy as number) + 0.001 * d * (k % 3) })));
    return { averaged: seedAverage(reps), replicates: reps };
  };
  const truth = lambdas.map((l, k) => row(l, [5, -2, -8, -6, -1, 2][k], [0.9, 0.5, 0.3, 0.35, 0.5, 0.69][k]));
  const random = lambdas.map((l, k) => row(l, [30, 20, 10, 5, 1, 1.5][k], 1 - 0.01 * k));
  const verdict = (sets: Parameters<typeof evidencePredictions>[0], id: string) => evidencePredictions(sets, 100, 400, 4).find((p) => p.id === id)?.verdict;

  it('the paper\'s shape passes: E > 0 for random labels, E < 0 for true labels, E correlated with the test cross-entropy; the argmin distance is reported, not judged', () => {
    const ok = evidencePredictions({ true: three(truth), random: three(random) }, 100, 400, 4);
    expect(ok.map((p) => [p.id, p.verdict])).toEqual([
      // 400 test images per seed cannot tell chance from 5 points above it: inconclusive
      ['random.train.memorised', 'PASS'], ['random.test.chance', 'N/E'], ['random.E.positive', 'PASS'], ['true.E.negative', 'PASS'],
      ['true.spearman.E.vs.test.cross.entropy', 'PASS'], ['true.argmin.E.vs.test.cross.entropy', 'INFO'],
    ]);
    // the distance is a continuous number of decades (parabola-refined argmins), not a count of grid steps
    const argmin = ok.find((p) => p.id === 'true.argmin.E.vs.test.cross.entropy')!;
    expect(Number.isInteger(argmin.measured * 4)).toBe(false);
    expect(Math.abs(argmin.measured)).toBeLessThan(1);
  });

  it('twins: each claim fails when the data say otherwise', () => {
    expect(verdict({ random: three(random.map((r, k) => (k === 3 ? { ...r, E: -0.5 } : r))) }, 'random.E.positive')).toBe('FAIL');
    expect(verdict({ random: three(random.map((r, k) => (k === 0 ? { ...r, trainAccuracy: 0.98 } : r))) }, 'random.train.memorised')).toBe('FAIL');
    expect(verdict({ true: three(truth.map((r) => ({ ...r, E: 1 }))) }, 'true.E.negative')).toBe('FAIL');
    // E anti-correlated with the test cross-entropy
    expect(verdict({ true: three(truth.map((r) => ({ ...r, E: -10 * (r.testCrossEntropy as number) }))) }, 'true.spearman.E.vs.test.cross.entropy')).toBe('FAIL');
  });

  it('one seed: the sign and the correlation have no spread to be judged with: N/E with the reason', () => {
    const single = evidencePredictions({ true: one(truth), random: one(random) }, 100, 400, 4);
    for (const id of ['random.E.positive', 'true.E.negative', 'true.spearman.E.vs.test.cross.entropy']) {
      const p = single.find((q) => q.id === id)!;
      expect([p.verdict, p.notEvaluable]).toEqual(['N/E', expect.stringMatching(/^one seed/)]);
      expect(p.stdError).toBe(0);
      expect(p.z).toBe(0);
    }
  });

  it('random-label chance level follows the label and prediction rates: p q + (1−p)(1−q)', () => {
    // 30 % predicted 1, 80 % labelled 1: chance = 0.38, s.e. √(0.38·0.62/10 000)/√3 = 0.0028 over three seeds
    const at = (acc: number) => evidencePredictions({ random: three(lambdas.map((l) => row(l, 1, 1, 1, acc))) }, 100, 10000, 4, 0.8)
      .find((p) => p.id === 'random.test.chance')!;
    expect(at(0.38).predicted).toBeCloseTo(0.38, 12);
    expect(at(0.385).verdict).toBe('PASS');
    expect(at(0.5).verdict).toBe('FAIL');
    // twin: 400 test images cannot tell chance from 5 points above it: inconclusive, not PASS
    const few = evidencePredictions({ random: three(lambdas.map((l) => row(l, 1, 1, 1, 0.385))) }, 100, 400, 4, 0.8).find((p) => p.id === 'random.test.chance')!;
    expect(few.verdict).toBe('N/E');
  });
});

describe('data helpers', () => {
  it('random labels are a seeded permutation: class counts kept, train and test shuffled differently', () => {
    const { train } = twoGaussianClasses({ features: 3, trainPerClass: 50, testPerClass: 0, separation: 2, seed: 4 });
    const a = shuffleLabels(train, 4, 0);
    const b = shuffleLabels(train, 4, 1);
    const sum = (y: Float64Array) => y.reduce((s, v) => s + v, 0);
    expect(sum(a.y)).toBe(50);
    expect(Array.from(a.y)).toEqual(Array.from(shuffleLabels(train, 4, 0).y));
    expect(Array.from(a.y)).not.toEqual(Array.from(b.y));
    expect(Array.from(a.y)).not.toEqual(Array.from(train.y));
    expect(a.x).toBe(train.x);
  });

  it('two Gaussian classes: balanced, deterministic, means δ apart along a unit direction', () => {
    const opts = { features: 4, trainPerClass: 2000, testPerClass: 10, separation: 3, seed: 8 };
    const { train, direction } = twoGaussianClasses(opts);
    expect(Array.from(twoGaussianClasses(opts).train.x.subarray(0, 8))).toEqual(Array.from(train.x.subarray(0, 8)));
    let proj0 = 0, proj1 = 0;
    for (let i = 0; i < train.n; i++) {
      let p = 0;
      for (let j = 0; j < 4; j++) p += train.x[i * 4 + j] * direction[j];
      if (train.y[i] === 0) proj0 += p; else proj1 += p;
    }
    // difference of class means along u: 3 ± √(2/2000) (s.e. 0.032); 4 s.e.
    expect(Math.abs((proj1 - proj0) / 2000 - 3)).toBeLessThan(4 * Math.sqrt(2 / 2000));
  });

  it('spearman: ±1 for monotone series, average ranks for ties', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 400])).toBeCloseTo(1, 14);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 14);
    expect(spearman([1, 1, 2, 3], [1, 2, 3, 4])).toBeCloseTo(0.9486832980505138, 12);
  });
});
