import { z } from 'zod';
import type { InputProblem } from '../errors.js';
import { lrSchema, momentumSchema, batchSizeSchema, samplerSchema, seedSchema, trainingSetSizeSchema } from '../scenario/common.js';
import { guardClass, guardFunction, type Param } from './guard.js';
import { callback, finiteNumber, float64Array, lengthProblem, lossShape, nonEmptyString, nonNegativeInt, nonNegativeNumber, numberList, positiveInt, positiveNumber, rngShape } from './shapes.js';
import { runSgdEnsemble as rawRunSgdEnsemble } from '../dynamics/sgd-ensemble.js';
import { runSdeEnsemble as rawRunSdeEnsemble } from '../dynamics/sde-ensemble.js';
import { createSampler as rawCreateSampler } from '../dynamics/samplers.js';
import { runCells as rawRunCells } from '../workers/pool.js';
import { EulerMaruyama as RawEulerMaruyama } from '../dynamics/integrators/euler-maruyama.js';
import { DiagonalOuExact as RawDiagonalOuExact } from '../dynamics/ou-exact.js';
import { runCoupledSgdSme as rawRunCoupledSgdSme } from '../dynamics/sgd-sme-coupling.js';
import { runConvergenceStudy as rawRunConvergenceStudy } from '../dynamics/convergence-study.js';
import { defineIntegrator as rawDefineIntegrator, incompatibility, noiseTypes, type IntegratorDeclaration, type Sde } from '../dynamics/integrators/integrator.js';
import { rngFor as rawRngFor } from '../rng/streams.js';
import { Rng as RawRng } from '../rng/xoshiro.js';

/** The simulators and random streams of the library API, their arguments checked (library/guard.ts). */

const p = (name: string, schema: z.ZodType): Param => ({ name, schema });
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
const cellIndex = nonNegativeInt.max(0xffffffff);

const schedule = z.strictObject({ replicas: z.int().min(1).max(1_000_000), burnIn: nonNegativeInt, steps: nonNegativeInt, thin: positiveInt });
const observer = z.custom<unknown>(
  (v) => isObject(v) && typeof v.beginReplica === 'function' && typeof v.observe === 'function' && typeof v.endReplica === 'function',
  'must be an observer {beginReplica(r), observe(e, fdrLeft, fdrRight), endReplica(r, finalOffset)}: an EnsembleRecorder, for instance',
);
const runOptions = z.strictObject({ start: float64Array, origin: float64Array, divergenceLimit: positiveNumber, stabilityBound: z.string(), onReplicaDone: callback.optional() });
const sgdConfig = z.strictObject({ lr: lrSchema, momentum: momentumSchema, batchSize: batchSizeSchema, sampler: samplerSchema, seed: seedSchema, cell: cellIndex.optional(), firstReplica: nonNegativeInt.optional() });
const sdeConfig = z.strictObject({
  lr: lrSchema, momentum: momentumSchema, noiseFactor: nonNegativeNumber.describe('c(N, B) of the sampler modelled'), substeps: z.int().min(1).max(1_000_000),
  smeOrder: z.union([z.literal(1), z.literal(2)]), seed: seedSchema, cell: cellIndex.optional(), firstReplica: nonNegativeInt.optional(),
});

/** start and origin of length d = the model's dim; B ≤ N for SGD. */
const ensembleChecks = (sgd: boolean) => (args: readonly unknown[]): InputProblem[] => {
  const loss = args[0] as { dim: number; n: number };
  const o = args[4] as { start: Float64Array; origin: Float64Array };
  const problems = [...lengthProblem('opts.start', o.start, loss.dim, `d = ${loss.dim}, the model's dim`), ...lengthProblem('opts.origin', o.origin, loss.dim, `d = ${loss.dim}, the model's dim`)];
  const b = (args[1] as { batchSize?: number }).batchSize;
  if (sgd && b !== undefined && b > loss.n) problems.push({ path: 'cfg.batchSize', message: `must be ≤ N = ${loss.n} (the model's training set)`, value: b });
  return problems;
};
export const runSgdEnsemble = guardFunction(rawRunSgdEnsemble, [p('loss', lossShape), p('cfg', sgdConfig), p('schedule', schedule), p('observer', observer), p('opts', runOptions)], { cross: ensembleChecks(true) });
export const runSdeEnsemble = guardFunction(rawRunSdeEnsemble, [p('loss', lossShape), p('cfg', sdeConfig), p('schedule', schedule), p('observer', observer), p('opts', runOptions)], { cross: ensembleChecks(false) });

