/**
 * The CLI's exit codes and the holder commands set them through. In its own file so that the
 * commands and cli/main.ts (which registers them) do not import each other.
 */

/** Exit codes of the public contract (docs/usage.md, "Exit codes, seeds and determinism"): 1 means some judged prediction is FAIL (N/E and INFO rows never set it). */
export const ExitCode = { ok: 0, predictionFailed: 1, invalidInput: 2, diverged: 3, internal: 70, interrupted: 130 } as const;

/** Commands report their exit code through this holder (yargs handlers return nothing useful). */
export const exitState = { code: 0 as number };
