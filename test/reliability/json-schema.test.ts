import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { scenarioJsonSchema } from '../../src/run/scenario-json-schema.js';
import { root, shippedScenarios } from './mutate.js';

/**
 * The exported JSON Schema of scenario files: well-formed draft 2020-12 (checked against the
 * vocabulary by a small independent checker, and by zod's own reader), every shipped scenario
 * validates against it, wrong types do not, and the copy the build writes to dist/ is current.
 */
type Schema = Record<string, unknown>;

const VOCABULARY = new Set([
  '$schema', '$id', '$ref', '$defs', '$comment', '$anchor', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly',
  'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'patternProperties', 'propertyNames', 'minProperties', 'maxProperties',
  'items', 'prefixItems', 'contains', 'minItems', 'maxItems', 'uniqueItems', 'minLength', 'maxLength', 'pattern', 'format',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'anyOf', 'oneOf', 'allOf', 'not', 'if', 'then', 'else',
]);
const TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);

/** Problems with `s` as a draft 2020-12 schema (the subset of rules a generator can get wrong). */
function metaProblems(s: unknown, at = '#'): string[] {
  if (typeof s === 'boolean') return [];
  if (s === null || typeof s !== 'object' || Array.isArray(s)) return [`${at}: a schema must be an object or a boolean`];
  const o = s as Schema;
  const out: string[] = [];
  for (const key of Object.keys(o)) if (!VOCABULARY.has(key)) out.push(`${at}: unknown keyword ${key}`);
  const types = o.type === undefined ? [] : Array.isArray(o.type) ? o.type : [o.type];
  for (const t of types) if (!TYPES.has(t as string)) out.push(`${at}: bad type ${String(t)}`);
  if (o.required !== undefined && !(Array.isArray(o.required) && o.required.every((r) => typeof r === 'string') && new Set(o.required).size === o.required.length)) out.push(`${at}: required must list distinct names`);
  for (const k of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'minLength', 'maxLength'])
    if (o[k] !== undefined && typeof o[k] !== 'number') out.push(`${at}: ${k} must be a number`);
  if (typeof o.pattern === 'string') {
    try {
      new RegExp(o.pattern, 'u');
    } catch {
      out.push(`${at}: pattern does not compile`);
    }
  }
  if (o.enum !== undefined && !(Array.isArray(o.enum) && o.enum.length > 0)) out.push(`${at}: enum must be a non-empty array`);
  for (const k of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    if (o[k] === undefined) continue;
    if (!Array.isArray(o[k]) || (o[k] as unknown[]).length === 0) out.push(`${at}: ${k} must be a non-empty array`);
    else (o[k] as unknown[]).forEach((sub, i) => out.push(...metaProblems(sub, `${at}/${k}/${i}`)));
  }
  for (const k of ['items', 'additionalProperties', 'propertyNames', 'not', 'contains']) if (o[k] !== undefined) out.push(...metaProblems(o[k], `${at}/${k}`));
  for (const k of ['properties', '$defs', 'patternProperties']) {
    if (o[k] === undefined) continue;
    for (const [name, sub] of Object.entries(o[k] as Schema)) out.push(...metaProblems(sub, `${at}/${k}/${name}`));
  }
  // a default must satisfy its own schema (an editor would otherwise suggest an invalid value)
  if (o.default !== undefined) {
    const { default: _d, ...rest } = o;
    for (const e of validate(rest, o.default, `${at}(default)`)) out.push(e);
  }
  return out;
}

