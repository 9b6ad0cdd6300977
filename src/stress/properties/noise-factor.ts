import fc from 'fast-check';
import type { StressProperty } from '../property.js';
import { markovSampler } from '../arbitraries.js';
import { stationaryScenario } from '../scenario-builder.js';
import { fmt } from '../format.js';
import type { Sampler } from '../../dynamics/samplers.js';

/**
 * c(N,B) by exact enumeration (docs/theory.md §2): the covariance of the minibatch mean of N fixed
 * per-example vectors u_i, over every equally likely batch, equals c(N,B)·S with S the population
 * covariance of the u_i. Without replacement every B-subset is enumerated; with replacement every
 * multiset of B indices with its multinomial weight (so B up to N costs at most C(2N−1, N) terms).
 * Integer u_i keep the arithmetic exact up to rounding.
 */
interface Case {
  n: number;
  b: number;
  sampler: Sampler;
  /** per-example 2-vectors; the first n are used */
  values: [number, number][];
}

const MAX_N = 8;

/** Exact E[(ḡ_B − ū)(ḡ_B − ū)ᵀ] (2×2, row-major) over the sampler's batches. */
export function enumeratedBatchCovariance(u: [number, number][], b: number, sampler: Sampler): Float64Array {
  const n = u.length;
  const mean = [0, 0];
  for (const v of u) { mean[0] += v[0] / n; mean[1] += v[1] / n; }
  const cov = new Float64Array(4);
  let total = 0;
  const add = (counts: number[], weight: number) => {
    const g = [0, 0];
    for (let i = 0; i < n; i++) { g[0] += (counts[i] * u[i][0]) / b; g[1] += (counts[i] * u[i][1]) / b; }
    const e = [g[0] - mean[0], g[1] - mean[1]];
    for (let p = 0; p < 2; p++) for (let q = 0; q < 2; q++) cov[p * 2 + q] += weight * e[p] * e[q];
    total += weight;
  };
  const counts = new Array<number>(n).fill(0);
  const logFact = (k: number) => { let s = 0; for (let j = 2; j <= k; j++) s += Math.log(j); return s; };
  // every count vector with Σ counts = b (at most 1 each without replacement)
  const visit = (i: number, left: number): void => {
    if (i === n - 1) {
      if (sampler !== 'with-replacement' && left > 1) return;
      counts[i] = left;
      let w = 1;
      if (sampler === 'with-replacement') {
        let lw = logFact(b) - b * Math.log(n);
        for (const k of counts) lw -= logFact(k);
        w = Math.exp(lw); // multinomial probability of this multiset
      }
      add(counts, w);
      counts[i] = 0;
      return;
    }
    const top = sampler === 'with-replacement' ? left : Math.min(1, left);
    for (let k = 0; k <= top; k++) { counts[i] = k; visit(i + 1, left - k); }
    counts[i] = 0;
  };
  visit(0, b);
  for (let k = 0; k < 4; k++) cov[k] /= total;
  return cov;
}

export const noiseFactorProperty: StressProperty<Case> = {
  title: 'noise factor c(N,B)',
  prediction: 'Cov of the minibatch-mean gradient = c(N,B)·S: 1/B with replacement, (N−B)/(B(N−1)) without (exact enumeration of every batch)',
  region: `Markov samplers, 2 ≤ N ≤ ${MAX_N}, 1 ≤ B ≤ N, integer per-example gradients in [−9, 9]²`,
  method: 'exact',
  arbitrary: () =>
    fc.record({
      n: fc.integer({ min: 2, max: MAX_N }),
      b: fc.integer({ min: 1, max: MAX_N }),
      sampler: markovSampler,
      values: fc.array(fc.tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: -9, max: 9 })), { minLength: MAX_N, maxLength: MAX_N }),
    }),
  falseFailureRate: () => 0,
  check(c, ctx) {
    const n = c.n;
    const b = Math.min(c.b, n);
    const u = c.values.slice(0, n);
    const s = new Float64Array(4);
    const mean = [0, 0];
    for (const v of u) { mean[0] += v[0] / n; mean[1] += v[1] / n; }
    for (const v of u) for (let p = 0; p < 2; p++) for (let q = 0; q < 2; q++) s[p * 2 + q] += ((v[p] - mean[p]) * (v[q] - mean[q])) / n;
    const cf = ctx.formulas.noiseFactor(n, b, c.sampler);
    const exact = enumeratedBatchCovariance(u, b, c.sampler);
    let worst = 0;
    let scale = 0;
    for (let k = 0; k < 4; k++) { worst = Math.max(worst, Math.abs(exact[k] - cf * s[k])); scale = Math.max(scale, Math.abs(s[k])); }
    const pass = worst <= 1e-9 * (1 + scale);
    // implied c: the ratio on the largest diagonal entry of S
    const k = s[0] >= s[3] ? 0 : 3;
    const implied = s[k] > 0 ? exact[k] / s[k] : Number.NaN;
    return {
      pass,
      lines: [
        `N = ${n}, B = ${b}, ${c.sampler}, u = ${JSON.stringify(u)}`,
        `${pass ? 'ok  ' : 'FAIL'} formula c(N,B) = ${fmt(cf)}; enumeration of every batch gives Cov = ${fmt(implied)}·S; worst entry |Cov − c S| = ${fmt(worst)} (allowed ${fmt(1e-9 * (1 + scale))})`,
      ],
      axes: { N: n, B: b, 'B/N': b / n },
      // the same (N, B, sampler) in a runnable form: a 1-D quadratic whose noise variance is c(N,B)
      scenarios: [stationaryScenario({
        property: 'noise-factor',
        description: `stress counterexample (noise-factor) at N = ${n}, B = ${b}, ${c.sampler}: the 1-D quadratic's stationary variance is set by c(N,B); \`sgd-sde run\` reports it as sgd.trace.vs.exact`,
        seed: 1,
        model: { kind: 'quadratic', dim: 1, n, spectrum: [1], noise: { shape: 'isotropic', variance: 1 }, rotate: false },
        optimizer: { lr: 0.1, batchSize: b, momentum: 0, sampler: c.sampler },
        burnIn: 200,
        steps: 2000,
        replicas: 64,
        tolerance: ctx.tolerance,
      })],
    };
  },
};
