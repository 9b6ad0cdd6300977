import { rngFor } from '../rng/streams.js';
import type { DiagonalSde, IntegratorSpec } from './integrators/integrator.js';
import { eulerMaruyama } from './integrators/euler-maruyama.js';

/**
 * Strong and weak errors of an integrator (default Euler–Maruyama) on a scalar SDE with a known pathwise solution, for a
 * ladder of step counts, all on the same Brownian paths: each path is sampled on the finest grid,
 * and a coarser level's increments are sums of the fine ones. The exact solution is advanced
 * alongside from the same fine increments (plus, per fine step, an independent normal for what
 * the increment alone does not determine, e.g. OU's exponentially weighted integral).
 * Per path and level it returns |X^h_T − X_T| (strong error) and f(X^h_T) − f(X_T) (a paired
 * estimate of the weak error, far less noisy than f(X^h_T) alone). Paths come in blocks of
 * PATH_BLOCK, block k on stream rngFor(seed, 'convergence', cell, k).
 */
/** Paths per random stream (seeding a stream per path would cost more than a short path). */
const PATH_BLOCK = 1024;

export interface PathwiseReference {
  reset(x0: number): void;
  /** advance over one fine step: Brownian increment dW (variance h) and an independent N(0,1) r */
  advance(dW: number, r: number, h: number): void;
  value(): number;
}

export interface ConvergenceStudyConfig {
  sde: DiagonalSde;
  /** the integrator under study (dynamics/integrators/registry.ts); default Euler–Maruyama */
  integrator?: IntegratorSpec;
  reference: PathwiseReference;
  x0: number;
  horizon: number;
  /** step counts; each must divide the largest, which is the fine grid */
  steps: number[];
  /** the weak-error test function */
  weak: (x: number) => number;
  paths: number;
  seed: number;
  cell: number;
}

export interface ConvergenceStudyResult {
  steps: number[];
  h: number[];
  /** strong[l][p] = |X^h_T − X_T| on path p at level l */
  strong: Float64Array[];
  /** weak[l][p] = f(X^h_T) − f(X_T) */
  weak: Float64Array[];
}

export function runConvergenceStudy(cfg: ConvergenceStudyConfig): ConvergenceStudyResult {
  if (cfg.sde.dim !== 1) throw new RangeError('the convergence study is scalar (dim 1)');
  const fine = Math.max(...cfg.steps);
  for (const n of cfg.steps) if (!Number.isInteger(n) || n < 1 || fine % n !== 0) throw new RangeError(`step count ${n} does not divide the finest ${fine}`);
  const levels = cfg.steps.length;
  const hf = cfg.horizon / fine;
  const sqrtHf = Math.sqrt(hf);
  const ratio = cfg.steps.map((n) => fine / n);
  const h = cfg.steps.map((n) => cfg.horizon / n);
  const em = (cfg.integrator ?? eulerMaruyama).stepper(cfg.sde);
  const state = cfg.steps.map(() => new Float64Array(1));
  const acc = new Float64Array(levels);
  const time = new Float64Array(levels);
  const increment = new Float64Array(1);
  const normals = new Float64Array(2 * fine);
  const strong = cfg.steps.map(() => new Float64Array(cfg.paths));
  const weak = cfg.steps.map(() => new Float64Array(cfg.paths));
  let rng = rngFor(cfg.seed, 'convergence', cfg.cell, 0);
  for (let p = 0; p < cfg.paths; p++) {
    if (p % PATH_BLOCK === 0) rng = rngFor(cfg.seed, 'convergence', cfg.cell, p / PATH_BLOCK);
    rng.fillNormal(normals);
    cfg.reference.reset(cfg.x0);
    for (let l = 0; l < levels; l++) {
      state[l][0] = cfg.x0;
      acc[l] = 0;
      time[l] = 0;
    }
    for (let j = 0; j < fine; j++) {
      const dW = sqrtHf * normals[2 * j];
      cfg.reference.advance(dW, normals[2 * j + 1], hf);
      for (let l = 0; l < levels; l++) {
        acc[l] += dW;
        if ((j + 1) % ratio[l] === 0) {
          increment[0] = acc[l];
          em.step(state[l], time[l], h[l], increment);
          time[l] += h[l];
          acc[l] = 0;
        }
      }
    }
    const exact = cfg.reference.value();
    const fExact = cfg.weak(exact);
    for (let l = 0; l < levels; l++) {
      const xl = state[l][0];
      strong[l][p] = Math.abs(xl - exact);
      weak[l][p] = cfg.weak(xl) - fExact;
    }
  }
  return { steps: cfg.steps.slice(), h, strong, weak };
}
