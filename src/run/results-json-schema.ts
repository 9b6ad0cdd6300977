import { z } from 'zod';
import { resultsJsonSchema } from '../io/results-schema.js';
import { untypedResultBlocks } from '../core/result-schema.js';
import { experimentKinds, resultBlocks } from './registry.js';

/**
 * The JSON Schema of results.json (`sgd-sde schema --results`): the hand-written envelope and
 * predictions of io/results-schema.ts (with their descriptions), the `experiment` enum from the
 * registry (so it lists every kind), and for each kind whose blocks are typed, its `measured` and
 * `theory` schemas generated from its zod schemas (experiments/<kind>/result-schema.ts) as an
 * if/then on `experiment`. Kinds still declaring untypedResultBlocks keep the free-form objects.
 */
export function typedResultsJsonSchema(): Record<string, unknown> {
  const schema = resultsJsonSchema() as { $defs: { result: Record<string, unknown> & { properties: Record<string, Record<string, unknown>> } } };
  const result = schema.$defs.result;
  result.properties.experiment = { ...result.properties.experiment, enum: [...experimentKinds], description: 'the experiment kind' };
  const perKind = experimentKinds
    .filter((kind) => resultBlocks[kind] !== (untypedResultBlocks as unknown))
    .map((kind) => ({
      if: { properties: { experiment: { const: kind } }, required: ['experiment'] },
      then: { properties: { measured: blockSchema(resultBlocks[kind].measured), theory: blockSchema(resultBlocks[kind].theory) } },
    }));
  if (perKind.length) result.allOf = perKind;
  return schema;
}

function blockSchema(block: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(block, { io: 'input' }) as Record<string, unknown>;
  return rest;
}
