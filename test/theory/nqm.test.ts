import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NqmMoments, momentStep, stationaryMoments, type NqmProblem } from '../../src/theory/nqm.js';
import { firstCrossing } from '../../src/theory/nqm-steps.js';
import { nqmBestLr, nqmCriticalBatch, flowCrossing } from '../../src/theory/nqm-frontier.js';
import { rngFor } from '../../src/rng/streams.js';

/**
 * The NQM's closed form (src/theory/nqm*.ts, docs/theory.md §3 NQM):
 * - the 3×3 second-moment recursion (momentStep, derived in nqm.ts) against a simulated ensemble:
 *   E x², E v², E xv within 4 s.e. at several steps (seed fixed, 20 000 replicas); twins with a
 *   wrong recursion (no noise in v; the cross coefficient (1−a)m instead of (1−2a)m) fail;
 * - the closed form E L_t (Cayley–Hamilton, real/complex/negative roots) against the recursion
 *   stepped, to 1e-11, and its stationary point against the recursion's fixed point;
 * - the lower bound below E L_t over random ranges; the branch-and-bound first crossing against
 *   an exhaustive scan, on oscillating heavy ball and a start below the stationary level;
 * - the independent NumPy twin (test/reference/nqm_reference.py): E L_t, steps at given ε (heavy
 *   ball) and at the best ε (SGD), and
 *   on d = 100, h_i = 1/i, C = H, target 1 % of the start: S_min, E_min and B_crit = E_min/S_min
 *   to 1e-6, and the knee S(B_knee) = 2·S_min checked with the twin's own S.
 */
const here = dirname(fileURLToPath(import.meta.url));
const twinScript = join(here, '..', 'reference', 'nqm_reference.py');

