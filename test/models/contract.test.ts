/**
 * One contract over every registered model (fast-check's shared-assertion pattern): the loop below
 * runs over `models` from src/models/registry.ts; a new model kind fails the 'every registered model
 * has a test spec' test below (and the type of testSpecs, where tests are type-checked) until it has a
 * small spec here, and then gets every check for free.
 *
 * Checks at a fixed random point ω (seeded):
 *  - loss finite;
 *  - ∇L against central differences (L(ω+h e_j) − L(ω−h e_j))/2h, h = 1e-5: truncation error
 *    ≈ h²|L'''|/6 ≈ 1e-10 and rounding ≈ ε|L|/h ≈ 1e-11, so a relative tolerance of 1e-6 of
 *    max(1, |∇L|_∞) leaves four orders of margin yet catches a gradient wrong by 1e-3 (the twin);
 *  - the Hessian (where provided) against central differences of the gradient, same step and tolerance;
 *  - batchGradient over all N indices equals gradient (relative 1e-12: same sums, other order);
 *  - exampleGradients' rows average to the gradient, and weightedGradientSum(z) equals Σ z_i row_i.
 *
 * Online models (infinite data: no N, no examples, each batch's noise drawn afresh; the factory
 * declares `data: 'online'`) get the checks that mean something for them: loss, gradient and the
 * diagonal Hessian against differences, the minimum, and the batch gradient ∇L + (C/B)^{1/2} z,
 * exactly for given z and statistically for z ~ N(0, I) (mean 0, variance c_i/B, within 4 s.e.;
 * its twin, 2C/B, fails). Every family's declared capabilities are checked against a built model.
 */
import { describe, expect, it } from 'vitest';
import { models, type ModelKind, modelSpecSchema, finiteModelSpecSchema, modelCapabilities } from '../../src/models/registry.js';
import type { Loss } from '../../src/models/loss.js';
import { isOnline, type OnlineLoss } from '../../src/models/online-loss.js';
import { rngFor } from '../../src/rng/streams.js';
import { withWeightDecay } from '../../src/models/weight-decay.js';

const testSpecs: { [K in ModelKind]: unknown } = {
  quadratic: { kind: 'quadratic', dim: 3, n: 8, spectrum: [2, 1, 0.25], rotate: true, noise: { shape: 'hessian', variance: 0.5 } },
  'linear-regression': { kind: 'linear-regression', dim: 3, n: 12 },
  potential: { kind: 'potential', n: 5, noise: { variance: 0.3 } },
  'logistic-regression': { kind: 'logistic-regression', lambda: 2, data: { synthetic: { features: 2, trainPerClass: 6, testPerClass: 0, separation: 1.5 } } },
  nqm: { kind: 'nqm', dim: 5, noise: [0.3, 0.1, 2, 0.5, 1] },
};

const STEP = 1e-5;
const FD_TOL = 1e-6;

function point(loss: Loss, seed: number): Float64Array {
  const w = new Float64Array(loss.dim);
  let s = seed >>> 0;
  for (let j = 0; j < w.length; j++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; w[j] = 0.2 * ((s / 2 ** 32) * 2 - 1); }
  return w;
}

/** max_j |g_j − FD_j| / max(1, |g|_∞); throws nothing, the caller compares with FD_TOL. */
function gradientError(loss: Loss, w: Float64Array): number {
  const g = new Float64Array(loss.dim);
  loss.gradient(w, g);
  const scale = Math.max(1, ...Array.from(g, Math.abs));
  let worst = 0;
  for (let j = 0; j < loss.dim; j++) {
    const wp = Float64Array.from(w); wp[j] += STEP;
    const wm = Float64Array.from(w); wm[j] -= STEP;
    const fd = (loss.loss(wp) - loss.loss(wm)) / (2 * STEP);
    worst = Math.max(worst, Math.abs(g[j] - fd) / scale);
  }
  return worst;
}

function hessianError(loss: Loss, w: Float64Array): number {
  const d = loss.dim;
  const h = loss.hessian!(w);
  const scale = Math.max(1, ...Array.from(h, Math.abs));
  const gp = new Float64Array(d), gm = new Float64Array(d);
  let worst = 0;
  for (let j = 0; j < d; j++) {
    const wp = Float64Array.from(w); wp[j] += STEP;
    const wm = Float64Array.from(w); wm[j] -= STEP;
    loss.gradient(wp, gp); loss.gradient(wm, gm);
    for (let i = 0; i < d; i++) worst = Math.max(worst, Math.abs(h[i * d + j] - (gp[i] - gm[i]) / (2 * STEP)) / scale);
  }
  return worst;
}

