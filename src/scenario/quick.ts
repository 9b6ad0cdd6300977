import type { InputProblem } from '../errors.js';

/**
 * Helpers for reporting problems precisely: which field of the `quick` overrides a problem comes
 * from, and the raw input without the fields the schema already rejected (so that cross-field
 * checks do not repeat a problem in other words, e.g. "must list dim = 2.5 eigenvalues").
 */

/**
 * Rename a problem's path to `quick.<path>` when the offending value was set by the quick
 * overrides `quick` (merged into `base`, see merge.ts).
 */
export function fromQuick(problem: InputProblem, quick: Record<string, unknown>, base: Record<string, unknown>): InputProblem {
  const keys = parsePath(problem.path);
  if (keys === null) return problem;
  let q: unknown = quick;
  let b: unknown = base;
  for (const key of keys) {
    if (!isPlainObject(q) || !Object.prototype.hasOwnProperty.call(q, key)) return problem;
    q = q[String(key)];
    b = isPlainObject(b) ? b[String(key)] : undefined;
    // a scalar or an array replaces the base value wholesale, and a key the base lacks is new: whatever lies below came from quick
    if (!isPlainObject(q) || !isPlainObject(b)) return { ...problem, path: `quick.${problem.path}` };
  }
  // a problem about a whole object the overrides only touch (e.g. a missing field): not theirs alone
  return problem;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** "a.b[2].c" → ['a', 'b', 2, 'c']; null for paths that are not JSON paths ("<root>", "<file>"). */
export function parsePath(path: string): (string | number)[] | null {
  if (path === '' || path.startsWith('<')) return null;
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return null;
    if (m[1]) out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** A deep copy of `input` with the values at `paths` removed (array elements become undefined). */
export function withoutPaths(input: Record<string, unknown>, paths: readonly (readonly PropertyKey[])[]): Record<string, unknown> {
  const copy = structuredClone(input);
  for (const path of paths) {
    if (path.length === 0) continue;
    let v: unknown = copy;
    for (const key of path.slice(0, -1)) {
      if (v === null || typeof v !== 'object') break;
      v = (v as Record<PropertyKey, unknown>)[key as string];
    }
    if (v !== null && typeof v === 'object') delete (v as Record<PropertyKey, unknown>)[path[path.length - 1] as string];
  }
  return copy;
}