function twin(request: Record<string, unknown>): Record<string, any> {
  const r = spawnSync('python3', [twinScript], { input: JSON.stringify(request), encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1' }, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`nqm_reference.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function harmonic(d: number, start = 1): NqmProblem {
  const h = Float64Array.from({ length: d }, (_, i) => 1 / (i + 1));
  return { curvature: h, noise: Float64Array.from(h), start: new Float64Array(d).fill(start) };
}

/** E L_t by stepping the recursion, t = 0 … steps. */
function steppedLosses(p: NqmProblem, lr: number, m: number, b: number, steps: number): number[] {
  const d = p.curvature.length;
  const st = Array.from({ length: d }, (_, i) => Float64Array.of(p.start[i], 0, 0));
  const out = [0.5 * p.curvature.reduce((s, h, i) => s + h * p.start[i], 0)];
  for (let t = 1; t <= steps; t++) {
    let l = 0;
    for (let i = 0; i < d; i++) {
      const h = p.curvature[i];
      momentStep(st[i], lr * h, m, Number.isFinite(b) ? (lr * lr * p.noise[i]) / b : 0);
      l += 0.5 * h * st[i][0];
    }
    out.push(l);
  }
  return out;
}

describe('NQM: the second-moment recursion against a simulated ensemble', () => {
  // one coordinate, h = 0.8, c = 1.3, B = 2, heavy ball m = 0.7, ε = 0.9 (a = 0.72: complex roots)
  const h = 0.8, c = 1.3, b = 2, m = 0.7, lr = 0.9, x0 = 1.5;
  const replicas = 20000;
  const marks = [1, 3, 10, 40];
  const sums = marks.map(() => ({ xx: 0, vv: 0, xv: 0, xx2: 0, vv2: 0, xv2: 0 }));
  for (let r = 0; r < replicas; r++) {
    const rng = rngFor(9, 'nqm-recursion-test', r);
    let x = x0, v = 0;
    for (let t = 1, k = 0; t <= marks[marks.length - 1]; t++) {
      v = m * v - lr * (h * x + Math.sqrt(c / b) * rng.normal());
      x += v;
      if (t === marks[k]) {
        const s = sums[k++];
        s.xx += x * x; s.vv += v * v; s.xv += x * v;
        s.xx2 += x ** 4; s.vv2 += v ** 4; s.xv2 += (x * v) ** 2;
      }
    }
  }
  const worstZ = (step: (st: Float64Array, a: number, mm: number, q: number) => void) => {
    const st = Float64Array.of(x0 * x0, 0, 0);
    let worst = 0;
    for (let t = 1, k = 0; t <= marks[marks.length - 1]; t++) {
      step(st, lr * h, m, (lr * lr * c) / b);
      if (t !== marks[k]) continue;
      const s = sums[k++];
      for (const [mean, sq, th] of [[s.xx, s.xx2, st[0]], [s.vv, s.vv2, st[1]], [s.xv, s.xv2, st[2]]]) {
        const mu = mean / replicas;
        const se = Math.sqrt((sq / replicas - mu * mu) / replicas);
        worst = Math.max(worst, Math.abs(mu - th) / se);
      }
    }
    return worst;
  };

  it('E x², E v², E xv within 4 s.e. at steps 1, 3, 10, 40 (20 000 replicas, seed 9)', () => {
    expect(worstZ(momentStep)).toBeLessThan(4);
  });

  it('twins: no noise in E v², or the cross term (1−a)m in E xv, are rejected', () => {
    const noNoiseInV = (st: Float64Array, a: number, mm: number, q: number) => { momentStep(st, a, mm, q); st[1] -= q; };
    const wrongCross = (st: Float64Array, a: number, mm: number, q: number) => {
      const [x, v, z] = st;
      momentStep(st, a, mm, q);
      st[2] = -a * (1 - a) * x + mm * mm * v + (1 - a) * mm * z + q;
    };
    expect(worstZ(noNoiseInV)).toBeGreaterThan(4);
    expect(worstZ(wrongCross)).toBeGreaterThan(4);
  });
});

describe('NQM: the closed form against the stepped recursion', () => {
  const p = harmonic(60);
  // SGD; heavy ball with complex roots at the top, real below; near the stability edge (negative roots); noiseless
  const cases: [number, number, number][] = [[0.5, 0, 4], [1.9, 0, 16], [1.5, 0.9, 16], [0.3, 0.9, 1], [3.7, 0.9, 64], [2.9, 0.5, Infinity], [0.05, 0.99, 8]];
  it.each(cases)('ε = %s, m = %s, B = %s: E L_t to 1e-11 relative for t ≤ 400', (lr, m, b) => {
    const closed = new NqmMoments(p, { lr, momentum: m, batchSize: b });
    expect(closed.stable).toBe(true);
    const stepped = steppedLosses(p, lr, m, b, 400);
    let worst = 0;
    for (let t = 0; t <= 400; t++) worst = Math.max(worst, Math.abs(closed.expectedLoss(t) - stepped[t]) / stepped[t]);
    expect(worst).toBeLessThan(1e-11);
  });

  it('the stationary moments are the recursion’s fixed point (1e-13)', () => {
    for (const [a, m, q] of [[0.3, 0, 0.01], [1.2, 0.9, 0.2], [3.5, 0.9, 1], [0.001, 0.99, 1e-6]]) {
      const st = Float64Array.from(stationaryMoments(a, m, q));
      const before = Float64Array.from(st);
      momentStep(st, a, m, q);
      for (let k = 0; k < 3; k++) expect(Math.abs(st[k] - before[k]) / Math.abs(before[k])).toBeLessThan(1e-13);
    }
  });

  it('is unstable exactly beyond ε h_max = 2(1 + m)', () => {
    expect(new NqmMoments(p, { lr: 1.999, momentum: 0, batchSize: 1 }).stable).toBe(true);
    expect(new NqmMoments(p, { lr: 2.001, momentum: 0, batchSize: 1 }).stable).toBe(false);
    expect(new NqmMoments(p, { lr: 3.79, momentum: 0.9, batchSize: 1 }).stable).toBe(true);
    expect(new NqmMoments(p, { lr: 3.81, momentum: 0.9, batchSize: 1 }).stable).toBe(false);
  });
});

describe('NQM: lower bound and first crossing', () => {
  it('the lower bound never exceeds E L_t over the range (random problems, ranges, ε, m, B)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 12 }), fc.double({ min: 0.05, max: 0.98, noNaN: true }), fc.constantFrom(0, 0.5, 0.9, 0.99),
      fc.constantFrom(1, 8, Infinity), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 1000 }),
      (d, frac, m, b, t1, span, seed) => {
        const rng = rngFor(seed, 'nqm-bound');
        const h = Float64Array.from({ length: d }, () => Math.exp(-3 * rng.uniform()));
        const start = Float64Array.from({ length: d }, () => rng.uniform() * 2);
        const p = { curvature: h, noise: Float64Array.from(h, (x) => x * (0.2 + rng.uniform())), start };
        const lr = (frac * 2 * (1 + m)) / Math.max(...h);
        const mo = new NqmMoments(p, { lr, momentum: m, batchSize: b });
        const lb = mo.lowerBound(t1, t1 + span);
        for (let t = t1; t <= t1 + span; t++) if (lb > mo.expectedLoss(t) * (1 + 1e-9) + 1e-300) return false;
        return true;
      }), { numRuns: 300, seed: 42 });
  });

  it('equals an exhaustive scan, also where E L oscillates (heavy ball) or starts below its stationary level', () => {
    const p = harmonic(40);
    const low: NqmProblem = { ...p, start: Float64Array.from(p.start, (_, i) => (i % 3 === 0 ? 1e-3 : 1)) };
    // reached: oscillating heavy ball (noiseless and noisy), SGD from partly below the stationary level; not reached: two
    const cases: [NqmProblem, number, number, number, number][] = [[p, 3.6, 0.9, Infinity, 0.02], [p, 3.0, 0.9, 2000, 0.02], [p, 1.2, 0.5, 32, 0.05], [low, 0.4, 0, 2, 0.3], [low, 1.9, 0, 500, 0.05], [p, 3.0, 0.9, 200, 0.02], [low, 1.9, 0, 50, 0.05]];
    for (const [prob, lr, m, b, frac] of cases) {
      const mo = new NqmMoments(prob, { lr, momentum: m, batchSize: b });
      const target = frac * mo.initialLoss;
      let scan = Infinity;
      for (let t = 0; t <= 20000 && scan === Infinity; t++) if (mo.expectedLoss(t) <= target) scan = t;
      expect(firstCrossing(mo, target, 20000).steps).toBe(scan);
      expect(firstCrossing(mo, target, 20000, Number.isFinite(scan) ? scan * 3 + 7 : 50).steps).toBe(scan); // a wrong hint changes nothing
    }
  });

  it('the flow’s crossing is the B → 0 limit of B·S at ε = κB (relative error O(B))', () => {
    const p = harmonic(30);
    const kappa = 0.01, target = 0.05 * 0.5 * p.curvature.reduce((a, b) => a + b);
    const tau = flowCrossing(p, kappa, target);
    const rel = (b: number) => {
      const r = firstCrossing(new NqmMoments(p, { lr: kappa * b, momentum: 0, batchSize: b }), target, 1e9);
      return Math.abs((r.fractional * b * kappa) / tau - 1);
    };
    expect(rel(1e-3)).toBeLessThan(1e-3);
    expect(rel(1e-4)).toBeLessThan(rel(1e-3) / 5);
  });
});