function relDiff(a: Float64Array, b: Float64Array): number {
  const scale = Math.max(1, ...Array.from(a, Math.abs));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  return worst;
}

const all = (Object.keys(testSpecs) as ModelKind[]).map((kind) => {
  const spec = modelSpecSchema.parse(testSpecs[kind]);
  return { kind, model: models[kind].build(spec as never, { seed: 11, baseDir: process.cwd() }) };
});
const built = all.flatMap(({ kind, model }) => (isOnline(model) ? [] : [{ kind, loss: model }]));
const online = all.flatMap(({ kind, model }) => (isOnline(model) ? [{ kind, loss: model }] : []));

describe.each(all)('declared capabilities: $kind', ({ kind, model }) => {
  const caps = modelCapabilities(kind);
  it('data: online exactly when the built model is an OnlineLoss; the finite-data schema admits it exactly when finite', () => {
    expect(isOnline(model)).toBe(caps.data === 'online');
    expect(finiteModelSpecSchema.safeParse(testSpecs[kind]).success).toBe(caps.data === 'finite');
  });
  it('exactNoiseScale: example gradients and a Hessian (finite), or H and C (online)', () => {
    const has = isOnline(model)
      ? model.curvature.length === model.dim && model.noiseVariance.length === model.dim
      : !!(model.exampleGradients && model.hessian);
    expect(has).toBe(caps.exactNoiseScale);
  });
  it('knownMinimum: minimum() is present', () => {
    expect(typeof model.minimum === 'function').toBe(caps.knownMinimum);
  });
});

describe.each(built)('model contract: $kind', ({ loss }) => {
  const w = point(loss, 7);

  it('loss is finite', () => {
    expect(Number.isFinite(loss.loss(w))).toBe(true);
  });

  it(`gradient matches central differences (relative ${FD_TOL})`, () => {
    expect(gradientError(loss, w)).toBeLessThan(FD_TOL);
  });

  it.skipIf(!loss.hessian)(`Hessian matches differences of the gradient (relative ${FD_TOL})`, () => {
    expect(hessianError(loss, w)).toBeLessThan(FD_TOL);
  });

  it('batch gradient over all indices equals the full gradient (relative 1e-12)', () => {
    const all = Int32Array.from({ length: loss.n }, (_, i) => i);
    const g = new Float64Array(loss.dim), b = new Float64Array(loss.dim);
    loss.gradient(w, g);
    loss.batchGradient(w, all, loss.n, b);
    expect(relDiff(g, b)).toBeLessThan(1e-12);
  });

  it.skipIf(!loss.exampleGradients)('example gradients average to the gradient and agree with weightedGradientSum (relative 1e-12)', () => {
    const d = loss.dim, n = loss.n;
    const rows = new Float64Array(n * d);
    loss.exampleGradients!(w, rows);
    const mean = new Float64Array(d), g = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += rows[i * d + j] / n;
    loss.gradient(w, g);
    expect(relDiff(g, mean)).toBeLessThan(1e-12);
    if (loss.weightedGradientSum) {
      const z = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
      const expected = new Float64Array(d), got = new Float64Array(d);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) expected[j] += z[i] * rows[i * d + j];
      loss.weightedGradientSum(w, z, got);
      expect(relDiff(expected, got)).toBeLessThan(1e-12);
    }
  });
});

/**
 * The declared noise type, from the per-example gradients: the largest change of a centred example
 * gradient ∇ℓ_i − ∇L between two points, relative to the gradients' size. 'additive' models must
 * show none (≤ 1e-10), 'general' ones must show some (≥ 1e-6).
 */
function noiseStateDependence(loss: Loss, a: Float64Array, b: Float64Array): number {
  const d = loss.dim, n = loss.n;
  const centred = (w: Float64Array) => {
    const rows = new Float64Array(n * d), g = new Float64Array(d);
    loss.exampleGradients!(w, rows);
    loss.gradient(w, g);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) rows[i * d + j] -= g[j];
    return rows;
  };
  const ra = centred(a), rb = centred(b);
  let diff = 0, scale = 0;
  for (let k = 0; k < ra.length; k++) {
    diff = Math.max(diff, Math.abs(ra[k] - rb[k]));
    scale = Math.max(scale, Math.abs(ra[k]), Math.abs(rb[k]));
  }
  return diff / Math.max(scale, 1e-300);
}

