import type { Workload } from './workload.js';
import { w1 } from './w1-sgd-ensemble.js';
import { w2 } from './w2-sde-state-noise.js';
import { w3 } from './w3-mlp.js';
import { w4 } from './w4-evidence.js';
import { w5 } from './w5-sweep-cells.js';

/** The benchmark workloads, in WORKLOADS.md order. Each file does exactly the reference's work. */
export const workloads: Workload[] = [w1, w2, w3, w5, w4];
