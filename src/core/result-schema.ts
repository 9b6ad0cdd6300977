import { z } from 'zod';
import { SCHEMA_VERSION } from './result.js';

/**
 * zod building blocks of results.json: the numbers (JSON has no NaN: a non-finite number is
 * written as null and reads back as NaN), the envelope every result shares, and `resultBlocks`,
 * which each experiment kind uses to declare the schema of its `measured` and `theory` blocks
 * (experiments/<kind>/result-schema.ts). run/result-schema.ts joins them into the union
 * discriminated on `experiment`.
 */

/** A number as results.json stores it: null stands for a non-finite value. */
export const resultNumber = z.number().nullable();
export const resultVector = z.array(resultNumber);
/** A matrix as an array of rows. */
export const resultMatrix = z.array(resultVector);

export const predictionSchema = z.object({
  id: z.string(),
  description: z.string(),
  predicted: resultNumber,
  measured: resultNumber,
  stdError: resultNumber,
  tolerance: resultNumber,
  z: resultNumber,
  expect: z.enum(['agree', 'disagree', 'not-judged']),
  pass: z.boolean(),
  notEvaluable: z.string().optional(),
  summary: z.string().optional(),
});

export const noiseScaleSchema = z.object({ g: resultNumber, gPaper: resultNumber, gApprox: resultNumber });

/** The fields every result has besides `experiment`, `measured` and `theory`. */
export const resultEnvelope = {
  schemaVersion: z.number().int().min(1).max(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('sgd-sde'), version: z.string(), node: z.string().optional(), backend: z.enum(['native', 'wasm-fma', 'wasm', 'js']).optional() }), // node, backend: absent in files of earlier versions
  name: z.string(),
  scenario: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  quick: z.boolean(),
  noiseScale: noiseScaleSchema.optional(),
  predictions: z.array(predictionSchema),
  warnings: z.array(z.string()),
};

/** What a kind declares of its results: the schemas of its `measured` and `theory` blocks. */
export interface ResultBlocks<M extends z.ZodType = z.ZodType, T extends z.ZodType = z.ZodType> {
  measured: M;
  theory: T;
}

/**
 * The blocks of a kind whose results are not typed yet: any JSON object. A kind's entry names
 * this explicitly (grep for it to find the kinds still to type); its readers check by hand.
 */
export const untypedResultBlocks = {
  measured: z.record(z.string(), z.unknown()),
  theory: z.record(z.string(), z.unknown()),
} satisfies ResultBlocks;
