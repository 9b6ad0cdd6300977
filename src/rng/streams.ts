import { Rng } from './xoshiro.js';

/**
 * Independent, reproducible streams: one per (seed, purpose, keys…), for example
 * `rngFor(seed, 'sgd', cell, replica)`. The key list is hashed with murmur3's 32-bit finaliser into
 * the four state words, and the first outputs are discarded, so neighbouring keys give unrelated
 * streams. Results depend only on (seed, purpose, keys), never on thread count or call order.
 */
export function rngFor(seed: number, purpose: string, ...keys: number[]): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in [0, 4294967295], got ${seed}`);
  }
  const words = [seed >>> 0, hashString(purpose), ...keys.map((k) => k >>> 0), keys.length];
  const state: number[] = [];
  for (let lane = 0; lane < 4; lane++) {
    let h = Math.imul(lane + 1, 0x9e3779b9) >>> 0;
    for (const w of words) h = fmix32((h ^ fmix32((w + Math.imul(lane, 0x85ebca6b)) >>> 0)) + 0x6b43a9b5);
    state.push(h);
  }
  const rng = new Rng(state[0], state[1], state[2], state[3]);
  for (let i = 0; i < 16; i++) rng.nextU32();
  return rng;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
