import { parseScenario } from '../../src/run/load-scenario.js';
import { InputError } from '../../src/errors.js';

/** The validation problems of a raw scenario object ([] when it is valid); other errors propagate. */
export function scenarioProblems(raw: Record<string, unknown>): { path: string; message: string }[] {
  try {
    parseScenario(raw);
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  return [];
}
