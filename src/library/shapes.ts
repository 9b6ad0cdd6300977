import { z } from 'zod';
import type { InputProblem } from '../errors.js';
import { Rng } from '../rng/xoshiro.js';
import { experimentKinds } from '../run/registry.js';

/**
 * The shapes of the library's arguments that are not scenario fields: numbers with a range,
 * typed arrays of finite numbers, and the objects one export hands to another (a model, a data
 * set, a loaded scenario). Each refusal says what is allowed and where such a value comes from.
 * Scenario fields (learning rate, batch size, momentum, sampler, seed, model specs) use the
 * scenario's own schemas (scenario/common.ts, models/).
 */

export const finiteNumber = z.number();
export const positiveNumber = z.number().positive();
export const nonNegativeNumber = z.number().min(0);
export const positiveInt = z.int().positive();
export const nonNegativeInt = z.int().min(0);
export const dimension = z.int().min(1).max(1_000_000).describe('dimension d ≥ 1');
export const nonEmptyString = z.string().min(1);
/** Any JavaScript number, NaN and ±Infinity included (for functions whose contract handles them). */
export const anyNumber = z.custom<number>((v) => typeof v === 'number', 'must be a number (NaN and ±Infinity allowed here)');
export const callback = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'must be a function');

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
const allFinite = (a: ArrayLike<unknown>) => {
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number' || !Number.isFinite(a[i] as number)) return false;
  return true;
};

/** A Float64Array of finite numbers. */
export const float64Array = z.custom<Float64Array>((v) => v instanceof Float64Array && allFinite(v), 'must be a Float64Array of finite numbers');

/** An array or typed array of finite numbers (ArrayLike<number>). */
export const numberList = z.custom<ArrayLike<number>>(
  (v) => (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) && allFinite(v as ArrayLike<unknown>),
  'must be an array (or typed array) of finite numbers',
);

/** An array of finite numbers, each > 0. */
export const positiveList = z.custom<ArrayLike<number>>(
  (v) => numberList.safeParse(v).success && Array.prototype.every.call(v, (x: number) => x > 0),
  'must be an array (or typed array) of positive finite numbers',
);

/** A model: what buildModel and the model classes return. */
export const lossShape = z.custom<{ dim: number; n: number }>(
  (v) => isObject(v) && Number.isInteger(v.dim) && (v.dim as number) >= 1 && Number.isInteger(v.n) && (v.n as number) >= 1
    && typeof v.loss === 'function' && typeof v.gradient === 'function' && typeof v.batchGradient === 'function',
  'must be a model (a Loss with dim, n, loss, gradient and batchGradient: from buildModel, buildQuadratic, new LinearRegressionLoss(…), …)',
);

/** A data set {n, d, x (n×d), y (n)}: readCsvDataset, syntheticLinearData, twoGaussianClasses, mnistSplit. */
export const datasetShape = z.custom<{ n: number; d: number; x: Float64Array; y: Float64Array }>(
  (v) => isObject(v) && Number.isInteger(v.n) && (v.n as number) >= 1 && Number.isInteger(v.d) && (v.d as number) >= 1
    && v.x instanceof Float64Array && v.x.length === (v.n as number) * (v.d as number) && allFinite(v.x)
    && v.y instanceof Float64Array && v.y.length === v.n && allFinite(v.y),
  'must be a data set {n, d, x: Float64Array(n·d), y: Float64Array(n)} of finite numbers (from readCsvDataset, syntheticLinearData, twoGaussianClasses or mnistSplit)',
);

/** A binary logistic problem {n, d, x (n×d), y (n) in {0, 1}}. */
export const logisticProblemShape = z.custom<{ n: number; d: number; x: Float64Array; y: Float64Array }>(
  (v) => datasetShape.safeParse(v).success && Array.prototype.every.call((v as { y: Float64Array }).y, (y: number) => y === 0 || y === 1),
  'must be a logistic problem {n, d, x: Float64Array(n·d), y: Float64Array(n) of labels 0 or 1} (a data set from twoGaussianClasses or mnistSplit with two digits)',
);

export const rngShape = z.custom<Rng>((v) => v instanceof Rng, 'must be an Rng (from rngFor(seed, purpose, …keys))');

/** What parseScenario and loadScenarioFile return. */
export const loadedScenarioShape = z.custom<unknown>(
  (v) => isObject(v) && experimentKinds.includes(v.kind as never) && isObject(v.scenario) && v.scenario.experiment === v.kind
    && typeof v.name === 'string' && typeof v.baseDir === 'string' && typeof v.quick === 'boolean',
  'must be a loaded scenario: pass the scenario object through parseScenario(object) (or a file through loadScenarioFile(path)) first',
);

/** An object with these optional fields only, each checked (a misspelled option is an error, not ignored). */
export function options<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape).optional();
}

/** An array's length against what another argument says it must be. */
export function lengthProblem(path: string, array: ArrayLike<unknown>, need: number, what: string, atLeast = false): InputProblem[] {
  const ok = atLeast ? array.length >= need : array.length === need;
  return ok ? [] : [{ path, message: `must have ${atLeast ? 'at least ' : ''}${need} entries (${what})`, value: `[${array.length} entries]` }];
}
