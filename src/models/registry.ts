import { z } from 'zod';
import type { Loss } from './loss.js';
import type { ModelFactory } from './model-factory.js';
import type { InputProblem } from '../errors.js';
import { isObject, type ModelSize } from './model-size.js';
import { quadraticModel } from './quadratic.js';
import { linearRegressionModel } from './linear-regression.js';
import { potentialModel } from './potential.js';
import { logisticRegressionModel } from './logistic-regression.js';

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

export function buildModel(spec: ModelSpec, ctx: { seed: number; baseDir: string }): Loss {
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
