/**
 * The errors that map to the CLI's exit codes (DESIGN.md, public contract):
 * 2 invalid input, 3 the run diverged. Anything else is a bug and exits 70 with a stack trace.
 */

/** One problem with the user's input, located by JSON path. */
export interface InputProblem {
  path: string;      // e.g. "optimizer.lr" or "data.csv"
  message: string;   // what is wrong and what is allowed
  value?: unknown;   // the offending value, when there is one
}

/** Invalid input: exit code 2. Carries every problem found, not just the first. */
export class InputError extends Error {
  readonly problems: InputProblem[];
  constructor(problems: InputProblem[], source?: string) {
    super(formatProblems(problems, source));
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** The simulation left the region where it is finite: exit code 3. */
export class DivergenceError extends Error {
  constructor(
    readonly dynamics: string,
    readonly step: number,
    readonly replica: number,
    readonly bound: string,
  ) {
    super(`${dynamics} diverged at step ${step} in replica ${replica} (non-finite or exploding iterate); stability bound: ${bound}`);
    this.name = 'DivergenceError';
  }
}

/** A numerical failure that is not the user's fault alone (e.g. a Hessian that is not positive definite). */
export class NumericalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NumericalError';
  }
}

export function formatProblems(problems: InputProblem[], source?: string): string {
  const head = `invalid ${source ?? 'input'}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  const lines = problems.map((p) => {
    const value = p.value === undefined ? '' : ` (got ${JSON.stringify(p.value)})`;
    return `  - ${p.path || '<root>'}: ${p.message}${value}`;
  });
  return [head, ...lines].join('\n');
}
