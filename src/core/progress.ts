/**
 * Progress on long runs: the interface experiments and the worker pool report to, and a silent
 * implementation. The terminal implementation (stderr, throttled, with an ETA) is io/progress.ts.
 */
export interface Progress {
  /** a task with `total` units of work; returns a ticker */
  start(label: string, total: number): ProgressTask;
  info(message: string): void;
}

export interface ProgressTask {
  tick(done: number): void;
  end(): void;
}

export function silentProgress(): Progress {
  const task: ProgressTask = { tick() {}, end() {} };
  return { start: () => task, info() {} };
}
