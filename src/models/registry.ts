import { z } from 'zod';
import type { Loss } from './loss.js';
import type { OnlineLoss } from './online-loss.js';
import type { ModelCapabilities, ModelFactory } from './model-factory.js';
import type { InputProblem } from '../errors.js';
import { isObject, type ModelSize } from './model-size.js';
import { quadraticModel } from './quadratic.js';
import { linearRegressionModel } from './linear-regression.js';
import { potentialModel } from './potential.js';
import { logisticRegressionModel } from './logistic-regression.js';
import { nqmModel } from './nqm.js';

/**
 * Model families by the name scenario files use in `model.kind`: the one list of families. To add
 * one: its file exporting a ModelFactory (model-factory.ts) and ONE line here; ModelKind, the model
 * spec schema and the per-family dispatch all follow from this object.
 */
const factories = {
  quadratic: quadraticModel,
  'linear-regression': linearRegressionModel,
  potential: potentialModel,
  'logistic-regression': logisticRegressionModel,
  nqm: nqmModel,
} satisfies Record<string, ModelFactory>;

export type ModelKind = keyof typeof factories;

/** A key that is not its factory's `kind` fails to compile here, naming the key. */
type MisnamedModel = { [K in ModelKind]: (typeof factories)[K]['kind'] extends K ? never : K }[ModelKind];
const everyKeyIsItsKind: [MisnamedModel] extends [never] ? true : MisnamedModel = true;
void everyKeyIsItsKind;

export const models: { readonly [K in ModelKind]: ModelFactory<{ kind: K }> } = factories;

type SpecSchema = (typeof factories)[ModelKind]['schema'];

/** The union of every model's spec schema, discriminated by `kind` (in the order of the list above). */
export const modelSpecSchema = z.discriminatedUnion('kind', Object.values(factories).map((f) => f.schema) as [SpecSchema, ...SpecSchema[]]);
export type ModelSpec = z.infer<typeof modelSpecSchema>;

/** Families whose models have a finite training set (a Loss) or infinite data (an OnlineLoss), by their factory's type. */
export type FiniteModelKind = { [K in ModelKind]: ReturnType<(typeof factories)[K]['build']> extends OnlineLoss ? never : K }[ModelKind];
export type OnlineModelKind = Exclude<ModelKind, FiniteModelKind>;
export type FiniteModelSpec = Extract<ModelSpec, { kind: FiniteModelKind }>;
export type OnlineModelSpec = Extract<ModelSpec, { kind: OnlineModelKind }>;

/** The declared capabilities of a family (model-factory.ts). */
export function modelCapabilities(kind: ModelKind): ModelCapabilities {
  return (models[kind] as ModelFactory).capabilities;
}

/**
 * The spec schema of the families whose capabilities pass `keep`, discriminated by `kind`: how a
 * scenario schema chooses its models (by what they can do, never by a list of names). `K` names the
 * kinds `keep` admits, for the inferred type; test/models/contract.test.ts checks the finite-data one.
 */
export function modelSpecSchemaWhere<K extends ModelKind = ModelKind>(keep: (c: ModelCapabilities) => boolean, describe: string): z.ZodType<Extract<ModelSpec, { kind: K }>> {
  const kept = Object.values(factories).filter((f) => keep(f.capabilities)).map((f) => f.schema);
  if (!kept.length) throw new Error(`no model family has the capabilities asked for: ${describe}`);
  const names = Object.values(factories).filter((f) => keep(f.capabilities)).map((f) => `'${f.kind}'`).join(', ');
  return z.discriminatedUnion('kind', kept as [SpecSchema, ...SpecSchema[]]).describe(`${describe}: ${names}`) as unknown as z.ZodType<Extract<ModelSpec, { kind: K }>>;
}

/** Every family with a finite training set (minibatches drawn by index). */
export const finiteModelSpecSchema = modelSpecSchemaWhere<FiniteModelKind>((c) => c.data === 'finite', 'a model with a finite training set');

export function buildModel(spec: FiniteModelSpec, ctx: { seed: number; baseDir: string }): Loss;
export function buildModel(spec: OnlineModelSpec, ctx: { seed: number; baseDir: string }): OnlineLoss;
export function buildModel(spec: ModelSpec, ctx: { seed: number; baseDir: string }): Loss | OnlineLoss;
export function buildModel(spec: ModelSpec, ctx: { seed: number; baseDir: string }): Loss | OnlineLoss {
  const factory = models[spec.kind as ModelKind] as ModelFactory;
  return factory.build(spec, ctx);
}

export function modelChecks(spec: ModelSpec, baseDir: string, path = 'model'): InputProblem[] {
  const factory = models[spec.kind as ModelKind] as ModelFactory;
  return factory.checks ? factory.checks(spec, baseDir, path) : [];
}

/**
 * N and d of a raw model block (validation: B ≤ N, the start's length), asked of its family's
 * factory; for a kind no family has (the schema reports it), whatever `n` and `dim` say.
 */
export function modelSize(model: unknown, baseDir: string): ModelSize {
  if (!isObject(model)) return {};
  const kind = model.kind;
  if (typeof kind === 'string' && Object.prototype.hasOwnProperty.call(models, kind)) return models[kind as ModelKind].size(model, baseDir);
  return { n: typeof model.n === 'number' ? model.n : undefined, d: typeof model.dim === 'number' ? model.dim : undefined };
}
