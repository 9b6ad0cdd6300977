/**
 * The errors that map to the CLI's exit codes (docs/usage.md, "Exit codes"):
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
    const value = p.value === undefined ? '' : ` (got ${formatValue(p.value)})`;
    return `  - ${p.path || '<root>'}: ${p.message}${value}`;
  });
  return [head, ...lines].join('\n');
}

/** Longest rendering of an offending value in a message; longer ones are cut with a note of their length. */
export const MAX_VALUE_CHARS = 200;

/**
 * An offending value as the user should see it: JSON (so control bytes are escaped, e.g. "\u001b"),
 * non-finite numbers by name (JSON would print null), and at most MAX_VALUE_CHARS characters
 * (a 600 KB value is not printed whole).
 */
export function formatValue(value: unknown): string {
  let text: string;
  if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
  else {
    try {
      text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  // escape what JSON leaves raw: DEL, C1 controls and line/paragraph separators
  text = text.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length} characters)` : text;
}
