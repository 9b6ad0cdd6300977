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
  /**
   * `done` units finished; `fraction` of the work done when units differ in cost (the cells of a
   * batch-size sweep differ by 1000× in B): the ETA then comes from the fraction, not the count
   */
  tick(done: number, fraction?: number): void;
  end(): void;
}

export function silentProgress(): Progress {
  const task: ProgressTask = { tick() {}, end() {} };
  return { start: () => task, info() {} };
}
