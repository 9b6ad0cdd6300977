/**
 * Measured CPU cost of the elementary work of each sweep cell, in seconds of one core per unit of
 * work. Here: the coefficients more than one kind uses (the fixed cost of a cell, the SGD ensemble's
 * entry, a process's memory); each kind's own coefficients sit at the top of its cost.ts
 * (experiments/<kind>/), which counts the units of a cell from its payload, so a cell's estimated
 * cost is units × coefficient.
 *
 * Measured on the development machine (Debian 12 container, 2 cores shared; Node 20, WebAssembly
 * kernels) by `node src/bench/plan-calibrate.mjs` (after `npm run build`), which times cells of
 * every kind in-process and prints these numbers; the MLP coefficients come from
 * `node src/bench/mlp-cost-model.mjs` (h = 64: 0.080 ms + 6.40 µs × B; h = 800: 0.676 ms + 65.7 µs × B, CPU
 * time; with the machine shared, wall time was about twice that). They are estimates to size a run (±50% on another machine),
 * never used for results: shard assignment only needs their ratios to be right.
 */

/**
 * Stationary SGD ensemble (collapse cells): a step of one replica costs B example gradients of d
 * entries plus the recorder's d² covariance update; one unit = one entry (steps × replicas × (B·d + d²)).
 */
export const ENSEMBLE_SECONDS_PER_ENTRY = 1.9e-8;

/** Fixed cost of any cell (building its model or data, compiling expressions, first-touch of arrays). */
export const CELL_SETUP_SECONDS = 0.02;

/** Resident memory of a Node process running sgd-sde before any cell (measured: ~110 MB). */
export const PROCESS_BASELINE_BYTES = 120 * 2 ** 20;
