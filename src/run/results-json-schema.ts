import { z } from 'zod';
import { resultEnvelope, untypedResultBlocks } from '../core/result-schema.js';
import { experimentKinds, resultBlocks } from './registry.js';

/**
 * The JSON Schema (draft 2020-12) of results.json (`sgd-sde schema --results`), generated from the
 * zod schemas that parse results (core/result-schema.ts and each kind's result-schema.ts), so the
 * two cannot disagree: the envelope and the predictions with their descriptions, the `experiment`
 * enum from the registry, and for each kind its `measured` and `theory` schemas as an if/then on
 * `experiment`. Kinds still declaring untypedResultBlocks keep the free-form objects.
 */
const anyKind = z.object({
  ...resultEnvelope,
  experiment: z.enum(experimentKinds as [string, ...string[]]).describe('the experiment kind'),
  measured: z.record(z.string(), z.unknown()).describe(
    'what the simulation measured, per experiment kind (typed per kind below). stationary: measured.<dynamics> (sgd, sde) has `mean` — an OFFSET from the minimum ω*, not the iterate itself — with `meanStdError`, `covariance` (d×d, rows) with standard errors, and histograms; burnIn and sdeSubsteps as used. batch-size: points[].cells[] (one per batch size and seed). collapse: cells[]. transient: the ε ladder and the integrator studies. evidence: one entry per λ. `sgd-sde export --csv` lists every number with its path.',
  ),
  theory: z.record(z.string(), z.unknown()).describe('what the theory computed (stationary covariances by source, evidence, optimum batch size …), in the same coordinates as measured'),
});

export function resultsJsonSchema(): Record<string, unknown> {
  const { $schema, $defs, ...result } = toJson(anyKind) as { $schema: string; $defs: Record<string, unknown> } & Record<string, unknown>;
  const perKind = experimentKinds
    .filter((kind) => resultBlocks[kind] !== (untypedResultBlocks as unknown))
    .map((kind) => ({
      if: { properties: { experiment: { const: kind } }, required: ['experiment'] },
      then: { properties: { measured: blockSchema(resultBlocks[kind].measured), theory: blockSchema(resultBlocks[kind].theory) } },
    }));
  return {
    $schema,
    $id: 'https://github.com/sgd-sde/sgd-sde/results.schema.json',
    title: 'sgd-sde results.json',
    description: 'One result (or an array of them, one per scenario) of `sgd-sde run`. The same (scenario, seed) gives the same bytes whatever the worker count. A number may be null: it stands for a non-finite value (JSON has no NaN).',
    oneOf: [{ $ref: '#/$defs/result' }, { type: 'array', minItems: 1, items: { $ref: '#/$defs/result' } }],
    $defs: { ...$defs, result: perKind.length ? { ...result, allOf: perKind } : result },
  };
}

/** As a result is read: optional fields may be absent, and fields a later version adds are allowed. */
function toJson(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
}

function blockSchema(block: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = toJson(block);
  return rest;
}
