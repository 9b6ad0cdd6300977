import fc from 'fast-check';
import type { StressProperty } from '../property.js';
import { buildQuadratic } from '../../models/quadratic.js';
import { trace } from '../../linalg/dense.js';
import { caseSeed, markovSampler, quadraticModelSpec, quadraticShape, spectrumOf, type QuadraticShape } from '../arbitraries.js';
import { quadraticRelaxationSteps } from '../relaxation.js';
import { stationaryCase } from '../stationary-case.js';
import { measureStationary } from '../simulate.js';
import { judge, type Comparison } from '../comparisons.js';
import { caseFalseFailureRate } from '../tolerance.js';
import { fmt, round4 } from '../format.js';
import type { Sampler } from '../../dynamics/samplers.js';

/**
 * The collapse (docs/theory.md §3): in the OU region N·E[L − L*] = g tr S / 4 depends on (ε, B, N, m)
 * only through g = εN c(N,B)/(1−m). Cells that differ in ε, B, N and m but share g must all
 * measure the same N × excess loss. The OU value is a leading-order statement: per eigen-mode the
 * exact discrete excess loss is larger by 2(1+m)/(2(1+m) − ελ_j), so each cell is allowed exactly
 * that one-sided bias (≤ 2.6% at ε λ_max ≤ 0.1), and beyond it only its standard error.
 */
interface Cell {
  /** N in steps of 10 */
  tens: number;
  momentum: 0 | 0.5 | 0.8;
  /** the ε λ_max the cell aims for, in thousandths */
  targetPermille: number;
}

interface Case {
  shape: QuadraticShape;
  /** g in tenths */
  gTenths: number;
  cells: Cell[];
  sampler: Sampler;
  seed: number;
}

const REGION_MAX = 0.1; // ε λ_max at most this: the OU region
const REGION_MIN = 0.005; // and at least this: relaxation within a few thousand steps

/** The B that puts ε = g(1−m)/(N c(N,B)) closest to the target, with that ε. */
function cellSetting(g: number, n: number, m: number, target: number, sampler: Sampler, noiseFactor: (n: number, b: number, s: Sampler) => number) {
  let best: { b: number; lr: number } | null = null;
  const top = sampler === 'with-replacement' ? n : n - 1;
  for (let b = 1; b <= top; b++) {
    const c = noiseFactor(n, b, sampler);
    if (!(c > 0)) continue;
    const lr = (g * (1 - m)) / (n * c);
    if (!best || Math.abs(Math.log(lr / target)) < Math.abs(Math.log(best.lr / target))) best = { b, lr };
  }
  return best;
}

export const collapse: StressProperty<Case> = {
  title: 'g collapse (N × excess loss)',
  prediction: 'N·E[L − L*] = g tr S / 4 in the OU region: cells differing in ε, B, N, m at equal g measure the same value (one-sided allowance 2(1+m)/(2(1+m) − ε λ_max) for the exact discrete correction)',
  region: `quadratic, Markov sampler, d ≤ 3, 2–3 cells with N ∈ [20, 400], m ∈ {0, 0.5, 0.8}, ${REGION_MIN} ≤ ε λ_max ≤ ${REGION_MAX}, 0.2 ≤ g ≤ 3`,
  method: 'simulation',
  arbitrary: () =>
    fc.record({
      shape: quadraticShape(3),
      gTenths: fc.integer({ min: 2, max: 30 }),
      cells: fc.array(
        fc.record({
          tens: fc.integer({ min: 2, max: 40 }),
          momentum: fc.constantFrom<0 | 0.5 | 0.8>(0, 0.5, 0.8),
          targetPermille: fc.integer({ min: 5, max: 100 }),
        }),
        { minLength: 2, maxLength: 3 },
      ),
      sampler: markovSampler,
      seed: caseSeed,
    }),
  falseFailureRate: (ctx) => caseFalseFailureRate(ctx.tolerance),
  async check(c, ctx) {
    const g = c.gTenths / 10;
    const spectrum = spectrumOf(c.shape);
    const lambdaMax = Math.max(...spectrum);
    const settings = c.cells.map((cell) => {
      const n = 10 * cell.tens;
      const s = cellSetting(g, n, cell.momentum, cell.targetPermille / 1000 / lambdaMax, c.sampler, ctx.formulas.noiseFactor);
      return { n, m: cell.momentum, ...(s ?? { b: 0, lr: Number.NaN }) };
    });
    fc.pre(settings.every((s) => s.lr * lambdaMax >= REGION_MIN && s.lr * lambdaMax <= REGION_MAX));
    const traceS = trace(buildQuadratic(quadraticModelSpec(c.shape, settings[0].n), c.seed).noiseCovariance, c.shape.dim);
    const predicted = (g * traceS) / 4;
    const scenarios = settings.map((s, k) =>
      stationaryCase({
        property: `collapse-cell-${k + 1}`,
        description: `stress counterexample (collapse), cell ${k + 1} of ${settings.length} at g = ${g}: compare N·excess loss (sgd.excess-loss.vs.g) across the cells; all share g = ε N c(N,B)/(1−m), so all should measure g tr S / 4 = ${fmt(predicted)}`,
        seed: c.seed,
        model: quadraticModelSpec(c.shape, s.n),
        optimizer: { lr: s.lr, batchSize: s.b, momentum: s.m, sampler: c.sampler },
        relaxationSteps: quadraticRelaxationSteps(spectrum, s.lr, s.m),
      }, ctx).scenario,
    );
    const comparisons: Comparison[] = [];
    let replicas = Infinity;
    for (let k = 0; k < settings.length; k++) {
      const s = settings[k];
      const meas = await measureStationary(scenarios[k]);
      replicas = Math.min(replicas, meas.replicas);
      const bound = 2 * (1 + s.m);
      comparisons.push({
        label: `cell ${k + 1} (N = ${s.n}, B = ${s.b}, m = ${s.m}, ε = ${fmt(s.lr)}, ε λ_max = ${round4(s.lr * lambdaMax)}): N × excess loss`,
        predicted,
        measured: meas.excessLoss.value,
        stdError: meas.excessLoss.stdError,
        allowance: { low: 1, high: bound / (bound - s.lr * lambdaMax) },
      });
    }
    const judged = judge(comparisons, ctx.tolerance, replicas);
    return {
      pass: judged.pass,
      pValue: judged.pValue,
      lines: [`g = ${g}, tr S = ${fmt(traceS)}, ${c.sampler}: predicted N × excess loss = g tr S / 4 = ${fmt(predicted)} in every cell`, ...judged.lines],
      axes: { g, 'ε λ_max': settings.map((s) => s.lr * lambdaMax), N: settings.map((s) => s.n), 'B/N': settings.map((s) => s.b / s.n), m: settings.map((s) => s.m), cells: settings.length },
      scenarios,
    };
  },
};
