import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { meanFirstPassageTime } from '../../src/theory/mean-first-passage.js';
import { kramersTime, kramersTimeCorrected } from '../../src/theory/kramers.js';
import { analyseDoubleWell, barrierGeometry } from '../../src/theory/double-well.js';
import { exponentialEscape, kaplanMeier } from '../../src/stats/survival.js';
import { weightedLine } from '../../src/stats/weighted-line.js';
import { rngFor } from '../../src/rng/streams.js';

/** The escape experiment's theory (docs/theory.md §8) against closed forms and an independent SciPy quadrature. */
describe('exact mean first-passage time', () => {
  it('free diffusion: (ℓ² − x₀²)/(2T) with a reflecting wall at 0', () => {
    const t = 0.7;
    const got = meanFirstPassageTime({ potential: () => 0, start: 0.3, exit: 2, reflect: 0, temperature: t });
    expect(got).toBeCloseTo((4 - 0.09) / (2 * t), 6);
  });

  it('mirror image: escaping to the left gives the same time', () => {
    const v = (x: number) => 0.25 * x ** 4 - 0.5 * x * x + 0.1 * x;
    const right = meanFirstPassageTime({ potential: v, start: 1, exit: -0.5, reflect: 3, temperature: 0.1 });
    const left = meanFirstPassageTime({ potential: (x) => v(-x), start: -1, exit: 0.5, reflect: -3, temperature: 0.1 });
    expect(left / right - 1).toBeLessThan(1e-9);
  });

  it('agrees with scipy.integrate.quad on a double well (independent reference)', () => {
    const t = 0.15;
    const v = (x: number) => 0.25 * x ** 4 - 0.5 * x * x - 0.1 * x;
    const ours = meanFirstPassageTime({ potential: v, start: 1.0466, exit: -0.5, reflect: 3, temperature: t });
    const py = `
import numpy as np
from scipy.integrate import quad
V=lambda x: 0.25*x**4-0.5*x**2-0.1*x
T=${t}
inner=lambda y: quad(lambda z: np.exp(-V(z)/T), y, 3, epsabs=0, epsrel=1e-12, limit=200)[0]
print(quad(lambda y: np.exp(V(y)/T)*inner(y), -0.5, 1.0466, epsabs=0, epsrel=1e-10, limit=200)[0]/T)
`;
    const ref = Number(execFileSync('python3', ['-c', py]).toString().trim());
    expect(Math.abs(ours / ref - 1)).toBeLessThan(1e-6);
  });

  it('tends to Kramers at high barriers; the corrected form is closer at moderate ones', () => {
    const v = (x: number) => 0.02 * x * x - 2.5 * Math.exp(-((x - 10) ** 2) / 4.5);
    const f = { value: v, slope: (x: number) => (v(x + 1e-5) - v(x - 1e-5)) / 2e-5, curvature: (x: number) => (v(x + 1e-4) - 2 * v(x) + v(x - 1e-4)) / 1e-8 };
    const well = analyseDoubleWell(f, -15, 20);
    expect(well.sharp).toBe(1);
    const geo = barrierGeometry(f, well, 1);
    const exit = (well.saddle + well.minima[0]) / 2;
    const ratio = (r: number) => {
      const t = geo.barrier / r;
      const exact = meanFirstPassageTime({ potential: v, start: well.minima[1], exit, reflect: 20, temperature: t });
      return [exact / kramersTime(geo, t), exact / kramersTimeCorrected(geo, t)];
    };
    const [k4, kc4] = ratio(4);
    const [k30] = ratio(30);
    expect(k4).toBeGreaterThan(1.1); // docs/theory.md §8: 10–25% above Kramers at ΔV/T ≈ 3–4
    expect(Math.abs(kc4 - 1)).toBeLessThan(Math.abs(k4 - 1) / 5);
    expect(Math.abs(k30 - 1)).toBeLessThan(0.05);
  });

  it('rejects a start outside (reflect, exit)', () => {
    expect(() => meanFirstPassageTime({ potential: () => 0, start: 3, exit: 2, reflect: 0, temperature: 1 })).toThrow(/reflect < start < exit/);
  });
});

describe('censored escape times', () => {
  // exponential times with mean 10, censored at 15: the MLE keeps the censored time at risk
  const draw = (seed: number, n: number, horizon: number) => {
    const rng = rngFor(seed, 'test-survival');
    const times = new Float64Array(n);
    const escaped = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const t = -10 * Math.log(1 - rng.uniform());
      times[i] = Math.min(t, horizon);
      escaped[i] = t < horizon ? 1 : 0;
    }
    return { times, escaped };
  };

  it('the exponential MLE recovers τ within 4 s.e.; dropping the censored runs is rejected (twin)', () => {
    const { times, escaped } = draw(7, 4000, 15);
    const fit = exponentialEscape(times, escaped);
    expect(fit.censored).toBeGreaterThan(500);
    expect(Math.abs(fit.tau - 10) / fit.stdError).toBeLessThan(4);
    let sum = 0;
    let k = 0;
    for (let i = 0; i < times.length; i++) if (escaped[i]) { sum += times[i]; k++; }
    const dropped = sum / k; // the biased estimate
    expect(Math.abs(dropped - 10) / fit.stdError).toBeGreaterThan(4);
  });

  it('Kaplan–Meier: a hand-computed curve with ties and censoring', () => {
    const km = kaplanMeier([1, 2, 2, 3, 4, 5], [1, 1, 0, 1, 0, 1]);
    expect(km.time).toEqual([1, 2, 3, 5]);
    const s = [5 / 6, (5 / 6) * (4 / 5), (5 / 6) * (4 / 5) * (2 / 3), 0];
    km.survival.forEach((v, i) => expect(v).toBeCloseTo(s[i], 12));
  });

  it('Kaplan–Meier follows e^{−t/τ} within 4 Greenwood s.e. at t = τ', () => {
    const { times, escaped } = draw(11, 4000, 15);
    const km = kaplanMeier(times, escaped);
    const i = km.time.findIndex((t) => t >= 10);
    expect(Math.abs(km.survival[i] - Math.exp(-km.time[i] / 10)) / km.stdError[i]).toBeLessThan(4);
  });
});

describe('weighted straight line', () => {
  it('recovers an exact line and matches numpy.polyfit with weights', () => {
    const x = [1, 2, 3, 5, 8];
    const se = [0.1, 0.2, 0.1, 0.3, 0.2];
    const y = [2.1, 2.9, 4.2, 5.8, 9.1];
    const fit = weightedLine(x, y, se);
    const py = `import numpy as np; p, c = np.polyfit(${JSON.stringify(x)}, ${JSON.stringify(y)}, 1, w=1/np.array(${JSON.stringify(se)}), cov='unscaled'); print(p[0], p[1], np.sqrt(c[0,0]), np.sqrt(c[1,1]))`;
    const [b, a, sb, sa] = execFileSync('python3', ['-c', py]).toString().trim().split(/\s+/).map(Number);
    expect(fit.slope).toBeCloseTo(b, 10);
    expect(fit.intercept).toBeCloseTo(a, 10);
    expect(fit.slopeStdError).toBeCloseTo(sb, 10);
    expect(fit.interceptStdError).toBeCloseTo(sa, 10);
  });
});
