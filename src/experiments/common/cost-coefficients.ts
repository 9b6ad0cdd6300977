/**
 * Measured CPU cost of the elementary work of each sweep cell, in seconds of one core per unit of
 * work. The units (what one "unit" is) are defined beside each coefficient; each kind's sweep-cost.ts (experiments/<kind>/)
 * counts the units of a cell from its payload, so a cell's estimated cost is units × coefficient.
 *
 * Measured on the development machine (Debian 12 container, 2 cores shared; Node 20, WebAssembly
 * kernels) by `node src/bench/plan-calibrate.mjs` (after `npm run build`), which times cells of
 * every kind in-process and prints these numbers; the MLP coefficients come from
 * `node src/bench/mlp-cost-model.mjs` (h = 64: 0.080 ms + 6.40 µs × B; h = 800: 0.676 ms + 65.7 µs × B, CPU
 * time; with the machine shared, wall time was about twice that). They are estimates to size a run (±50% on another machine),
 * never used for results: shard assignment only needs their ratios to be right.
 */

/**
 * SGD on the toy potential: a step of one replica costs the landscape's compiled gradient (worth
 * POTENTIAL_STEP_EXAMPLES example offsets) plus B offsets; one unit = one example offset.
 */
export const POTENTIAL_SECONDS_PER_EXAMPLE = 5.5e-8;
export const POTENTIAL_STEP_EXAMPLES = 20;

/**
 * Escape cells (one replica step, per coordinate): the landscape's gradient plus the step's
 * bookkeeping (and one normal draw for the SDE) costs ESCAPE_STEP_SECONDS, each of SGD's B example
 * offsets ESCAPE_SECONDS_PER_OFFSET. Fitted to the CPU time of the quick escape-kramers cells
 * (B = 5 … 218, SGD and SDE) on a loaded machine: recalibrate on an idle one.
 */
export const ESCAPE_STEP_SECONDS = 1.1e-7;
export const ESCAPE_SECONDS_PER_OFFSET = 1.5e-8;

/**
 * Frontier cells of gradient-noise (one unit = one entry touched by a step: the loss N·d, the
 * minibatch B·d, and for the optimal ε the exact probe N·d² + 2N·d). Fitted to the quick
 * gradient-noise-linreg cells on a loaded machine (ratio 0.12–0.20 of the ensemble coefficient).
 */
export const FRONTIER_SECONDS_PER_ENTRY = 3.3e-9;

/**
 * Stationary SGD ensemble (collapse cells): a step of one replica costs B example gradients of d
 * entries plus the recorder's d² covariance update; one unit = one entry (steps × replicas × (B·d + d²)).
 */
export const ENSEMBLE_SECONDS_PER_ENTRY = 1.9e-8;

/** Coupled SGD / SME-1 / SME-2 paths (transient ladder): one unit = one step of one path in one dimension. */
export const SME_SECONDS_PER_PATH_STEP_DIM = 9.5e-8;

/** Euler–Maruyama integrator study: one unit = one step of one path (all step counts and the reference). */
export const INTEGRATOR_SECONDS_PER_PATH_STEP = 6.0e-8;

/**
 * One MLP training step with h hidden units at batch size B: a + b·B milliseconds of CPU
 * (mlp-cost-model.mjs fit, sparse first layer on MNIST inputs). Interpolated linearly in h.
 */
export const MLP_STEP_MS: readonly { hidden: number; a: number; bPerExample: number }[] = [
  { hidden: 64, a: 0.08, bPerExample: 0.0064 },
  { hidden: 800, a: 0.68, bPerExample: 0.066 },
];

/**
 * Logistic evidence: one unit = one multiply-add of the Gram matrix and the Newton solves' Cholesky
 * factorisations (WebAssembly f64x2). Measured: paper-evidence-mnist (n = 800, m = 785, 25 λ, 2 label
 * sets) took 5.1 s of CPU beyond the CLI's start.
 */
export const EVIDENCE_SECONDS_PER_FLOP = 6.0e-11;

/** Fixed cost of any cell (building its model or data, compiling expressions, first-touch of arrays). */
export const CELL_SETUP_SECONDS = 0.02;

/** Resident memory of a Node process running sgd-sde before any cell (measured: ~110 MB). */
export const PROCESS_BASELINE_BYTES = 120 * 2 ** 20;
