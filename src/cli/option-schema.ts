import type { z } from 'zod';
import type { InputProblem } from '../errors.js';
import { zodProblems } from '../scenario/issues.js';

/**
 * A command-line option checked with a scenario field's schema (scenario/common.ts): the CLI, the
 * scenario files and the library (src/library/) refuse the same values with the same words.
 */
export function optionProblems(flag: string, schema: z.ZodType, value: unknown): InputProblem[] {
  if (value === undefined) return [];
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : zodProblems(parsed.error, value).map((p) => ({ ...p, path: flag }));
}
