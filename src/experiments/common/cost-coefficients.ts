/**
 * Measured CPU cost of the elementary work of each sweep cell, in seconds of one core per unit of
 * work. Here: the coefficients more than one kind uses (the fixed cost of a cell, a process's
 * memory); the SGD/SDE ensembles' coefficients (stationary runs, collapse cells) are in
 * ensemble-cost.ts, each other kind's at the top of its experiments/<kind>/cost.ts, which counts the
 * units of a cell from its payload and the loaded data, so a cell's estimated cost is units ×
 * coefficient.
 *
 * Measured on the development machine (Debian 12 container, 2 cores shared; Node 20, native
 * OpenBLAS built) in CPU time (process.cpuUsage: on a shared machine wall time is 2–8× longer):
 * `node src/bench/plan-calibrate.mjs` (after `npm run build`) times sampled cells of every sweep
 * kind in-process and prints measured / estimated per task; `stationary-calibrate.mjs` and
 * `evidence-calibrate.mjs` fit the ensemble and evidence coefficients; the MLP coefficients come
 * from `node src/bench/mlp-cost-model.mjs` (h = 64: 0.080 ms + 6.40 µs × B; h = 800: 0.676 ms +
 * 65.7 µs × B). They size a run and its refusals, never its results: shard assignment only needs
 * their ratios. test/plan/plan-vs-measured.test.ts holds every shipped scenario's quick plan within
 * a factor 3 of its measured CPU time (docs/performance.md, "The cost model").
 */

/** Fixed cost of any cell (building its model or data, compiling expressions, first-touch of arrays). */
export const CELL_SETUP_SECONDS = 0.02;

/**
 * Reading MNIST, once per process (each worker thread reads its own copy): one digit of the `mnist`
 * package's JSON pool (measured 1.3 s of CPU for the ten), or MNIST's full IDX files (0.3 s for
 * both splits). The first cell of a sweep on MNIST carries it.
 */
export const MNIST_DIGIT_READ_SECONDS = 0.13;
export const MNIST_FULL_READ_SECONDS = 0.3;

/** Resident memory of a Node process running sgd-sde before any cell (measured: ~110 MB). */
export const PROCESS_BASELINE_BYTES = 120 * 2 ** 20;
