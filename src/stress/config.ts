import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { zodProblems } from '../scenario/issues.js';
import { samplerSchema, seedSchema } from '../scenario/common.js';
import { packageRoot } from '../version.js';
import { readBoundedFile, jsonErrorWithoutText } from '../io/safe-path.js';
import { propertyNames, type PropertyName } from './registry.js';
import type { MapSettings } from './validity-approximations.js';
import { MAX_TOLERANCE } from '../stats/normal.js';

/**
 * The stress command's configuration: which properties run and how many cases each, the seed, the
 * tolerances and the validity-map grid. The shipped default is scenarios/stress-default.json (a
 * configuration, not an experiment scenario: `sgd-sde run` does not accept it).
 */
const propertySettings = z.strictObject({
  runs: z.int().min(1).max(1_000_000).describe('random cases to try'),
});

const propertiesSchema = z
  .strictObject(Object.fromEntries(propertyNames.map((name) => [name, propertySettings.optional()])) as Record<PropertyName, z.ZodOptional<typeof propertySettings>>)
  .describe('the properties to check (in registry order) and their case counts');

const mapSchema = z.strictObject({
  lrLambdaMax: z.array(z.number().positive().lt(4)).min(1).describe('grid of ε λ_max (columns), ascending'),
  batchFraction: z.array(z.number().positive().max(1)).min(1).describe('grid of B/N (rows of the B/N maps)'),
  momentum: z.array(z.number().min(0).lt(1)).min(1).describe('grid of m (rows of the heavy-ball map)'),
  sampler: samplerSchema.default('without-replacement'),
  randomCases: z.int().min(0).max(100_000).default(200).describe('random problems per map, at random (ε λ_max, y)'),
  quadratic: z.strictObject({
    dim: z.int().min(1).max(64),
    n: z.int().min(2),
    spectrum: z.array(z.number().positive()).min(1),
    noise: z.enum(['isotropic', 'hessian']).default('isotropic'),
    rotate: z.boolean().default(false),
    seed: seedSchema.default(1),
  }).describe('the reference quadratic of the OU maps'),
  leastSquares: z.strictObject({
    n: z.int().min(2),
    dim: z.int().min(1).max(16),
    inputSpectrum: z.array(z.number().positive()).min(1),
    labelNoise: z.number().min(0),
    seed: seedSchema,
  }).describe('the reference least-squares data of the least-squares maps'),
});

export const stressConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  experiment: z.literal('stress').describe('marks this file as the configuration of `sgd-sde stress`'),
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  seed: seedSchema.default(1),
  tolerance: z.number().positive().max(MAX_TOLERANCE).default(4).describe(`simulation checks: per-case false-failure rate 2(1 − Φ(tolerance)), split over the comparisons of a case (at most ${MAX_TOLERANCE}: beyond it that rate is not representable)`),
  relativeTolerance: z.number().positive().lt(1).default(0.05).describe('an approximation holds where its relative error is at most this'),
  timeBudget: z.number().positive().default(20).describe('seconds per property for the search, and again for shrinking a failure'),
  properties: propertiesSchema,
  validityMap: mapSchema,
});

export type StressConfig = z.infer<typeof stressConfigSchema> & { validityMap: MapSettings };

export const defaultConfigPath = join(packageRoot, 'scenarios', 'stress-default.json');

export function parseStressConfig(raw: unknown, source = 'stress config'): StressConfig {
  const parsed = stressConfigSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(zodProblems(parsed.error, raw), source);
  const c = parsed.data;
  const problems = [];
  const m = c.validityMap;
  if (m.quadratic.spectrum.length !== m.quadratic.dim) problems.push({ path: 'validityMap.quadratic.spectrum', message: `must list dim = ${m.quadratic.dim} eigenvalues`, value: `[${m.quadratic.spectrum.length} values]` });
  if (m.quadratic.n <= m.quadratic.dim) problems.push({ path: 'validityMap.quadratic.n', message: `must exceed dim = ${m.quadratic.dim}`, value: m.quadratic.n });
  if (m.leastSquares.inputSpectrum.length !== m.leastSquares.dim) problems.push({ path: 'validityMap.leastSquares.inputSpectrum', message: `must list dim = ${m.leastSquares.dim} values`, value: `[${m.leastSquares.inputSpectrum.length} values]` });
  if (m.leastSquares.n <= m.leastSquares.dim) problems.push({ path: 'validityMap.leastSquares.n', message: `must exceed dim = ${m.leastSquares.dim}`, value: m.leastSquares.n });
  if (problems.length) throw new InputError(problems, source);
  return c as StressConfig;
}

/** A configuration is a few KB; 1 MiB leaves room and bounds the read. */
const CONFIG_CAP_BYTES = 1 << 20;

/**
 * Read and check a configuration file: a regular file of at most 1 MiB read through the bounded
 * reader (a FIFO or /dev/zero is refused, never read), and no message quotes its contents (a path
 * to a private file given by mistake must not leak its first bytes).
 */
export function loadStressConfig(path = defaultConfigPath): StressConfig {
  const text = readBoundedFile(path, '<file>', 'stress config', CONFIG_CAP_BYTES);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError([{ path: '<file>', message: `the stress config ${path} is not valid JSON: ${jsonErrorWithoutText(err, text)}` }], path);
  }
  return parseStressConfig(raw, path);
}
