import { z } from 'zod';
import type { Loss } from './loss.js';
import type { ModelFactory } from './model-factory.js';
import type { InputProblem } from '../errors.js';
import { isObject, type ModelSize } from './model-size.js';
import { quadraticModel, quadraticSpecSchema } from './quadratic.js';
import { linearRegressionModel, linearRegressionSpecSchema } from './linear-regression.js';
import { potentialModel, potentialSpecSchema } from './potential.js';
import { logisticRegressionModel, logisticRegressionSpecSchema } from './logistic-regression.js';

/** Model families by the name scenario files use in `model.kind`; the compiler enforces completeness. */
export type ModelKind = 'quadratic' | 'linear-regression' | 'potential' | 'logistic-regression';

export const models: { [K in ModelKind]: ModelFactory<{ kind: K }> } = {
  quadratic: quadraticModel,
  'linear-regression': linearRegressionModel,
  potential: potentialModel,
  'logistic-regression': logisticRegressionModel,
};

/** The union of every model's spec schema, discriminated by `kind`. */
export const modelSpecSchema = z.discriminatedUnion('kind', [quadraticSpecSchema, linearRegressionSpecSchema, potentialSpecSchema, logisticRegressionSpecSchema]);
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
