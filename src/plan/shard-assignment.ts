/**
 * Which cells shard K of N runs: longest-processing-time-first greedy on the cost model.
 *
 *   order the cells by estimated cost, dearest first (equal costs: lower index first);
 *   give each in turn to the shard with the least estimated load so far (equal loads: lower shard).
 *
 * The assignment is a pure function of the cost list and N (no randomness, no clock), so every
 * task of a job array computes the same partition independently; LPT's makespan is within 4/3 of
 * the best possible. N may exceed the number of cells: the extra shards are empty (and their
 * shard files say so, so `merge` still sees a complete set). Only the estimates' ratios matter.
 */
export interface ShardSpec {
  /** this shard, 0-based */
  index: number;
  /** number of shards */
  count: number;
}

/** Parse "K/N" (0 ≤ K < N, N ≤ 100000); returns a message on a bad value. */
export function parseShardSpec(text: string): ShardSpec | { error: string } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return { error: 'must be K/N with integers 0 ≤ K < N (e.g. 0/4)' };
  const index = Number(m[1]), count = Number(m[2]);
  if (!(count >= 1 && count <= 100000)) return { error: 'the shard count N must be an integer in [1, 100000]' };
  if (!(index < count)) return { error: `the shard index K must be in [0, ${count - 1}]` };
  return { index, count };
}

/** shardOf[i] = the shard that runs cell i. */
export function assignShards(costs: readonly number[], count: number): number[] {
  const order = costs.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b);
  const load = new Float64Array(count);
  const shardOf = new Array<number>(costs.length);
  for (const i of order) {
    let best = 0;
    for (let k = 1; k < count; k++) if (load[k] < load[best]) best = k;
    shardOf[i] = best;
    load[best] += costs[i];
  }
  return shardOf;
}

/** The cell indices of one shard, ascending. */
export function cellsOfShard(costs: readonly number[], spec: ShardSpec): number[] {
  const shardOf = assignShards(costs, spec.count);
  const out: number[] = [];
  shardOf.forEach((k, i) => { if (k === spec.index) out.push(i); });
  return out;
}
