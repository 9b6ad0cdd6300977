import { constants } from 'node:os';

/**
 * Ctrl-C during a checkpointed sweep: the first SIGINT (or SIGTERM) aborts the sweep through an
 * AbortSignal — worker threads are stopped at once, an in-process sweep after its current cell —
 * with every finished cell saved, and the CLI exits 130 (SIGINT) saying how to resume. A second
 * signal quits at once (the checkpoint is written atomically, so quitting never leaves it
 * half-written). Exit codes follow the shell: 128 + the signal's number.
 *
 * The handler is armed only while a sweep runs, never for the whole command: a JavaScript signal
 * handler waits for the main thread, and an experiment that computes on the main thread (e.g.
 * stationary) must stay killable by Ctrl-C as usual.
 */
export class InterruptedError extends Error {
  constructor(readonly signal: string, message = `interrupted by ${signal}`) {
    super(message);
    this.name = 'InterruptedError';
  }

  /** The shell convention: 128 + the signal's number (130 for SIGINT, 143 for SIGTERM). */
  get exitCode(): number {
    return exitCodeFor(this.signal);
  }
}

function exitCodeFor(signal: string): number {
  return 128 + ((constants.signals as Record<string, number>)[signal] ?? 2);
}

export interface Interrupter {
  readonly signal: AbortSignal;
  arm(): void;
  disarm(): void;
}

export function createInterrupter(onFirst: (signal: string) => void = () => {}): Interrupter {
  const controller = new AbortController();
  let armed = false;
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(exitCodeFor(signal));
    onFirst(signal);
    controller.abort(new InterruptedError(signal));
  };
  return {
    signal: controller.signal,
    arm() {
      if (armed) return;
      armed = true;
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
    },
    disarm() {
      if (!armed) return;
      armed = false;
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
