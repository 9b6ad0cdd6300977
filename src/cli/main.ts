import yargs, { type CommandModule } from 'yargs';
import { DivergenceError, InputError, NumericalError } from '../errors.js';
import { toolVersion } from '../version.js';
import { commands } from './commands/index.js';
import { InterruptedError } from '../io/interrupt.js';
import { ExitCode, exitState } from './exit-codes.js';
import { parseBackendRequest, setBlasBackend } from '../linalg/backend.js';

/** Run the CLI on `argv` (without node and script) and return the exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
  exitState.code = ExitCode.ok;
  quietOnClosedPipe();
  let parser = yargs(argv)
    .scriptName('sgd-sde')
    .version(toolVersion)
    .strict()
    .demandCommand(1, 'name a command: sgd-sde <command> --help')
    .recommendCommands()
    .option('backend', {
      type: 'string',
      global: true,
      describe: 'kernel backend of the dense products: wasm (always there), native (OpenBLAS, built at install when present) or auto (native when built); default $SGD_SDE_BACKEND or auto',
    })
    .middleware((args) => {
      const requested = (args.backend as string | undefined) ?? process.env.SGD_SDE_BACKEND ?? 'auto';
      try {
        const request = parseBackendRequest(requested, args.backend === undefined ? 'SGD_SDE_BACKEND' : '--backend');
        setBlasBackend(request);
        process.env.SGD_SDE_BACKEND = request; // worker threads copy the environment: same choice there
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    })
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      // throw, never return: yargs would otherwise go on and run the command with the bad arguments
      if (err && err.name !== 'YError') throw err;
      throw new UsageError(msg ?? err?.message ?? 'invalid command line');
    });
  for (const command of commands) parser = parser.command(command as CommandModule);
  try {
    await parser.parseAsync();
    return exitState.code;
  } catch (err) {
    return reportError(err);
  }
}

/**
 * `sgd-sde schema | head`: the reader closing the pipe early is normal shell use, not an error.
 * EPIPE on stdout ends the process quietly (exit 0), as `cat | head` does.
 */
let pipeGuard = false;
function quietOnClosedPipe(): void {
  if (pipeGuard) return;
  pipeGuard = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

/** The command line itself is wrong (unknown option, missing argument): exit 2 with a pointer to --help. */
class UsageError extends Error {}

export function reportError(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n(run sgd-sde --help)\n`);
    return ExitCode.invalidInput;
  }
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
  if (err instanceof InterruptedError) {
    process.stderr.write(`${err.message}\n`);
    return err.exitCode; // ExitCode.interrupted for Ctrl-C
  }
  if (err instanceof RangeError && /allocation failed|Invalid (typed )?array length/i.test(err.message)) {
    // a scenario too large for memory that the size checks did not foresee: the user's to shrink, not a bug
    process.stderr.write(`error: out of memory (${err.message}): the scenario asks for more than this machine can hold; reduce N, d, replicas or the grid sizes\n`);
    return ExitCode.invalidInput;
  }
  process.stderr.write(`internal error (a bug in sgd-sde; please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
  return ExitCode.internal;
}