describe.each(built)('model noise declaration: $kind', ({ loss }) => {
  it.skipIf(!loss.exampleGradients)('the centred example gradients move with ω iff noise is declared general', () => {
    const change = noiseStateDependence(loss, point(loss, 3), point(loss, 4));
    if (loss.noise === 'additive') expect(change).toBeLessThan(1e-10);
    else expect(change).toBeGreaterThan(1e-6);
  });

  it.skipIf(!loss.minimum)('minimum() is a stationary point (|∇L| ≤ 1e-8 relative)', () => {
    const w = loss.minimum!();
    const g = new Float64Array(loss.dim);
    loss.gradient(w, g);
    const probe = new Float64Array(loss.dim);
    loss.gradient(point(loss, 5), probe);
    expect(Math.hypot(...g) / Math.max(Math.hypot(...probe), 1e-300)).toBeLessThan(1e-8);
  });
});

/** S = (1/N) Σ (∇ℓ_i − ∇L)(∇ℓ_i − ∇L)ᵀ at ω from the example gradients, and its largest |entry| difference from `s`, relative. */
function constantSError(loss: Loss, w: Float64Array, s: Float64Array): number {
  const d = loss.dim, n = loss.n;
  const rows = new Float64Array(n * d), g = new Float64Array(d);
  loss.exampleGradients!(w, rows);
  loss.gradient(w, g);
  let diff = 0, scale = 0;
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += (rows[i * d + a] - g[a]) * (rows[i * d + b] - g[b]);
    diff = Math.max(diff, Math.abs(acc / n - s[a * d + b]));
    scale = Math.max(scale, Math.abs(s[a * d + b]));
  }
  return diff / Math.max(scale, 1e-300);
}

describe.each(built)('model constant noise covariance: $kind', ({ loss }) => {
  it('gives constantGradientCovariance() exactly when it declares additive noise', () => {
    expect(typeof loss.constantGradientCovariance === 'function').toBe(loss.noise === 'additive');
  });

  it.skipIf(!loss.constantGradientCovariance || !loss.exampleGradients)('its constant S is the covariance of its centred example gradients (relative 1e-10), at two points', () => {
    const s = loss.constantGradientCovariance!();
    expect(constantSError(loss, point(loss, 3), s)).toBeLessThan(1e-10);
    expect(constantSError(loss, point(loss, 4), s)).toBeLessThan(1e-10);
  });
});

describe.each(built)('weight decay keeps the contract: $kind', ({ loss }) => {
  const wrapped = withWeightDecay(loss, 0.3);
  it('same noise type, constantGradientCovariance() exactly when additive, and the same constant S', () => {
    expect(wrapped.noise).toBe(loss.noise);
    expect(typeof wrapped.constantGradientCovariance === 'function').toBe(wrapped.noise === 'additive');
    if (wrapped.constantGradientCovariance && wrapped.exampleGradients) {
      expect(constantSError(wrapped, point(loss, 3), wrapped.constantGradientCovariance())).toBeLessThan(1e-10);
    }
  });

  it('its gradient agrees with central differences', () => {
    expect(gradientError(wrapped, point(loss, 7))).toBeLessThan(FD_TOL);
  });
});

describe('model contract coverage', () => {
  it('every registered model has a test spec', () => {
    expect(Object.keys(testSpecs).sort()).toEqual(Object.keys(models).sort());
  });
});

describe('model contract twin', () => {
  it('the noise check fails on a model that declares the wrong noise type', () => {
    const lr = built.find((b) => b.loss.noise === 'general')!.loss;
    // a general-noise model's centred gradients do move: declaring it 'additive' would fail the < 1e-10 bound
    expect(noiseStateDependence(lr, point(lr, 3), point(lr, 4))).toBeGreaterThan(1e-10);
    const add = built.find((b) => b.loss.noise === 'additive')!.loss;
    expect(noiseStateDependence(add, point(add, 3), point(add, 4))).toBeLessThan(1e-6);
  });

  it('the constant-S check fails on an S planted wrong by a relative 1e-3', () => {
    const add = built.find((b) => b.loss.noise === 'additive' && b.loss.exampleGradients)!.loss;
    const wrong = add.constantGradientCovariance!().map((v) => v * (1 + 1e-3));
    expect(constantSError(add, point(add, 3), wrong)).toBeGreaterThan(1e-10);
  });

  it('fails on a gradient planted wrong by a relative 1e-3', () => {
    const { loss } = built[0];
    const wrong: Loss = Object.assign(Object.create(Object.getPrototypeOf(loss)), loss, {
      gradient(w: Float64Array, out: Float64Array) { loss.gradient(w, out); for (let j = 0; j < out.length; j++) out[j] *= 1 + 1e-3; },
    });
    const w = point(loss, 7);
    expect(gradientError(wrong, w)).toBeGreaterThan(FD_TOL);
    expect(gradientError(loss, w)).toBeLessThan(FD_TOL);
  });
});

