import { NumericalError } from '../../errors.js';
import { sigmoid, sigmoidDerivative } from './link.js';
import { gramRows, matVec, transposeMatVec } from '../../linalg/gram.js';
import { choleskyInPlace } from '../../linalg/cholesky-inplace.js';
import { choleskyLogDet, choleskySolve } from '../../linalg/cholesky.js';
import { lineSearch } from './dual.js';
import {
  atRoundingFloor, costOnLine, evaluateLogistic, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE,
  type LogisticMinimum, type LogisticProblem, type NewtonOptions,
} from './problem.js';

/**
 * Newton's method for C(ω) = Σ ℓ_i + (λ/2)|ω|² in the d-dimensional weight space, for N ≫ d.
 * M = I_d + XᵀDX/λ is formed as the Gram matrix of the rows of (D½X)ᵀ (contiguous dot products),
 * factored once per step; the step is −M⁻¹∇C/λ and Σ_j ln(λ_j/λ) = ln det M at the minimum.
 */
export class PrimalLogisticSolver {
  readonly side = 'primal' as const;
  private readonly rowNorm: Float64Array;
  private readonly w: Float64Array;
  private readonly z: Float64Array;
  private readonly resid: Float64Array;
  private readonly root: Float64Array;
  private readonly scaledT: Float64Array;
  private readonly factor: Float64Array;
  private readonly g: Float64Array;
  private readonly dw: Float64Array;
  private readonly dz: Float64Array;
  private lastLambda: number | null = null;

  constructor(readonly problem: LogisticProblem) {
    const { n, d, x } = problem;
    this.rowNorm = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[i * d + j] * x[i * d + j];
      this.rowNorm[i] = Math.sqrt(s);
    }
    this.w = new Float64Array(d);
    this.z = new Float64Array(n);
    this.resid = new Float64Array(n);
    this.root = new Float64Array(n);
    this.scaledT = new Float64Array(d * n);
    this.factor = new Float64Array(d * d);
    this.g = new Float64Array(d);
    this.dw = new Float64Array(d);
    this.dz = new Float64Array(n);
  }

  minimize(lambda: number, options: NewtonOptions = {}): LogisticMinimum {
    if (!(lambda > 0) || !Number.isFinite(lambda)) throw new RangeError(`lambda must be a positive finite number, got ${lambda}`);
    const { n, d, x, y } = this.problem;
    const { w, z, resid, root, factor: m, g, dw, dz } = this;
    const tol = options.tolerance ?? DEFAULT_TOLERANCE;
    const maxIt = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
    if ((options.warmStart ?? true) && this.lastLambda !== null) this.predict(lambda);
    else {
      w.fill(0);
      z.fill(0);
    }
    this.lastLambda = null;
    let cost = costOnLine(z, z, y, n, 0, lambda, dot(w, w, d), 0, 0);
    let logDetRatio = Number.NaN;
    let prevGnorm = Number.POSITIVE_INFINITY;
    let lastFull = false;
    let it = 0;
    for (; ; it++) {
      let scale = 0;
      for (let i = 0; i < n; i++) {
        const p = sigmoid(z[i]);
        resid[i] = p - y[i];
        root[i] = Math.sqrt(sigmoidDerivative(z[i]));
        scale += Math.abs(resid[i]) * this.rowNorm[i];
      }
      transposeMatVec(x, n, d, resid, g);
      for (let j = 0; j < d; j++) g[j] += lambda * w[j];
      const gnorm = Math.sqrt(dot(g, g, d));
      scale += lambda * Math.sqrt(dot(w, w, d));
      this.factorAt(lambda);
      if (gnorm <= tol * scale || atRoundingFloor(gnorm, prevGnorm, lastFull, scale)) {
        logDetRatio = choleskyLogDet(m, d);
        break;
      }
      prevGnorm = gnorm;
      if (it >= maxIt) throw new NumericalError(`Newton's method for logistic regression (λ = ${lambda}) did not converge in ${maxIt} steps (|∇C| = ${gnorm.toExponential(3)}, scale ${scale.toExponential(3)})`);
      choleskySolve(m, d, g, dw);
      for (let j = 0; j < d; j++) dw[j] = -dw[j] / lambda;
      matVec(x, n, d, dw, dz);
      const decrement = -dot(g, dw, d);
      const q0 = dot(w, w, d);
      const q1 = dot(w, dw, d);
      const q2 = dot(dw, dw, d);
      const t = lineSearch(z, dz, y, n, lambda, q0, q1, q2, cost, decrement);
      if (t === 0) {
        if (gnorm <= 1e-8 * scale) {
          logDetRatio = choleskyLogDet(m, d);
          break;
        }
        throw new NumericalError(`Newton's method for logistic regression (λ = ${lambda}): the line search found no decrease at |∇C| = ${gnorm.toExponential(3)}`);
      }
      cost = costOnLine(z, dz, y, n, t, lambda, q0, q1, q2);
      lastFull = t === 1;
      for (let j = 0; j < d; j++) w[j] += t * dw[j];
      for (let i = 0; i < n; i++) z[i] += t * dz[i];
    }
    this.lastLambda = lambda;
    const wOut = Float64Array.from(w);
    const ev = evaluateLogistic(this.problem, lambda, wOut);
    return {
      lambda, w: wOut, margins: ev.margins, cost: ev.cost, logDetRatio, gradientNorm: ev.gradientNorm,
      gradientScale: ev.gradientScale, iterations: it, side: this.side,
    };
  }

  /** M = I + (D½X)ᵀ(D½X)/λ, factored in place. */
  private factorAt(lambda: number): void {
    const { n, d, x } = this.problem;
    const { root, scaledT: t, factor: m } = this;
    for (let i = 0; i < n; i++) {
      const r = root[i];
      for (let j = 0; j < d; j++) t[j * n + i] = x[i * d + j] * r;
    }
    gramRows(t, d, n, m);
    const inv = 1 / lambda;
    for (let k = 0; k < d * d; k++) m[k] *= inv;
    for (let j = 0; j < d; j++) m[j * d + j] += 1;
    choleskyInPlace(m, d, 'I + Xᵀ D X / λ');
  }

  /** As DualLogisticSolver.predict: move along dω/d ln λ = −λH⁻¹ω = −M⁻¹ω if that lowers the cost. */
  private predict(lambda: number): void {
    const { n, d, x, y } = this.problem;
    const { w, z, factor: m, dw, dz } = this;
    const prev = this.lastLambda as number;
    choleskySolve(m, d, w, dw);
    matVec(x, n, d, dw, dz);
    const q0 = dot(w, w, d);
    const q1 = dot(w, dw, d);
    const q2 = dot(dw, dw, d);
    let best = 0;
    let bestCost = costOnLine(z, dz, y, n, 0, lambda, q0, q1, q2);
    for (const c of [-Math.log(lambda / prev), 1 - lambda / prev]) {
      const cost = costOnLine(z, dz, y, n, c, lambda, q0, q1, q2);
      if (cost < bestCost) {
        best = c;
        bestCost = cost;
      }
    }
    for (let j = 0; j < d; j++) w[j] += best * dw[j];
    for (let i = 0; i < n; i++) z[i] += best * dz[i];
  }
}

function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
