import type { InputProblem } from '../errors.js';

/**
 * Sizes a scenario may ask for. The schemas bound each field; these bound products of fields
 * (N·d numbers of data), so that an absurd scenario is refused before work starts with the field
 * named, instead of failing deep inside an allocation.
 */
export const MAX_ARRAY_ELEMENTS = 2 ** 27; // 134M doubles = 1 GiB

/** A problem when `elements` (e.g. N·d) exceeds the limit; blamed on the field at `path`. */
export function sizeProblems(path: string, value: unknown, elements: number, what: string): InputProblem[] {
  if (!(typeof elements === 'number') || Number.isNaN(elements) || elements <= MAX_ARRAY_ELEMENTS) return [];
  return [{ path, message: `too large: ${what} would hold ${elements.toExponential(2)} numbers, more than the ${MAX_ARRAY_ELEMENTS.toExponential(2)} (1 GiB) allowed`, value }];
}
