import type { Workload } from './workload.js';

/** The benchmark workloads, in WORKLOADS.md order. Each file does exactly the reference's work. */
export const workloads: Workload[] = [];
