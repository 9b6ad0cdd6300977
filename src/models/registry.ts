import { z } from 'zod';
import type { Loss } from './loss.js';
import type { ModelFactory } from './model-factory.js';
import type { InputProblem } from '../errors.js';
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
