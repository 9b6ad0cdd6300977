import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isExperimentKind } from '../../src/run/registry.js';
import { formatPath } from '../../src/scenario/issues.js';

/**
 * Scenario mutations for the fuzz tests: start from the shipped scenarios (and a small sweep) and
 * break fields — wrong types, negatives, NaN-like strings, huge numbers, deleted required fields,
 * unknown fields, wrong nesting — keeping the result representable as JSON.
 */
export const root = join(import.meta.dirname, '..', '..');

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** Shipped scenarios of the experiment kinds (the stress command's own scenario files are not experiments). */
export function shippedScenarios(): { file: string; scenario: Record<string, Json> }[] {
  const dir = join(root, 'scenarios');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: join(dir, f), scenario: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, Json> }))
    .filter((s) => isExperimentKind(s.scenario.experiment));
}

/** A sweep small enough to run in tests (batch-size on the toy potential, 20 cells). */
export const smallSweep = {
  experiment: 'batch-size',
  name: 'reliability-sweep',
  seed: 3,
  model: { kind: 'potential', n: 64, noise: { variance: 1 } },
  optimizer: { lr: 0.05 },
  batchSizes: [2, 4, 8, 16, 32],
  run: { seeds: 4, sdeTime: 200, burnInTime: 10 },
  fit: { bootstrap: 50 },
  theory: { gridPoints: 201 },
};

/** Every path in a JSON value (objects, arrays and leaves), root excluded. */
export function allPaths(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push([...prefix, i], ...allPaths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...allPaths(v, [...prefix, k]));
  return out;
}

export function getAt(value: Json, path: Path): Json | undefined {
  let v: Json | undefined = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, Json>)[key];
  }
  return v;
}

function setAt(value: Json, path: Path, replacement: Json | undefined): void {
  let v = value as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) v = v[key] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (replacement === undefined) {
    if (Array.isArray(v)) v.splice(last as number, 1);
    else delete v[last];
  } else v[last] = replacement;
}

/** Values that are wrong for almost every field. */
export const badValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, 'NaN', 'Infinity', '-1', '1e400', '', ' ', -1, 0, -0.5, 1e308, -1e308, 2 ** 53, 2 ** 64, 1.5, true, false, [], {}, [[]], { value: 1 }),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

export type MutationKind = 'replace' | 'delete' | 'unknown-field' | 'wrap' | 'wrong-type';
export interface Mutation { kind: MutationKind; path: string; pathKeys: Path; original: Json | undefined }

export interface MutationSpec { kind: MutationKind; pick: number; value: Json; key: string }

export const mutationSpec: fc.Arbitrary<MutationSpec> = fc.record({
  kind: fc.constantFrom<MutationKind>('replace', 'delete', 'unknown-field', 'wrap', 'wrong-type'),
  pick: fc.nat(),
  value: badValue,
  key: fc.constantFrom('colour', 'lr ', 'Optimizer', 'batch_size', '__proto__x', 'steps2'),
});

/** Apply 1–3 mutations to a copy of `base`; returns the mutated scenario and what was done. */
export function mutate(base: Record<string, Json>, specs: readonly MutationSpec[]): { scenario: Json; mutations: Mutation[] } {
  const scenario = structuredClone(base) as Json;
  const mutations: Mutation[] = [];
  for (const spec of specs) {
    const paths = allPaths(scenario);
    if (paths.length === 0) break;
    const path = paths[spec.pick % paths.length];
    const original = getAt(scenario, path);
    if (original === undefined) continue;
    switch (spec.kind) {
      case 'replace':
        setAt(scenario, path, spec.value);
        break;
      case 'delete':
        setAt(scenario, path, undefined);
        break;
      case 'unknown-field': {
        const target = original !== null && typeof original === 'object' && !Array.isArray(original) ? path : path.slice(0, -1);
        const obj = target.length ? getAt(scenario, target) : scenario;
        if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) (obj as Record<string, Json>)[spec.key] = spec.value;
        mutations.push({ kind: spec.kind, path: formatPath([...target, spec.key]), pathKeys: [...target, spec.key], original: undefined });
        continue;
      }
      case 'wrap':
        setAt(scenario, path, { [String(path[path.length - 1])]: original }); // wrong nesting
        break;
      case 'wrong-type':
        setAt(scenario, path, typeof original === 'number' ? String(original) : typeof original === 'string' ? 42 : Array.isArray(original) ? { items: original } : 'a string');
        break;
    }
    mutations.push({ kind: spec.kind, path: formatPath(path), pathKeys: path, original });
  }
  // through JSON, as a file would carry it (e.g. -0 → 0)
  return { scenario: JSON.parse(JSON.stringify(scenario)) as Json, mutations };
}
