import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mnistSplit } from '../../src/data/mnist.js';
import { Mlp } from '../../src/models/mlp.js';
import { runMlpSgd } from '../../src/dynamics/train-mlp.js';
import { createSampler } from '../../src/dynamics/samplers.js';
import { rngFor } from '../../src/rng/streams.js';

/**
 * Our float32 training loop (models/mlp.ts + dynamics/train-mlp.ts) against an independent NumPy
 * implementation (test/reference/mlp_reference.py, written from the maths), on the paper's network
 * (784-800-10, N = 1000 MNIST images), m = 0.9, B ∈ {10, 30}. The reference reads the same data,
 * initial weights and minibatch indices and runs 100 steps in float32 and float64.
 *
 * Float32 tolerance is measured, not assumed: d_ref(t), the relative difference between the float32
 * and float64 references' minibatch losses at step t, is what float32 rounding alone does to this
 * run. Ours must stay within max(30·max_{s≤t} d_ref(s), 1e-5) of the float64 reference ("shadows"
 * it as float32 arithmetic can), checked while d_ref < 1e-3: past that, a discrete event (a ReLU
 * unit switching on a different step) can happen in one float32 run and not the other, and the
 * comparison says nothing (seen: on the OpenBLAS backend ours jumps to 0.37 at step 30 of B = 30
 * while the float32 reference has drifted 5e-3).
 *
 * - ε = 0.1 (the paper's ε = 1 in our units, docs/paper.md): the run is smooth, d_ref stays ~1e-6 for all
 *   100 steps, and ours shadows at every step; the training loss after 100 steps agrees within the
 *   same bound.
 * - ε = 1 (the paper's number taken literally): the loss spikes to tens or hundreds in the first
 *   steps and the dynamics are chaotic: the float32 reference itself leaves the float64 one,
 *   its relative difference d_ref(t) growing e-fold every few steps (1e-7 at step 6, 1e-4 at 18,
 *   O(1) by 36 at B = 30), so only the steps before that are checked (more than 10 of them).
 *   Twins: the averaged momentum v ← m v + (1−m)∇L, or ε = 1.1, do not shadow.
 */
const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, 'mlp_reference.py');
const STEPS = 100;
const HIDDEN = 800;

interface RefOut { losses: number[]; trainLoss: number; testAccuracy: number }

const memo = new Map<string, RefOut>();

/** the reference's output for a case and options (each combination run once) */
function reference(dir: string, args: string[]): RefOut {
  const key = [dir, ...args].join(' ');
  const hit = memo.get(key);
  if (hit) return hit;
  const out = runReference(dir, args);
  memo.set(key, out);
  return out;
}

function runReference(dir: string, args: string[]): RefOut {
  const r = spawnSync('python3', [script, 'replay', dir, ...args], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1' }, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`mlp_reference.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as RefOut;
}

const cases = new Map<string, { dir: string; ours: number[]; oursTrainLoss: number }>();
let root = '';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mlp-ref-'));
  const { train, test } = mnistSplit({ digits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], trainPerClass: 100, testPerClass: 20, seed: 0 });
  for (const [B, lr] of [[10, 1], [30, 1], [10, 0.1], [30, 0.1]]) {
    const dir = join(root, `b${B}-lr${lr}`);
    spawnSync('mkdir', ['-p', dir]);
    const model = new Mlp({ hidden: HIDDEN, train, classes: 10, maxBatch: B });
    model.init(1);
    const bytes = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    writeFileSync(join(dir, 'train_x.f32'), bytes(Float32Array.from(train.x)));
    writeFileSync(join(dir, 'train_y.i32'), bytes(Int32Array.from(train.y)));
    writeFileSync(join(dir, 'test_x.f32'), bytes(Float32Array.from(test.x)));
    writeFileSync(join(dir, 'test_y.i32'), bytes(Int32Array.from(test.y)));
    writeFileSync(join(dir, 'params.f32'), bytes(Float32Array.from(model.params)));
    // the minibatches runMlpSgd will draw: same sampler, same stream
    const sampler = createSampler('without-replacement', train.n, B, rngFor(1, 'mlp-batches'));
    const all = new Int32Array(B * STEPS);
    const one = new Int32Array(B);
    for (let t = 0; t < STEPS; t++) { sampler.next(one); all.set(one, t * B); }
    writeFileSync(join(dir, 'batches.i32'), bytes(all));
    writeFileSync(join(dir, 'case.json'), JSON.stringify({ n: train.n, nTest: test.n, d: 784, hidden: HIDDEN, classes: 10, batchSize: B, steps: STEPS, lr, momentum: 0.9 }));
    // our loop, recording the minibatch loss of every step
    const ours: number[] = [];
    const original = model.batchGradient.bind(model);
    model.batchGradient = (idx: Int32Array, count: number) => { const l = original(idx, count); ours.push(l); return l; };
    const failed = runMlpSgd(model, { lr, momentum: 0.9, batchSize: B, steps: STEPS, sampler: 'without-replacement', seed: 1 });
    expect(failed).toBeUndefined();
    cases.set(`${B}/${lr}`, { dir, ours, oursTrainLoss: model.evaluate(train).loss });
    model.close();
  }
});

afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

/** per-step relative differences |a − b| / max(1, |b|) */
function relDiffs(a: number[], b: number[]): number[] {
  return b.map((bv, i) => (i < a.length ? Math.abs(a[i] - bv) / Math.max(1, Math.abs(bv)) : Infinity));
}

/**
 * The steps at which `ours` fails to shadow the float64 reference as closely as the float32
 * reference does (see the file comment), over the steps before the float32 reference has drifted
 * by 1e-3; and how many steps were checked.
 */
function shadowing(ours: number[], f32: number[], f64: number[]): { bad: number[]; checked: number } {
  const dOurs = relDiffs(ours, f64);
  const dRef = relDiffs(f32, f64);
  const bad: number[] = [];
  let worstRef = 0;
  let checked = 0;
  for (let t = 0; t < f64.length; t++) {
    worstRef = Math.max(worstRef, dRef[t]);
    if (worstRef >= 1e-3) break;
    checked++;
    if (!(dOurs[t] <= Math.max(30 * worstRef, 1e-5))) bad.push(t);
  }
  return { bad, checked };
}

describe('NumPy reference of the paper network training loop (m = 0.9, 100 steps)', () => {
  for (const B of [10, 30]) {
    it(`B = ${B}, ε = 0.1: the same minibatch loss at all 100 steps and the same training loss after them, to float32 tolerance`, () => {
      const c = cases.get(`${B}/0.1`)!;
      const f64 = reference(c.dir, ['--dtype', 'float64', '--lr', '0.1']);
      const f32 = reference(c.dir, ['--dtype', 'float32', '--lr', '0.1']);
      const s = shadowing(c.ours, f32.losses, f64.losses);
      expect(s.checked).toBe(STEPS); // not chaotic: float32 never drifts by 1e-3
      expect(s.bad).toEqual([]);
      const dRef = Math.max(...relDiffs(f32.losses, f64.losses));
      expect(Math.abs(c.oursTrainLoss - f64.trainLoss) / f64.trainLoss).toBeLessThan(Math.max(30 * dRef, 1e-5));
      expect(f64.trainLoss).toBeLessThan(0.5 * Math.log(10)); // it learns
    });

    it(`B = ${B}, ε = 1: ours shadows the float64 reference as the float32 reference does, in both momentum conventions`, () => {
      const c = cases.get(`${B}/1`)!;
      const f64 = reference(c.dir, ['--dtype', 'float64']);
      const f32 = reference(c.dir, ['--dtype', 'float32']);
      const paperConvention = reference(c.dir, ['--dtype', 'float64', '--convention', 'paper']);
      const oursConvention = reference(c.dir, ['--dtype', 'float64', '--convention', 'ours']);
      expect(Math.max(...c.ours)).toBeGreaterThan(10); // the unstable start is really exercised
      const s = shadowing(c.ours, f32.losses, f64.losses);
      expect(s.checked).toBeGreaterThan(10);
      expect(s.bad).toEqual([]);
      // the paper's v ← m v + ∇L, ω ← ω − εv and ours v ← m v − ε∇L, ω ← ω + v: the same iterates
      expect(shadowing(oursConvention.losses, f32.losses, paperConvention.losses).bad).toEqual([]);
    });

    it(`B = ${B}, ε = 1 twins: the averaged momentum v ← m v + (1−m)∇L, or ε = 1.1, does not shadow ours`, () => {
      const c = cases.get(`${B}/1`)!;
      const f64 = reference(c.dir, ['--dtype', 'float64']);
      const f32 = reference(c.dir, ['--dtype', 'float32']);
      const dampened = reference(c.dir, ['--dtype', 'float64', '--convention', 'dampened']);
      const otherLr = reference(c.dir, ['--dtype', 'float64', '--lr', '1.1']);
      expect(shadowing(dampened.losses, f32.losses, f64.losses).bad.length).toBeGreaterThan(0);
      expect(shadowing(otherLr.losses, f32.losses, f64.losses).bad.length).toBeGreaterThan(0);
      expect(shadowing(c.ours, f32.losses, f64.losses).bad).toEqual([]);
    });
  }
});
