import type { z } from 'zod';
import type { InputProblem } from '../errors.js';

/** Turn zod issues into problems that name the JSON path, the value found and what is allowed. */
export function zodProblems(error: z.ZodError, input: unknown): InputProblem[] {
  const out: InputProblem[] = [];
  for (const issue of error.issues) {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: joinPath(path, key), message: 'unknown field (not allowed here; check the spelling against `sgd-sde schema`)' });
      }
      continue;
    }
    if (issue.code === 'invalid_union' && 'errors' in issue && Array.isArray(issue.errors)) {
      // report the alternative that got furthest, with its own path
      const best = issue.errors.slice().sort((a, b) => deepest(b) - deepest(a))[0];
      if (best && best.length > 0) {
        for (const sub of best) {
          const p = formatPath([...issue.path, ...sub.path]);
          out.push({ path: p, message: sub.message, value: valueAt(input, [...issue.path, ...sub.path]) });
        }
        continue;
      }
    }
    out.push({ path, message: issue.message, value: valueAt(input, issue.path) });
  }
  return out;
}

function deepest(issues: readonly { path: readonly PropertyKey[] }[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const key of path) {
    if (typeof key === 'number') s += `[${key}]`;
    else s = s ? `${s}.${String(key)}` : String(key);
  }
  return s;
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key as string];
  }
  if (v === undefined) return undefined;
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? `[array of ${v.length}]` : '{object}';
  return v;
}
