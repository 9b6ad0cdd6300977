/** A benchmark workload of docs/performance.md: the same work as scripts/numpy_ref.py. */
export interface Workload {
  id: string;          // 'W1' …
  description: string;
  unit: string;        // e.g. 'replica-steps/s'
  /** run the workload at `scale` (1 = the reference size); return seconds of timed work and the amount of work done */
  run(scale: number): Promise<{ seconds: number; work: number }>;
}
