import { z } from 'zod';
import { envelopeFields } from '../../scenario/common.js';
import { binaryDataChecks, binaryDataSchema } from '../../data/binary-source.js';
import type { InputProblem } from '../../errors.js';
import { RAW_PIXEL_SCALE } from './cells.js';

/** The evidence scenario: the data, the λ sweep, the label sets, the seeds and the input scale. */
const lambdaGridSchema = z.strictObject({
  min: z.number().positive().describe('smallest λ'),
  max: z.number().positive().describe('largest λ'),
  count: z.int().min(3).max(1000).default(25).describe('number of λ values, log-spaced from min to max'),
});

export const evidenceSchema = z.strictObject({
  experiment: z.literal('evidence'),
  ...envelopeFields,
  data: binaryDataSchema.describe('synthetic two-class Gaussian, {csv, testCsv?}, or {mnist: {digits, trainPerClass, testPerClass}}'),
  lambda: z.union([
    z.number().positive().describe('a single λ: the evidence and fit at one regularisation strength (the claims that compare λ values are left out)'),
    z.array(z.number().positive()).min(1).describe('explicit λ values (summed convention)'),
    lambdaGridSchema,
  ])
    .default({ min: 1e-3, max: 1e3, count: 25 })
    .describe('the λ sweep: explicit values or a log grid; λ is the prior precision of every weight, bias included (C = Σ ℓ_i + (λ/2)|ω|²)'),
  labels: z.array(z.enum(['true', 'random'])).min(1).default(['true', 'random'])
    .describe("label sets to sweep: the data's own labels and/or random labels (a seeded permutation of the training and of the test labels)"),
  seeds: z.int().min(1).max(1000).default(1)
    .describe('replicates: each draws its own training subset and test images (MNIST, synthetic; a CSV is fixed) and its own random labels; the predictions use the seed-averaged curves and report the spread'),
  pixelScale: z.enum(['unit', 'raw']).default('unit')
    .describe(`input scale: "unit" as loaded (MNIST pixels in [0,1]); "raw" multiplies every input, the constant bias input too, by ${RAW_PIXEL_SCALE} (MNIST's 0–255), which maps λ to ${RAW_PIXEL_SCALE}²·λ: E(raw, ${RAW_PIXEL_SCALE}²λ) = E(unit, λ)`),
  tolerance: z.number().positive().default(4).describe('allowed |z| of the predictions judged, in standard errors (test accuracy at chance, the sign of E, its correlation with the test cross-entropy)'),
});
export type EvidenceScenario = z.infer<typeof evidenceSchema>;

/** The sweep's λ values, ascending. */
export function lambdaValues(spec: EvidenceScenario['lambda']): number[] {
  if (typeof spec === 'number') return [spec];
  if (Array.isArray(spec)) return [...spec].sort((a, b) => a - b);
  const { min, max, count } = spec;
  // decades as 10^(log10 min + k·step): grid points on whole decades come out exact (1e-8, not 9.99…e-9)
  const lo = Math.log10(min);
  const step = (Math.log10(max) - lo) / (count - 1);
  return Array.from({ length: count }, (_, k) => (k === 0 ? min : k === count - 1 ? max : 10 ** (lo + k * step)));
}

/** Cross-field checks the schema cannot express (also called on raw input that failed the schema). */
export function evidenceChecks(s: EvidenceScenario, baseDir: string): InputProblem[] {
  const problems: InputProblem[] = [];
  const lam = s.lambda as unknown;
  if (lam && typeof lam === 'object' && !Array.isArray(lam)) {
    const g = lam as { min?: unknown; max?: unknown };
    if (typeof g.min === 'number' && typeof g.max === 'number' && !(g.min < g.max)) {
      problems.push({ path: 'lambda.max', message: `must exceed lambda.min = ${g.min}`, value: g.max });
    }
  } else if (Array.isArray(lam) && new Set(lam).size !== lam.length) {
    problems.push({ path: 'lambda', message: 'values must be distinct', value: `[${lam.length} values]` });
  }
  if (Array.isArray(s.labels) && new Set(s.labels).size !== s.labels.length) {
    problems.push({ path: 'labels', message: 'list each label set once', value: s.labels.join(',') });
  }
  if (s.data && typeof s.data === 'object') problems.push(...binaryDataChecks(s.data, baseDir, 'data'));
  return problems;
}