/** A small independent validator for the keywords the generator uses. */
function validate(s: unknown, v: unknown, at = '$', rootSchema: Schema = s as Schema): string[] {
  if (s === true || s === undefined) return [];
  if (s === false) return [`${at}: not allowed`];
  const o = s as Schema;
  if (typeof o.$ref === 'string') {
    const target = o.$ref.replace(/^#\//, '').split('/').reduce<unknown>((x, k) => (x as Schema)[k], rootSchema);
    return validate(target, v, at, rootSchema);
  }
  const errs: string[] = [];
  const kind = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  if (o.type !== undefined) {
    const types = (Array.isArray(o.type) ? o.type : [o.type]) as string[];
    const ok = types.some((t) => t === kind || (t === 'integer' && typeof v === 'number' && Number.isInteger(v)) || (t === 'number' && typeof v === 'number'));
    if (!ok) return [`${at}: expected ${types.join('|')}, got ${kind}`];
  }
  if (o.const !== undefined && JSON.stringify(o.const) !== JSON.stringify(v)) errs.push(`${at}: must be ${JSON.stringify(o.const)}`);
  if (Array.isArray(o.enum) && !o.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) errs.push(`${at}: not in enum`);
  if (typeof v === 'number') {
    if (typeof o.minimum === 'number' && v < o.minimum) errs.push(`${at}: below minimum`);
    if (typeof o.maximum === 'number' && v > o.maximum) errs.push(`${at}: above maximum`);
    if (typeof o.exclusiveMinimum === 'number' && v <= o.exclusiveMinimum) errs.push(`${at}: not above exclusiveMinimum`);
    if (typeof o.exclusiveMaximum === 'number' && v >= o.exclusiveMaximum) errs.push(`${at}: not below exclusiveMaximum`);
  }
  if (typeof v === 'string') {
    if (typeof o.minLength === 'number' && [...v].length < o.minLength) errs.push(`${at}: too short`);
    if (typeof o.pattern === 'string' && !new RegExp(o.pattern, 'u').test(v)) errs.push(`${at}: pattern`);
  }
  if (Array.isArray(v)) {
    if (typeof o.minItems === 'number' && v.length < o.minItems) errs.push(`${at}: too few items`);
    if (typeof o.maxItems === 'number' && v.length > o.maxItems) errs.push(`${at}: too many items`);
    const prefix = Array.isArray(o.prefixItems) ? o.prefixItems : [];
    v.forEach((x, i) => errs.push(...validate(i < prefix.length ? prefix[i] : o.items, x, `${at}[${i}]`, rootSchema)));
  }
  if (kind === 'object') {
    const obj = v as Record<string, unknown>;
    const props = (o.properties ?? {}) as Schema;
    for (const r of (o.required ?? []) as string[]) if (!(r in obj)) errs.push(`${at}.${r}: required`);
    for (const [k, x] of Object.entries(obj)) {
      if (k in props) errs.push(...validate(props[k], x, `${at}.${k}`, rootSchema));
      else if (o.additionalProperties !== undefined) errs.push(...validate(o.additionalProperties, x, `${at}.${k}`, rootSchema));
      if (o.propertyNames !== undefined) errs.push(...validate(o.propertyNames, k, `${at}.${k}(name)`, rootSchema));
    }
  }
  if (Array.isArray(o.anyOf) && !o.anyOf.some((sub) => validate(sub, v, at, rootSchema).length === 0)) errs.push(`${at}: matches no anyOf alternative`);
  if (Array.isArray(o.oneOf) && o.oneOf.filter((sub) => validate(sub, v, at, rootSchema).length === 0).length !== 1) errs.push(`${at}: must match exactly one oneOf alternative`);
  if (Array.isArray(o.allOf)) for (const sub of o.allOf) errs.push(...validate(sub, v, at, rootSchema));
  return errs;
}

describe('scenario JSON Schema', () => {
  const schema = scenarioJsonSchema();

  it('is a well-formed draft 2020-12 schema whose defaults satisfy it', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(metaProblems(schema)).toEqual([]);
    expect(() => z.fromJSONSchema(schema as never)).not.toThrow();
  });

  it('accepts every shipped scenario, by the independent checker and by zod reading it back', () => {
    const back = z.fromJSONSchema(schema as never);
    const shipped = shippedScenarios();
    expect(shipped.length).toBeGreaterThan(3);
    for (const { file, scenario } of shipped) {
      expect(validate(schema, scenario), file).toEqual([]);
      expect(back.safeParse(scenario).success, file).toBe(true);
      if (typeof scenario.$schema === 'string') expect(existsSync(resolve(dirname(file), scenario.$schema)), `${file}: $schema`).toBe(true);
    }
  });

  it('rejects wrong types, unknown fields and unknown experiments (a schema that accepts anything is useless)', () => {
    const quickstart = JSON.parse(readFileSync(join(root, 'scenarios', 'quickstart.json'), 'utf8'));
    const bad = [
      { ...quickstart, optimizer: { ...quickstart.optimizer, lr: '0.1' } },
      { ...quickstart, optimizer: { ...quickstart.optimizer, lr: -1 } },
      { ...quickstart, model: { ...quickstart.model, dim: 2.5 } },
      { ...quickstart, model: { ...quickstart.model, kind: 'cubic' } },
      { ...quickstart, colour: 'blue' },
      { ...quickstart, experiment: 'stationry' },
      { ...quickstart, run: { ...quickstart.run, steps: undefined } },
    ].map((s) => JSON.parse(JSON.stringify(s)));
    for (const s of bad) expect(validate(schema, s).length, JSON.stringify(s).slice(0, 120)).toBeGreaterThan(0);
  });

  it('`sgd-sde schema` prints it, and the build wrote the same to dist/scenario.schema.json', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), 'schema'], { cwd: root, encoding: 'utf8', timeout: 600_000 });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(schema);
    const built = join(root, 'dist', 'scenario.schema.json');
    expect(existsSync(built)).toBe(true);
    expect(JSON.parse(readFileSync(built, 'utf8'))).toEqual(schema);
  });
});
