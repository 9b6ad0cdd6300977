import { rngFor } from '../../../src/rng/streams.js';
import { SCHEMA_VERSION, type Result } from '../../../src/core/result.js';

/**
 * Synthetic network batch-size results, built to collapse exactly in one variable: every run's
 * test accuracy is chance + s_N · F(ln x) + N(0, σ²), x = g = ε(N/B − 1)/(1−m) or x = the step
 * ε/(B(1−m)), with a plateau s_N that rises with N (more data generalise better) and F a smooth
 * curve: a trainability edge (a logistic of width `width` in ln x at x_edge, above which nothing
 * trains) times a gentle fall towards small x (large batches generalise worse). Fixed seeds; the
 * results are shaped as `batch-size` writes them, so the runner validates them like real files.
 */
export type Truth = 'noiseScale' | 'step';

export interface SyntheticOptions {
  truth: Truth;
  n?: number[];
  lr?: number[];
  momentum?: number;
  batchSizes?: number[];
  runs?: number;
  noise?: number;
  width?: number;
  seed?: number;
  /** steps of every run (default 10 000); a sweep at fixed SDE time has steps = T(1−m)/ε */
  steps?: number;
}

const CHANCE = 0.1;

function logGrid(min: number, max: number, count: number): number[] {
  return [...new Set(Array.from({ length: count }, (_, k) => Math.round(Math.exp(Math.log(min) + ((Math.log(max) - Math.log(min)) * k) / (count - 1)))))];
}

/** F(u): 0 above the edge, a plateau of 1 at its foot, falling gently towards small x. */
function shape(u: number, edge: number, width: number): number {
  const trains = 1 / (1 + Math.exp((u - edge) / width));
  return trains * (1 - 0.02 * Math.max(0, edge - 1 - u) ** 1.5);
}

export function syntheticSweep(o: SyntheticOptions): Result {
  const ns = o.n ?? [250, 1000, 4000];
  const lrs = o.lr ?? [0.1];
  const m = o.momentum ?? 0.9;
  const grid = o.batchSizes ?? logGrid(1, 512, 13);
  const runs = o.runs ?? 3;
  const sigma = o.noise ?? 0.01;
  const width = o.width ?? 1;
  const seed = o.seed ?? 7;
  // edges: g = 60 (B ≈ 17 at N = 1000, ε = 0.1, m = 0.9), or a step of 0.2 (B = 5 at ε/(1−m) = 1)
  const edge = o.truth === 'noiseScale' ? Math.log(60) : Math.log(0.2);
  let pointIndex = 0;
  const points = [];
  for (const n of ns) {
    for (const lr of lrs) {
      const plateau = 0.9 - 0.6 / Math.sqrt(n); // accuracy above chance rises with N
      const o_ = pointIndex++;
      const bs = [...grid.filter((b) => b < n), n];
      const cells = bs.map((b, k) => {
        const g = (lr * (n / b - 1)) / (1 - m);
        const x = o.truth === 'noiseScale' ? g : lr / (b * (1 - m));
        // the full batch (g = 0) is left out of the collapse; give it the large-batch level
        const truthAcc = CHANCE + plateau * (b >= n ? 0.8 : shape(Math.log(x), edge, width));
        const rng = rngFor(seed, 'synthetic-collapse', o_, k);
        const seeds = Array.from({ length: runs }, () => Math.min(1, Math.max(0, truthAcc + sigma * rng.normal())));
        const acc = seeds.reduce((a, v) => a + v, 0) / runs;
        const sd = Math.sqrt(seeds.reduce((a, v) => a + (v - acc) ** 2, 0) / (runs - 1));
        return {
          batchSize: b, g, gPaper: g, mean: 1 - acc, stdError: sd / Math.sqrt(runs), seeds,
          testAccuracy: acc, testAccuracyStdError: sd / Math.sqrt(runs), trainAccuracy: 1, testLoss: 0.3, diverged: 0,
        };
      });
      points.push({
        label: o_ === 0 ? 'base' : `N=${n}`, lr, n, momentum: m, steps: o.steps ?? 10000, cells,
        bOpt: { value: null, lnStdError: null, ci95: [null, null], bestBatchSize: null, interior: false, method: 'synthetic' },
        gOpt: null,
      });
    }
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'sgd-sde', version: 'synthetic', node: 'v0', backend: 'js' },
    experiment: 'batch-size',
    name: `synthetic-${o.truth}`,
    scenario: { experiment: 'batch-size', model: { kind: 'mlp', hidden: 800, digits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], trainPerClass: 100, dataSeed: 0, lambda: 0, data: 'full' } },
    seed,
    quick: false,
    predictions: [],
    measured: { objective: 'test error', points, slopes: {} },
    theory: { paperSlope: 1, law: 'synthetic' },
    warnings: [],
  } as unknown as Result;
}
