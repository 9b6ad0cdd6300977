import type { Loss } from '../models/loss.js';
import type { Rng } from '../rng/xoshiro.js';
import { createSampler } from './samplers.js';
import type { Sampler } from '../dynamics/samplers.js';
import { normSq, type TwoBatchEstimator } from '../stats/two-batch-estimator.js';

/**
 * Feed a two-batch estimator (stats/two-batch-estimator.ts) with `pairs` independent pairs of a
 * small and a big minibatch gradient at a fixed ω, drawn from any model's examples with the given
 * sampler (the estimator's noise factors must match it). The two batches of a pair are drawn
 * independently. With replacement a batch may be larger than N (B i.i.d. indices). Buffers are
 * allocated once per call, not per pair.
 */
export function addTwoBatchPairs(
  loss: Loss, w: Float64Array, estimator: TwoBatchEstimator,
  batches: { small: number; big: number; sampler: Sampler }, rng: Rng, pairs: number,
): void {
  const d = loss.dim;
  const gSmall = new Float64Array(d);
  const gBig = new Float64Array(d);
  const idxSmall = new Int32Array(batches.small);
  const idxBig = new Int32Array(batches.big);
  const iid = (b: number) => ({ next(out: Int32Array) { for (let k = 0; k < b; k++) out[k] = rng.int(loss.n); } });
  const sampler = (b: number) => (batches.sampler === 'with-replacement' ? iid(b) : createSampler(batches.sampler, loss.n, b, rng));
  const small = sampler(batches.small);
  const big = sampler(batches.big);
  for (let k = 0; k < pairs; k++) {
    small.next(idxSmall);
    loss.batchGradient(w, idxSmall, batches.small, gSmall);
    big.next(idxBig);
    loss.batchGradient(w, idxBig, batches.big, gBig);
    estimator.add(normSq(gSmall), normSq(gBig));
  }
}