describe('NQM: against the independent NumPy twin', () => {
  const d = 100;
  const p = harmonic(d);
  const target = 0.01 * 0.5 * p.curvature.reduce((a, b) => a + b);
  const base = { curvature: Array.from(p.curvature), noise: Array.from(p.noise), start: Array.from(p.start), target, maxSteps: 100000 };

  it('E L_t at SGD and heavy-ball points (1e-10 relative)', () => {
    const points = [{ lr: 0.7, momentum: 0, batchSize: 4, step: 37 }, { lr: 1.5, momentum: 0.9, batchSize: 16, step: 120 }, { lr: 3.7, momentum: 0.9, batchSize: null, step: 250 }, { lr: 0.02, momentum: 0.99, batchSize: 2, step: 900 }];
    const ref = twin({ ...base, losses: points }).losses as number[];
    points.forEach((q, k) => {
      const ours = new NqmMoments(p, { lr: q.lr, momentum: q.momentum, batchSize: q.batchSize ?? Infinity }).expectedLoss(q.step);
      expect(Math.abs(ours / ref[k] - 1)).toBeLessThan(1e-10);
    });
  });

  it('S(B) at the best ε (SGD), and steps at given ε (heavy ball, also oscillating), to 1e-7 relative', () => {
    const batchSizes = [2, 64];
    const ref = twin({ ...base, momentum: 0, batchSizes }).steps as number[];
    batchSizes.forEach((b, k) => {
      const ours = nqmBestLr(p, b, 0, target, { maxSteps: 1e6 })!.fractional;
      expect(Math.abs(ours / ref[k] - 1)).toBeLessThan(1e-7);
    });
    const crossings = [{ lr: 0.1042, momentum: 0.9, batchSize: 64 }, { lr: 0.0032, momentum: 0.9, batchSize: 2 }, { lr: 3.6, momentum: 0.9, batchSize: null }, { lr: 1.1, momentum: 0.5, batchSize: 256 }];
    const refCross = twin({ ...base, crossings }).crossings as number[];
    crossings.forEach((q, k) => {
      const ours = firstCrossing(new NqmMoments(p, { lr: q.lr, momentum: q.momentum, batchSize: q.batchSize ?? Infinity }), target, 1e6).fractional;
      expect(Math.abs(ours / refCross[k] - 1)).toBeLessThan(1e-7);
    });
  });

  it('d = 100, h_i = 1/i, C = H, target 1 %: S_min, E_min, B_crit = E_min/S_min to 1e-6; the knee has S = 2·S_min by the twin’s S', () => {
    const ours = nqmCriticalBatch(p, 0, target, { maxSteps: 1e6, knee: true, kneeTolerance: 1e-8 })!;
    const ref = twin({ ...base, momentum: 0, critical: true });
    expect(Math.abs(ours.sMin / ref.sMin - 1)).toBeLessThan(1e-6);
    expect(Math.abs(ours.eMin / ref.eMin - 1)).toBeLessThan(1e-6);
    expect(Math.abs(ours.bCrit / ref.bCrit - 1)).toBeLessThan(1e-6);
    const atKnee = twin({ ...base, momentum: 0, batchSizes: [ours.bKnee] }).steps[0] as number;
    expect(Math.abs(atKnee / (2 * ref.sMin) - 1)).toBeLessThan(1e-6);
    // twin of the twin: a wrong closed form (noise 2C/B) moves E_min, so B_crit, far beyond 1e-6
    const wrong = twin({ ...base, noise: base.noise.map((c) => 2 * c), momentum: 0, critical: true });
    expect(Math.abs(ours.bCrit / wrong.bCrit - 1)).toBeGreaterThan(0.1);
  });
});
