import type { Cell } from '../../core/cell.js';
import { noiseScale } from '../../theory/noise-scale.js';
import { noiseFactor, type Sampler } from '../../dynamics/samplers.js';
import type { EscapeScenario } from './schema.js';
import type { EscapeLandscape } from './landscape.js';
import type { EscapeCellPayload } from './cells.js';

/**
 * The cells of an escape run. Each cell aims at a barrier-to-temperature ratio r = ΔV/T at its
 * (ε, N): the minibatch noise factor it needs is c = 2ΔV/(r ε σ²) (T = ε c(N,B) σ²/2,
 * docs/theory.md §2 and §8), the batch size is the sampler's inverse of c, rounded, and the realised T is used
 * from then on. A cell that would need B < 1 (too little noise at this ε) is an input problem.
 */
export const ESCAPE_TASK = 'escape/cell';

export interface EscapeSweepCell {
  payload: EscapeCellPayload;
  /** temperature along the escape coordinate */
  temperature: number;
  g: number;
  /** exact SDE mean escape time at this temperature */
  exactTime: number;
  targetBarrierOverT: number;
}

/** The batch size whose c(N,B) is closest to `c` (in log), in [1, N − 1]. */
export function batchSizeFor(c: number, n: number, sampler: Sampler): number {
  const b = sampler === 'with-replacement' ? 1 / c : n / (1 + c * (n - 1));
  return Math.min(n - 1, Math.max(1, Math.round(b)));
}

/** The needed c for ΔV/T = r at this ε; above 1 no batch size gives it. */
export function neededNoiseFactor(barrier: number, r: number, lr: number, sigma2: number): number {
  return (2 * barrier) / (r * lr * sigma2);
}

export function sdeStepOf(s: EscapeScenario, l: EscapeLandscape): number {
  return s.run.sdeStep === 'auto' ? 0.01 / l.geometry.curvatureMin : s.run.sdeStep;
}

export function escapeSweep(s: EscapeScenario, l: EscapeLandscape): EscapeSweepCell[] {
  const cells: EscapeSweepCell[] = [];
  const sigma2 = s.noise.variance;
  const barrier = l.geometry.barrier;
  const sdeStep = sdeStepOf(s, l);
  const [lo, hi] = s.landscape.domain;
  const add = (group: EscapeCellPayload['group'], dynamics: 'sgd' | 'sde', lr: number, n: number, r: number, twoD?: { k: number; shape: 'isotropic' | 'hessian' }) => {
    const b = batchSizeFor(neededNoiseFactor(barrier, r, lr, sigma2), n, s.sampler);
    const c = noiseFactor(n, b, s.sampler);
    let variances = [sigma2];
    if (twoD) {
      const h = l.geometry.curvatureMin;
      variances = twoD.shape === 'isotropic' ? [sigma2, sigma2] : [(sigma2 * 2 * h) / (h + twoD.k), (sigma2 * 2 * twoD.k) / (h + twoD.k)];
    }
    const temperature = (lr * c * variances[0]) / 2;
    const exactTime = l.exactTime(temperature);
    cells.push({
      temperature,
      g: noiseScale(lr, n, b, 0, s.sampler).g,
      exactTime,
      targetBarrierOverT: r,
      payload: {
        group, dynamics, noiseShape: twoD?.shape ?? 'isotropic',
        loss: twoD ? `(${s.landscape.loss}) + ${twoD.k / 2} * y^2` : s.landscape.loss,
        variables: twoD ? ['x', 'y'] : ['x'],
        domain: twoD ? [[lo, hi], [lo, hi]] : [[lo, hi]],
        n, noiseVariances: variances, modelSeed: s.seed,
        lr, batchSize: b, sampler: s.sampler, noiseFactor: c,
        start: twoD ? [l.start, 0] : [l.start],
        exit: l.exit,
        horizon: s.run.horizon * exactTime,
        sdeStep,
        seed: s.seed, cell: cells.length, replicas: s.run.replicas,
      },
    });
  };
  for (const lr of s.kramers.lr)
    for (const n of s.kramers.n)
      for (const r of s.kramers.barrierOverT) {
        add('kramers', 'sgd', lr, n, r);
        add('kramers', 'sde', lr, n, r);
      }
  if (s.validity) for (const lr of s.validity.lr) for (const r of s.validity.barrierOverT) add('validity', 'sgd', lr, s.validity.n, r);
  if (s.aligned) {
    add('aligned', 'sgd', s.aligned.lr, s.aligned.n, s.aligned.barrierOverT, { k: s.aligned.transverseCurvature, shape: 'isotropic' });
    add('aligned', 'sgd', s.aligned.lr, s.aligned.n, s.aligned.barrierOverT, { k: s.aligned.transverseCurvature, shape: 'hessian' });
  }
  return cells;
}

export function toCells(sweep: EscapeSweepCell[]): Cell<EscapeCellPayload>[] {
  return sweep.map((p) => ({ task: ESCAPE_TASK, payload: p.payload }));
}
