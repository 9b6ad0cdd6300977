import fc from 'fast-check';
import type { StressProperty } from '../property.js';
import { escapeLandscape } from '../../experiments/escape/landscape.js';
import { escapeCell } from '../../experiments/escape/cells.js';
import { caseSeed } from '../arbitraries.js';
import { caseFalseFailureRate, comparisonThreshold } from '../tolerance.js';
import { round4 } from '../format.js';
import { twoSidedTail } from '../../stats/normal.js';

/**
 * Escape from a minimum of a random tilted double well V(x) = h(x² − 1)² + s·x (docs/theory.md §8):
 * the SDE of SGD, dx = −V' dt + sqrt(ε c σ²) dW (Euler–Maruyama, step 0.01/V″(x*)), simulated
 * from the sharper minimum x* to the exit midway between the barrier top and the other minimum,
 * against the exact 1-D mean first-passage time at T from the formulas under test (quadrature,
 * src/theory/mean-first-passage.ts; reflecting wall at the far end of [−2.5, 2.5]). τ̂ = time at
 * risk / escapes over R replicas censored at 20 exact τ (experiments/escape/cells.ts), with standard
 * error τ̂/√events (exponential escape times; the relaxation part of a first passage only
 * shortens the real spread, so this is conservative). A planted T (e.g. ε c σ² without the ½) is
 * caught. Region: 2 ≤ ΔV/T ≤ 4, so that one case costs about a second; the Euler–Maruyama bias at
 * h V″(x*) = 0.01 is below a tenth of the 5% statistical error.
 */
const REPLICAS = 200;
const LR = 0.01;
const VARIANCE = 1;

interface Case {
  /** h in tenths */
  heightTenths: number;
  /** tilt s as a percentage of h */
  tiltPercent: number;
  /** ΔV/T in tenths */
  barrierOverTTenths: number;
  seed: number;
}

export const escape: StressProperty<Case> = {
  title: 'SDE escape time vs exact first passage',
  prediction: 'the mean time for the SDE of SGD to leave a minimum of a 1-D double well equals the exact first-passage quadrature at T = ε c σ²/2',
  region: `V(x) = h(x² − 1)² + s·x, 0.5 ≤ h ≤ 2, |s| ≤ 0.3 h, 2 ≤ ΔV/T ≤ 4, Euler–Maruyama step 0.01/V″(x*), ${REPLICAS} replicas censored at 20 τ`,
  method: 'simulation',
  arbitrary: () =>
    fc.record({
      heightTenths: fc.integer({ min: 5, max: 20 }),
      tiltPercent: fc.integer({ min: -30, max: 30 }),
      barrierOverTTenths: fc.integer({ min: 20, max: 40 }),
      seed: caseSeed,
    }),
  falseFailureRate: (ctx) => caseFalseFailureRate(ctx.tolerance),
  check(c, ctx) {
    const h = c.heightTenths / 10;
    const s = round4((c.tiltPercent / 100) * h);
    const loss = `${h} * (x^2 - 1)^2 + ${s} * x`;
    const domain: [number, number] = [-2.5, 2.5];
    const l = escapeLandscape({ loss, domain, from: 'sharp' });
    const barrier = l.geometry.barrier;
    // the diffusion the dynamics uses: ε c σ² per unit time, c chosen so the true T hits ΔV/T
    const trueT = barrier / (c.barrierOverTTenths / 10);
    const noiseFactor = (2 * trueT) / (LR * VARIANCE);
    const temperature = ctx.formulas.escapeTemperature(LR, noiseFactor, VARIANCE);
    const exact = l.exactTime(temperature);
    const horizon = 20 * l.exactTime(trueT);
    const r = escapeCell({
      group: 'kramers', dynamics: 'sde', noiseShape: 'isotropic', loss, variables: ['x'], domain: [domain],
      n: 100, noiseVariances: [VARIANCE], modelSeed: c.seed, lr: LR, batchSize: 1, sampler: 'with-replacement', noiseFactor,
      start: [l.start], exit: l.exit, horizon, sdeStep: 0.01 / l.geometry.curvatureMin, seed: c.seed, cell: 0, replicas: REPLICAS,
    });
    const z = (r.tau - exact) / r.tauStdError;
    const threshold = comparisonThreshold(ctx.tolerance, 1, REPLICAS);
    return {
      pass: Math.abs(z) <= threshold,
      lines: [
        `V(x) = ${loss}, escape from x* = ${round4(l.start)} (V″ = ${round4(l.geometry.curvatureMin)}) to ${round4(l.exit)}, ΔV = ${round4(barrier)}, diffusion ε c σ² = ${round4(2 * trueT)}`,
        `formula T = ${round4(temperature)}: exact τ = ${round4(exact)}; SDE τ̂ = ${round4(r.tau)} ± ${round4(r.tauStdError)} (${r.events} escapes, ${r.censored} censored), z = ${z.toFixed(2)} (allowed ${threshold.toFixed(2)})`,
      ],
      axes: { 'ΔV/T': barrier / trueT, h, 's/h': s / h },
      scenarios: [],
      pValue: twoSidedTail(Math.abs(z)),
    };
  },
};
