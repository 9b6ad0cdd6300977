/**
 * Quoting for the text sgd-sde writes for a POSIX shell (job scripts, printed commands): a word of
 * safe characters stays as it is, anything else is single-quoted (a single quote inside becomes
 * '\''), so spaces, `$(…)`, backticks, `;` and quotes in a file name arrive as one literal argument.
 * Control characters are not quoted here: the callers refuse them first (a newline inside quotes is
 * valid shell, but not in a #SBATCH line or a one-line hint).
 */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
