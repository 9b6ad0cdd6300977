import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { dirname } from 'node:path';
import { parseScenario } from '../../src/run/load-scenario.js';
import { parseCsvDataset } from '../../src/data/csv.js';
import { InputError } from '../../src/errors.js';
import { shippedScenarios, smallSweep, mutate, mutationSpec, badValue, getAt, type Json } from './mutate.js';

/**
 * The loader never fails in any way but InputError, whatever JSON it is given, and an InputError
 * always names fields: every problem has a JSON path and a message, a wrongly typed number is
 * reported at exactly its path, and anything mutated is reported near where it was mutated.
 * Fixed seeds: a failure reproduces.
 */
const bases = [...shippedScenarios(), { file: 'inline sweep', scenario: smallSweep as unknown as Record<string, Json> }];
const baseDir = dirname(bases[0].file);

type Outcome = { ok: true } | { ok: false; problems: InputError['problems'] };

function load(raw: unknown, quick = false): Outcome {
  try {
    parseScenario(raw, { baseDir, quick });
    return { ok: true };
  } catch (err) {
    if (!(err instanceof InputError)) throw err; // anything else would be exit 70 in the CLI
    return { ok: false, problems: err.problems };
  }
}

function expectWellFormed(problems: InputError['problems']): void {
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(typeof p.path).toBe('string');
    expect(p.path.length).toBeGreaterThan(0);
    expect(typeof p.message).toBe('string');
    expect(p.message.length).toBeGreaterThan(3);
    expect(p.message).not.toMatch(/^(Invalid input|Too small|Too big|Invalid option)/); // zod's vague defaults are rewritten
    if (p.value !== undefined) expect(() => JSON.stringify(p.value)).not.toThrow();
  }
}

describe('scenario loader under fuzzing', () => {
  it('the shipped scenarios load, with and without --quick', () => {
    for (const { file, scenario } of bases) {
      expect(load(scenario), file).toEqual({ ok: true });
      expect(load(scenario, true), file).toEqual({ ok: true });
    }
  });

  it('mutated scenarios: InputError naming a field, or a valid scenario; nothing else', () => {
    let rejected = 0;
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.array(mutationSpec, { minLength: 1, maxLength: 3 }), fc.boolean(), (b, specs, quick) => {
        const { scenario, mutations } = mutate(bases[b].scenario, specs);
        const outcome = load(scenario, quick);
        if (outcome.ok) return;
        rejected++;
        expectWellFormed(outcome.problems);
        // every problem names a field of this scenario (or one it lacks), never just "invalid"
        const fields = new Set(['experiment', ...Object.keys(bases[b].scenario), ...(isObject(scenario) ? Object.keys(scenario) : [])]);
        for (const p of outcome.problems) {
          const top = /^[^.[]+/.exec(p.path)?.[0] ?? '';
          expect(fields.has(top) || top === '<root>', JSON.stringify({ mutations, problem: p })).toBe(true);
        }
      }),
      { seed: 20240601, numRuns: 400 },
    );
    expect(rejected).toBeGreaterThan(200); // the mutations mostly break something
  });

  it('a number replaced by a string, null or an object is reported at exactly its path', () => {
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.nat(), fc.constantFrom<Json>('0.1', 'NaN', null, { value: 1 }, [1]), (b, pick, value) => {
        const base = bases[b].scenario;
        const numeric = mutateNumbers(base);
        if (numeric.length === 0) return;
        const path = numeric[pick % numeric.length];
        const { scenario } = mutate(base, []);
        let v = scenario as Record<string | number, Json>;
        for (const key of path.slice(0, -1)) v = v[key] as Record<string | number, Json>;
        v[path[path.length - 1]] = value;
        const outcome = load(scenario);
        expect(outcome.ok).toBe(false);
        if (outcome.ok) return;
        const expected = formatKeys(path);
        expect(outcome.problems.map((p) => p.path), `${expected} in ${bases[b].file}`).toContain(expected);
        const problem = outcome.problems.find((p) => p.path === expected)!;
        expect(problem.message).toMatch(/must be|must have|must match|required/);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('arbitrary JSON at the root or in place of a whole block never escapes as another error', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const outcome = load(value);
        if (!outcome.ok) expectWellFormed(outcome.problems);
      }),
      { seed: 11, numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.constantFrom('model', 'optimizer', 'run', 'data', 'dynamics', 'batchSizes', 'lambda', 'quick', 'expect', 'sweep', 'fit', 'seed'), badValue, (b, key, value) => {
        const scenario = { ...bases[b].scenario, [key]: value };
        const outcome = load(JSON.parse(JSON.stringify(scenario)));
        if (!outcome.ok) expectWellFormed(outcome.problems);
      }),
      { seed: 12, numRuns: 250 },
    );
  });

  it('normalisation is idempotent: a loaded scenario loads again to itself', () => {
    for (const { scenario } of bases) {
      const once = parseScenario(scenario, { baseDir }).scenario;
      expect(parseScenario(JSON.parse(JSON.stringify(once)), { baseDir }).scenario).toEqual(once);
    }
  });
});