/** Mean and variance of (batch gradient − ∇L) per coordinate over `draws` draws with z ~ N(0, I). */
function batchNoiseMoments(loss: OnlineLoss, w: Float64Array, batchSize: number, draws: number) {
  const d = loss.dim;
  const z = new Float64Array(d), g = new Float64Array(d), b = new Float64Array(d);
  const sum = new Float64Array(d), sumSq = new Float64Array(d);
  loss.gradient(w, g);
  const rng = rngFor(5, 'contract-online');
  for (let k = 0; k < draws; k++) {
    rng.fillNormal(z);
    loss.batchGradient(w, batchSize, z, b);
    for (let i = 0; i < d; i++) { const e = b[i] - g[i]; sum[i] += e; sumSq[i] += e * e; }
  }
  return { mean: Array.from(sum, (x) => x / draws), variance: Array.from(sumSq, (x) => x / draws) };
}

/** Largest |z| of the per-coordinate mean (against 0) and variance (against `factor`·c_i/B), in standard errors. */
function noiseScores(loss: OnlineLoss, m: { mean: number[]; variance: number[] }, batchSize: number, draws: number, factor: number): number {
  let worst = 0;
  for (let i = 0; i < loss.dim; i++) {
    const v = (factor * loss.noiseVariance[i]) / batchSize;
    worst = Math.max(worst, Math.abs(m.mean[i]) / Math.sqrt(v / draws), Math.abs(m.variance[i] - v) / (v * Math.sqrt(2 / draws)));
  }
  return worst;
}

describe.each(online)('online model contract: $kind', ({ loss }) => {
  const asLoss = loss as unknown as Loss;
  const w = point(asLoss, 7);

  it(`loss is finite; gradient and the diagonal Hessian match differences (relative ${FD_TOL})`, () => {
    expect(Number.isFinite(loss.loss(w))).toBe(true);
    expect(gradientError(asLoss, w)).toBeLessThan(FD_TOL);
    const d = loss.dim;
    const diag = Object.assign(Object.create(null), asLoss, {
      dim: d, loss: loss.loss.bind(loss), gradient: loss.gradient.bind(loss),
      hessian: () => { const m = new Float64Array(d * d); for (let i = 0; i < d; i++) m[i * d + i] = loss.curvature[i]; return m; },
    }) as Loss;
    expect(hessianError(diag, w)).toBeLessThan(FD_TOL);
  });

  it('minimum() is a stationary point', () => {
    const g = new Float64Array(loss.dim);
    loss.gradient(loss.minimum(), g);
    expect(Math.max(...Array.from(g, Math.abs))).toBeLessThan(1e-12);
  });

  it('the batch gradient is ∇L + (C/B)^{1/2} z for given z (relative 1e-12)', () => {
    const d = loss.dim, batch = 3;
    const g = new Float64Array(d), b = new Float64Array(d);
    const z = Float64Array.from({ length: d }, (_, i) => Math.sin(i + 1));
    loss.gradient(w, g);
    loss.batchGradient(w, batch, z, b);
    const expected = Float64Array.from(g, (gi, i) => gi + Math.sqrt(loss.noiseVariance[i] / batch) * z[i]);
    expect(relDiff(expected, b)).toBeLessThan(1e-12);
  });

  it('with z ~ N(0, I) the batch noise has mean 0 and variance c_i/B (4 s.e., 20 000 draws, seed 5); twin: 2C/B fails', () => {
    const draws = 20000, batch = 4;
    const m = batchNoiseMoments(loss, w, batch, draws);
    expect(noiseScores(loss, m, batch, draws, 1)).toBeLessThan(4);
    expect(noiseScores(loss, m, batch, draws, 2)).toBeGreaterThan(4);
  });
});
