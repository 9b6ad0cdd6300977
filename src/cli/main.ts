import yargs, { type CommandModule } from 'yargs';
import { DivergenceError, InputError, NumericalError } from '../errors.js';
import { toolVersion } from '../version.js';
import { commands } from './commands/index.js';

/** Exit codes of the public contract (DESIGN.md). */
export const ExitCode = { ok: 0, predictionFailed: 1, invalidInput: 2, diverged: 3, internal: 70 } as const;

/** Commands report their exit code through this holder (yargs handlers return nothing useful). */
export const exitState = { code: 0 as number };

/** Run the CLI on `argv` (without node and script) and return the exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
  exitState.code = ExitCode.ok;
  let parser = yargs(argv)
    .scriptName('sgd-sde')
    .version(toolVersion)
    .strict()
    .demandCommand(1, 'name a command: sgd-sde <command> --help')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err, y) => {
      if (err) throw err;
      void y;
      process.stderr.write(`error: ${msg}\n(run sgd-sde --help)\n`);
      exitState.code = ExitCode.invalidInput;
    });
  for (const command of commands) parser = parser.command(command as CommandModule);
  try {
    await parser.parseAsync();
    return exitState.code;
  } catch (err) {
    return reportError(err);
  }
}

export function reportError(err: unknown): number {
  if (err instanceof InputError) {
    process.stderr.write(`error: ${err.message}\n`);
    return ExitCode.invalidInput;
  }
  if (err instanceof DivergenceError) {
    process.stderr.write(`error: ${err.message}\n`);
    return ExitCode.diverged;
  }
  if (err instanceof NumericalError) {
    process.stderr.write(`numerical error: ${err.message}\n`);
    return ExitCode.diverged;
  }
  process.stderr.write(`internal error (a bug in sgd-sde; please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
  return ExitCode.internal;
}