export const createSampler = guardFunction(rawCreateSampler, [p('kind', samplerSchema), p('n', trainingSetSizeSchema), p('b', batchSizeSchema), p('rng', rngShape)], {
  cross: (args) => ((args[2] as number) <= (args[1] as number) ? [] : [{ path: 'b', message: `must be ≤ N = ${args[1] as number}`, value: args[2] }]),
});

const cells = z.array(z.strictObject({ task: nonEmptyString, payload: z.unknown() }));
const runCellsOptions = z.custom<unknown>(
  (v) => isObject(v) && Number.isInteger(v.workers) && (v.workers as number) >= 1 && (v.workers as number) <= 256 && isObject(v.registry) && typeof v.registryModule === 'string',
  'must be {workers: integer in [1, 256], registry: {task name: function}, registryModule: module path of the same registry, …}',
);
export const runCells = guardFunction(rawRunCells, [p('cells', cells), p('options', runCellsOptions)], {
  async: true,
  cross: (args) => {
    const registry = (args[1] as { registry: Record<string, unknown> }).registry;
    return (args[0] as { task: string }[]).flatMap((c, i) => (typeof registry[c.task] === 'function' ? [] : [{ path: `cells[${i}].task`, message: `names no function of options.registry (${Object.keys(registry).join(', ') || 'empty'})`, value: c.task }]));
  },
});

const sde = z.custom<unknown>(
  (v) => isObject(v) && Number.isInteger(v.dim) && (v.dim as number) >= 1 && typeof v.drift === 'function'
    && (v.noise === 'diagonal' ? typeof v.diffusion === 'function' && (v.diffusionDerivative === undefined || typeof v.diffusionDerivative === 'function')
      : (v.noise === 'additive' || v.noise === 'general') && Number.isInteger(v.brownianDim) && (v.brownianDim as number) >= 1 && typeof v.diffusionProduct === 'function'),
  "must be an SDE {noise: 'diagonal', dim, drift(x, t, out), diffusion(x, t, out)} or {noise: 'additive' | 'general', dim, brownianDim, drift, diffusionProduct(x, t, dW, out)}",
);
export const EulerMaruyama = guardClass(RawEulerMaruyama, [p('sde', sde)]);
export type EulerMaruyama = RawEulerMaruyama;
const rates = z.custom<ArrayLike<number>>((v) => numberList.safeParse(v).success && Array.prototype.every.call(v, (x: number) => x >= 0) && (v as ArrayLike<number>).length > 0, 'must be a non-empty array of finite numbers ≥ 0');
export const DiagonalOuExact = guardClass(RawDiagonalOuExact, [p('a', rates), p('b', numberList), p('h', positiveNumber.describe('step h > 0'))], {
  cross: (args) => lengthProblem('b', args[1] as ArrayLike<number>, (args[0] as ArrayLike<number>).length, 'one per entry of a'),
});
export type DiagonalOuExact = RawDiagonalOuExact;

