import { describe, it, expect } from 'vitest';
import { trainMlp, type MlpCellSpec } from '../../src/dynamics/train-mlp.js';

/**
 * One cell of the batch-size sweep: the MLP on an MNIST split. Fixed seeds throughout. Learning is
 * judged against chance (10 classes: 0.1, standard error of a 300-image test accuracy at chance
 * ≈ 0.017), not against a number tuned to this seed.
 */
const base: MlpCellSpec = {
  hidden: 64, trainPerClass: 20, testPerClass: 30, dataSeed: 1,
  lr: 0.1, momentum: 0.9, batchSize: 20, steps: 300, lambda: 0, sampler: 'without-replacement', seed: 3,
};

describe('trainMlp', () => {
  it('learns MNIST 0..9 from 200 images: test accuracy far above chance, training loss far below log 10', () => {
    const r = trainMlp({ ...base, hidden: 128, evalEvery: 100 });
    expect(r.diverged).toBe(false);
    expect(r.testAccuracy).toBeGreaterThan(0.6); // chance 0.1 ± 0.017
    expect(r.trainAccuracy).toBeGreaterThan(0.95);
    expect(r.trainLoss).toBeLessThan(0.1 * Math.log(10));
    expect(r.testLoss).toBeGreaterThan(r.trainLoss); // 200 images: it overfits
    expect(r.curve!.map((c) => c.step)).toEqual([0, 100, 200, 300]);
    expect(r.curve![0].trainLoss).toBeGreaterThan(0.8 * Math.log(10)); // starts near chance
    expect(r.curve![3].trainLoss).toBe(r.trainLoss);
    expect(r.curve![3].testAccuracy).toBe(r.testAccuracy);
  });

  it('the same spec gives the same result, bit for bit; another seed does not', () => {
    const spec: MlpCellSpec = { ...base, steps: 60, sampler: 'epoch-shuffle', lambda: 0.5 };
    const a = trainMlp(spec);
    expect(trainMlp({ ...spec })).toEqual(a);
    expect(trainMlp({ ...spec, threads: 2 })).toEqual(a); // helper threads change nothing
    expect(trainMlp({ ...spec, seed: 4 }).trainLoss).not.toBe(a.trainLoss);
    expect(trainMlp({ ...spec, dataSeed: 2 }).trainLoss).not.toBe(a.trainLoss);
  });

  it('every sampler trains; L2 in the summed convention shrinks the weights', () => {
    for (const sampler of ['with-replacement', 'without-replacement', 'epoch-shuffle'] as const) {
      expect(trainMlp({ ...base, sampler, steps: 150 }).trainAccuracy).toBeGreaterThan(0.8);
    }
    // λ = 100 summed over N = 200 examples is wd = 0.5 on the mean loss: it keeps the network near chance-level fit
    const strong = trainMlp({ ...base, steps: 150, lambda: 100 });
    const none = trainMlp({ ...base, steps: 150, lambda: 0 });
    expect(strong.trainLoss).toBeGreaterThan(none.trainLoss + 0.5);
  });

  it('reports divergence instead of throwing: ε λ/N > 2(1 + m) makes the L2 term unstable', () => {
    // wd = λ/N = 1/200, ε = 1e4: ε·wd = 50 > 3.8, so |ω| grows about 50-fold a step until float32 overflows
    const r = trainMlp({ ...base, lr: 1e4, lambda: 1, steps: 200, evalEvery: 10 });
    expect(r.diverged).toBe(true);
    expect(r.divergedAtStep).toBeGreaterThan(0);
    expect(r.divergedAtStep).toBeLessThan(100);
    expect(r.testAccuracy).toBeNaN();
    expect(r.trainLoss).toBeNaN();
    expect(r.curve!.at(-1)!.step).toBeLessThanOrEqual(r.divergedAtStep!);
    // its twin without the L2 term: at the same ε the ReLUs die and the loss stays large but finite
    const twin = trainMlp({ ...base, lr: 1e4, lambda: 0, steps: 200 });
    expect(twin.diverged).toBe(false);
    expect(twin.trainLoss).toBeGreaterThan(10);
  });

  it('a zero-step cell measures the initial network', () => {
    const r = trainMlp({ ...base, steps: 0 });
    expect(r.diverged).toBe(false);
    expect(Math.abs(r.trainLoss - Math.log(10))).toBeLessThan(0.5);
  });

  it('rejects an invalid spec, naming every problem', () => {
    expect(() => trainMlp({ ...base, hidden: 0, lr: -1, momentum: 1 })).toThrow(/hidden.*lr.*momentum/);
    expect(() => trainMlp({ ...base, batchSize: 201 })).toThrow(/exceeds the 200/);
    expect(() => trainMlp({ ...base, digits: [3, 3] })).toThrow(/distinct/);
  });
});