describe('CSV loader under fuzzing', () => {
  const number = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(String);
  const garbage = fc.constantFrom('', ' ', 'NaN', 'Infinity', '-Infinity', '1e400', 'abc', '"1"', '1;5', '0x1F', '1e-320', '--1');
  // well-formed rows of d+1 numbers, then damage: a garbage cell, a dropped or an extra cell
  const csvText = fc.integer({ min: 1, max: 4 }).chain((d) => fc.record({
    d: fc.constant(d),
    rows: fc.array(fc.tuple(fc.array(number, { minLength: d + 1, maxLength: d + 1 }), fc.constantFrom('none', 'none', 'none', 'garbage', 'drop', 'extra'), garbage, fc.nat()), { minLength: 0, maxLength: 8 }),
    header: fc.constantFrom('ok', 'ok', 'ok', 'typo', 'bom', 'missing-y', 'upper', 'none'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    comment: fc.boolean(),
  })).map(({ d, rows, header, eol, comment }) => {
    const names = [...Array.from({ length: d }, (_, i) => `x${i + 1}`), 'y'];
    const head = header === 'ok' ? names.join(',')
      : header === 'typo' ? names.join(',').replace('x1', 'x 1')
      : header === 'bom' ? `\uFEFF${names.join(',')}`
      : header === 'missing-y' ? names.slice(0, -1).join(',')
      : header === 'upper' ? names.join(',').toUpperCase()
      : null;
    const body = rows.map(([cells, damage, bad, at]) => {
      const c = [...cells];
      if (damage === 'garbage') c[at % c.length] = bad;
      if (damage === 'drop') c.splice(at % c.length, 1);
      if (damage === 'extra') c.push('0');
      return c.join(',');
    });
    return [...(head === null ? [] : [head]), ...(comment ? ['# a comment'] : []), ...body].join(eol);
  });

  it('gives a finite data set of the declared shape, or an InputError naming the field and the line', () => {
    let accepted = 0;
    fc.assert(
      fc.property(csvText, (text) => {
        try {
          const data = parseCsvDataset(text, 'fuzz.csv', 'model.csv');
          accepted++;
          expect(data.n).toBeGreaterThan(0);
          expect(data.x.length).toBe(data.n * data.d);
          expect(data.y.length).toBe(data.n);
          for (const v of data.x) expect(Number.isFinite(v)).toBe(true);
          for (const v of data.y) expect(Number.isFinite(v)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
          for (const p of (err as InputError).problems) {
            expect(p.path).toBe('model.csv');
            expect(p.message).toMatch(/fuzz\.csv.*(line \d+|header)/);
          }
        }
      }),
      { seed: 5, numRuns: 800 },
    );
    expect(accepted).toBeGreaterThan(20);
  });
});

/** Paths of the numeric leaves of a scenario (outside free-form blocks). */
function mutateNumbers(base: Record<string, Json>): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (v: Json, path: (string | number)[]) => {
    if (typeof v === 'number') out.push(path);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'quick' && k !== 'expect') walk(x, [...path, k]);
  };
  walk(base as Json, []);
  return out.filter((p) => typeof getAt(base as Json, p) === 'number');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function formatKeys(path: (string | number)[]): string {
  let s = '';
  for (const key of path) s = typeof key === 'number' ? `${s}[${key}]` : s ? `${s}.${key}` : key;
  return s;
}