const exampleModel = z.custom<{ dim: number }>(
  (v) => isObject(v) && Number.isInteger(v.dim) && (v.dim as number) >= 1 && typeof v.loss === 'function' && typeof v.sampleGradient === 'function',
  'must be a model with Gaussian examples {dim, loss(x), sampleGradient(x, γ, out)}: a StreamingQuadratic',
);
const coupled = z.array(z.strictObject({ a: float64Array, b: float64Array })).min(1);
const couplingConfig = z.strictObject({ lr: lrSchema, steps: z.int().min(1).max(100_000_000), paths: z.int().min(2).max(100_000_000), seed: seedSchema, cell: cellIndex });
export const runCoupledSgdSme = guardFunction(rawRunCoupledSgdSme, [p('model', exampleModel), p('start', float64Array), p('sdes', coupled), p('cfg', couplingConfig)], {
  cross: (args) => {
    const d = (args[0] as { dim: number }).dim;
    return [
      ...lengthProblem('start', args[1] as Float64Array, d, `d = ${d}, the model's dim`),
      ...(args[2] as { a: Float64Array; b: Float64Array }[]).flatMap((s, k) => [...lengthProblem(`sdes[${k}].a`, s.a, d, `d = ${d}`), ...lengthProblem(`sdes[${k}].b`, s.b, d, `d = ${d}`)]),
    ];
  },
});

const reference = z.custom<unknown>((v) => isObject(v) && typeof v.reset === 'function' && typeof v.advance === 'function' && typeof v.value === 'function', 'must be a pathwise reference {reset(x0), advance(dW, r, h), value()}');
const integrator = z.custom<unknown>((v) => isObject(v) && typeof v.name === 'string' && typeof v.stepper === 'function', 'must be an integrator spec (an entry of integrators, e.g. eulerMaruyama)');
const convergenceConfig = z.strictObject({
  sde, integrator, reference, x0: finiteNumber, horizon: positiveNumber, steps: z.array(z.int().min(1).max(100_000_000)).min(2),
  weak: callback, paths: z.int().min(2).max(100_000_000), seed: seedSchema, cell: cellIndex,
});
export const runConvergenceStudy = guardFunction(rawRunConvergenceStudy, [p('cfg', convergenceConfig)], {
  cross: (args) => {
    const c = args[0] as { sde: Sde; integrator: IntegratorDeclaration; steps: number[] };
    const fine = Math.max(...c.steps);
    const unfit = incompatibility(c.integrator, c.sde);
    return [
      ...(unfit === null ? [] : [{ path: 'cfg.integrator', message: unfit, value: c.integrator.name }]),
      ...(c.sde.dim !== 1 ? [{ path: 'cfg.sde.dim', message: 'must be 1 (the convergence study is scalar)', value: c.sde.dim }] : []),
      ...c.steps.flatMap((n, i) => (fine % n === 0 ? [] : [{ path: `cfg.steps[${i}]`, message: `must divide the finest step count ${fine}`, value: n }])),
    ];
  },
});

const noiseSupport = z.strictObject({ strongOrder: positiveNumber, weakOrder: positiveNumber, needs: z.array(z.literal('diffusionDerivative')).optional() });
const declaration = z.strictObject({
  name: nonEmptyString, title: nonEmptyString, abbreviation: nonEmptyString, color: nonEmptyString,
  noise: z.partialRecord(z.enum(noiseTypes), noiseSupport).refine((n) => Object.keys(n).length > 0, 'must declare at least one noise type it integrates'),
});
export const defineIntegrator = guardFunction(rawDefineIntegrator, [p('declaration', declaration), p('make', callback.describe('make(sde): a Stepper'))]);

export const rngFor = guardFunction(rawRngFor, [p('seed', seedSchema), p('purpose', z.string())], { rest: p('keys', nonNegativeInt.max(0xffffffff)) });
const word = z.int().min(0).max(0xffffffff).describe('a 32-bit state word');
export const Rng = guardClass(RawRng, [p('s0', word), p('s1', word), p('s2', word), p('s3', word)], {
  cross: (args) => (args.every((w) => w === 0) ? [{ path: 's0', message: 'the four state words must not all be 0 (xoshiro would return 0 forever); use rngFor(seed, purpose) for a seeded stream' }] : []),
});
export type Rng = RawRng;
