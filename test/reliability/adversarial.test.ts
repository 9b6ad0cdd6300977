import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileExpression, expressionProblems } from '../../src/models/expression.js';
import { parseScenario } from '../../src/run/load-scenario.js';
import { bonferroniThreshold, bonferroniThresholdFor, twoSidedTail } from '../../src/stats/normal.js';
import { tThresholdFor } from '../../src/stats/t-normal-score.js';
import { main } from '../../src/cli/main.js';
import { collapseSweep } from '../../src/experiments/collapse/sweep.js';
import { stderrProgress } from '../../src/io/progress.js';
import { root } from './mutate.js';

/**
 * Adversarial expressions and scenarios: their validation is bounded. No wall time is asserted
 * (CI runs on busy machines: a 5 s timeout failed at load 9): the work is bounded instead. The
 * derivative code of a user expression has a number of intermediate quantities (derivativeNodes)
 * that grows linearly with the expression — doubling the nesting or the number of terms at most
 * doubles it, a limit only an exponential blow-up (symbolic differentiation) would cross — and the
 * adversarial scenarios are refused by the up-front estimate, before any simulation. Derivatives are
 * forward-mode AD: checked against central differences on random expressions, tolerance below.
 */
const tmp = () => mkdtempSync(join(tmpdir(), 'sgd-sde-adv-'));
const toyBatch = JSON.parse(readFileSync(join(root, 'scenarios', 'toy-batch-size.json'), 'utf8')) as Record<string, unknown> & { model: Record<string, unknown> };

const nested = (k: number) => `${'sin('.repeat(k)}x*y${')'.repeat(k)}`; // 61 characters at k = 12
const bumps = (k: number) => Array.from({ length: k }, (_, i) => `0.1*exp(-((x-${(i / 10).toFixed(1)})^2+(y-${(i / 20).toFixed(2)})^2)/0.05)`).join(' + ');
const potential = (loss: string) => ({ ...toyBatch, model: { ...toyBatch.model, loss } });

describe('item 7: differentiation of user expressions is bounded', () => {
  const work = (source: string) => compileExpression(source, ['x', 'y']).derivativeNodes;

  it('a 61-character sin(sin(…)) validates, with derivative work linear in its nesting', () => {
    expect(nested(12).length).toBeGreaterThanOrEqual(55);
    expect(() => parseScenario(potential(0.5 + '*(x^2+y^2) + ' + nested(12)))).not.toThrow();
    const [w6, w12, w24] = [6, 12, 24].map((k) => work(`0.5*(x^2+y^2) + ${nested(k)}`));
    expect(w12).toBeLessThanOrEqual(200); // 8 quantities per sin level in 2-D (value, f', f'', 2 gradient, 3 Hessian entries)
    expect(w24).toBeLessThanOrEqual(2 * w12); // symbolic differentiation doubled its work with every level
    expect(w12).toBeLessThanOrEqual(2 * w6);
  });

  it('20 Gaussian bumps validate, with derivative work linear in the number of bumps', () => {
    expect(() => parseScenario(potential(`0.5*(x^2+y^2) - (${bumps(20)})`))).not.toThrow();
    const [w10, w20, w40] = [10, 20, 40].map((k) => work(`0.5*(x^2+y^2) - (${bumps(k)})`));
    expect(w20).toBeLessThanOrEqual(2000);
    expect(w40).toBeLessThanOrEqual(2 * w20);
    expect(w20).toBeLessThanOrEqual(2 * w10);
  });

  it('size and depth limits are stated', () => {
    expect(expressionProblems(`x${'+x'.repeat(2500)}`, ['x', 'y'], 'model.loss')[0].message).toMatch(/characters long; at most 4000/);
    expect(expressionProblems(`${'('.repeat(70)}x${')'.repeat(70)}`, ['x', 'y'], 'model.loss')[0].message).toMatch(/nests parentheses 70 deep; at most 64/);
    expect(expressionProblems(`x${'+x'.repeat(1500)}`, ['x', 'y'], 'model.loss')[0].message).toMatch(/over 2000 terms|601 operations deep; at most 600/);
    expect(expressionProblems(`x${'+x'.repeat(100)}`, ['x', 'y'], 'model.loss')).toEqual([]); // a long sum is fine
  });

  it('forward-mode derivatives agree with central differences (relative 1e-5) on random expressions', () => {
    const leaf = fc.constantFrom('x', 'y', '0.7', '1.3', 'pi');
    const expr = fc.letrec((tie) => ({
      e: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('bin'), tie('fn')),
      bin: fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
      fn: fc.tuple(fc.constantFrom('sin', 'cos', 'tanh', 'atan', 'exp', 'sinh', 'sech'), tie('e')).map(([f, a]) => `${f}(${a})`),
    })).e;
    const nonNegativePow = fc.tuple(expr, fc.constantFrom(2, 3, 0.5)).map(([a, c]) => `(1 + (${a})^2)^${c}`);
    fc.assert(
      fc.property(fc.oneof(expr, nonNegativePow), fc.double({ min: 0.2, max: 1.5, noNaN: true }), fc.double({ min: 0.2, max: 1.5, noNaN: true }), (src, x, y) => {
        const c = compileExpression(src, ['x', 'y']);
        const g = new Float64Array(2);
        const hh = new Float64Array(4);
        c.gradient(x, y, g);
        c.hessian(x, y, hh);
        const h = 1e-5;
        const fd = [(c.value(x + h, y) - c.value(x - h, y)) / (2 * h), (c.value(x, y + h) - c.value(x, y - h)) / (2 * h)];
        const g2 = (dx: number, dy: number) => {
          const o = new Float64Array(2);
          c.gradient(x + dx, y + dy, o);
          return o;
        };
        const hx = [(g2(h, 0)[0] - g2(-h, 0)[0]) / (2 * h), (g2(h, 0)[1] - g2(-h, 0)[1]) / (2 * h)];
        const hy = [(g2(0, h)[0] - g2(0, -h)[0]) / (2 * h), (g2(0, h)[1] - g2(0, -h)[1]) / (2 * h)];
        const close = (a: number, b: number) => !Number.isFinite(a) || !Number.isFinite(b) || Math.abs(a) > 1e6 || Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a), Math.abs(b));
        return close(g[0], fd[0]) && close(g[1], fd[1]) && close(hh[0], hx[0]) && close(hh[1], hx[1]) && close(hh[2], hy[0]) && close(hh[3], hy[1]) && hh[1] === hh[2];
      }),
      { seed: 715, numRuns: 300 },
    );
  });

  it('twin: a wrong derivative is caught by the same comparison', () => {
    const c = compileExpression('sin(x) * y', ['x', 'y']);
    const g = new Float64Array(2);
    c.gradient(0.5, 0.7, g);
    expect(Math.abs(g[0] - 0.7 * Math.cos(0.5))).toBeLessThan(1e-15);
    expect(Math.abs(g[0] - 0.7 * Math.sin(0.5))).toBeGreaterThan(1e-5); // what a mistaken rule (d sin = sin) would give
  });
});

describe('item 12: valid input that used to crash with a stack trace', () => {
  it('a 10σ (and 37σ, the bound) tolerance gives finite thresholds in log space, never a crash', () => {
    expect(twoSidedTail(10)).toBeGreaterThan(1e-24);
    expect(bonferroniThreshold(3, twoSidedTail(10))).toBeGreaterThan(10);
    expect(Number.isFinite(tThresholdFor(10, 15))).toBe(true);
    expect(Number.isFinite(bonferroniThresholdFor(3, 37)) && bonferroniThresholdFor(3, 37) > 37).toBe(true);
    expect(Number.isFinite(tThresholdFor(37, 15)) && tThresholdFor(37, 15) > 37).toBe(true);
    // twin: the linear-space form of the same threshold underflows beyond the bound (why it is refused)
    expect(bonferroniThreshold(3, twoSidedTail(40))).toBe(Infinity);
  });

  it('collapse on a CSV model without grid.n plans its cells (it planned 0 and crashed)', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'd.csv'), `x1,x2,y\n${Array.from({ length: 60 }, (_, i) => `${Math.sin(i)},${Math.cos(2 * i)},${Math.sin(3 * i)}`).join('\n')}\n`);
    const loaded = parseScenario({ experiment: 'collapse', seed: 1, model: { kind: 'linear-regression', csv: 'd.csv' }, grid: { lr: [0.01, 0.02], batchSize: [4, 8], momentum: [0] }, run: { replicas: 8, time: 5 } }, { baseDir: dir });
    expect(collapseSweep(loaded.scenario as never, dir)).toHaveLength(4);
  });

  it('noise-scale without --batch or --g, schema --out a directory or /, stress --out a file: exit 2', async () => {
    const dir = tmp();
    const file = join(dir, 'f');
    writeFileSync(file, 'x');
    mkdirSync(join(dir, 'd'));
    const cases: [string[], RegExp][] = [
      [['noise-scale', '--lr', '0.1', '--n', '100'], /--batch: give --batch/],
      [['schema', '--out', join(dir, 'd')], /--out: is a directory/],
      [['schema', '--out', '/'], /--out: is the filesystem root/],
      [['stress', '--out', file, '--runs', '1'], /--out: is a regular file, not a directory/],
    ];
    for (const [argv, message] of cases) {
      const write = process.stderr.write.bind(process.stderr);
      let stderr = '';
      process.stderr.write = ((c: string) => { stderr += c; return true; }) as typeof process.stderr.write;
      let code: number;
      try {
        code = await main(argv);
      } finally {
        process.stderr.write = write;
      }
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr, argv.join(' ')).toMatch(message);
      expect(stderr).not.toMatch(/internal error/);
    }
  });

  it('`schema | head -1` and `noise-scale --json | head -c 1` end quietly (closed pipe)', () => {
    const bin = join(root, 'bin', 'sgd-sde.js');
    for (const cmd of [`node ${bin} schema | head -1 >/dev/null`, `node ${bin} noise-scale --lr 0.1 --n 100 --batch 10 --json | head -c 1 >/dev/null`]) {
      const r = spawnSync('bash', ['-o', 'pipefail', '-c', cmd], { encoding: 'utf8', timeout: 600_000 });
      expect(r.stderr, cmd).not.toMatch(/EPIPE|internal error/);
      expect(r.status, cmd).toBe(0);
    }
  });
});

describe('item 6: the adversarial scenarios are refused by validate from the up-front estimate (no wall time asserted)', () => {
  const quickstart = JSON.parse(readFileSync(join(root, 'scenarios', 'quickstart.json'), 'utf8')) as Record<string, any>;
  const paperNet = JSON.parse(readFileSync(join(root, 'scenarios', 'paper-batch-size-mnist.json'), 'utf8')) as Record<string, any>;
  const evidence = JSON.parse(readFileSync(join(root, 'scenarios', 'evidence-synthetic.json'), 'utf8')) as Record<string, any>;
  const edit = (base: Record<string, any>, f: (s: Record<string, any>) => void) => {
    const s = JSON.parse(JSON.stringify(base));
    delete s.quick;
    f(s);
    return s;
  };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['3000 replicas × d = 512 moments', edit(quickstart, (s) => { s.model = { ...s.model, dim: 512, n: 600, spectrum: Array(512).fill(1) }; s.run = { ...s.run, replicas: 3000, steps: 10 }; }), /run\.replicas: needs about 12\.6 GB for the replica moments/],
    ['momentum 1 − 1e-16', edit(quickstart, (s) => { s.optimizer.momentum = 0.9999999999999999; }), /run: the cost model estimates .* core-hours for the run .*SDE .* substeps per step.*over the time budget of 100 core-hours.*momentum 0\.9999999999999999.*--allow-long/],
    ['steps 2^53 − 1', edit(quickstart, (s) => { s.run.steps = 2 ** 53 - 1; }), /run\.steps: 9\.01e\+15 steps is more than the 1e\+10/],
    ['hidden 2e5', edit(paperNet, (s) => { s.model.hidden = 200000; }), /model\.hidden: 200000 hidden units need about 2\.5 GB/],
    ['hidden 1e9', edit(paperNet, (s) => { s.model.hidden = 1e9; }), /model\.hidden: 1000000000 hidden units/],
    ['1.2 M batch-size cells', edit(toyBatch, (s) => { s.batchSizes = Array.from({ length: 500 }, (_, i) => i + 1); s.run = { ...s.run, seeds: 480 }; }), /batchSizes: the sweep has up to .* cells .*more than 1e\+5/],
    ['10^6 λ values', edit(evidence, (s) => { s.lambda = Array.from({ length: 1e6 }, (_, i) => 1 + i); }), /lambda: 1000000 λ values .* more than 10000/],
  ];
  for (const [label, scenario, message] of cases) {
    it(`${label}: exit-2 problem with the estimate`, () => {
      expect(() => parseScenario(scenario)).toThrow(message);
    });
  }

  it('--allow-long lifts the time limits, not the memory limit', () => {
    expect(() => parseScenario(cases[2][1], { allowLong: true })).not.toThrow();
    expect(() => parseScenario(cases[0][1], { allowLong: true })).toThrow(/replica moments/);
  });

  it('twin: the shipped scenarios pass', () => {
    for (const s of [quickstart, paperNet, evidence]) expect(() => parseScenario(s)).not.toThrow();
  });
});

describe('item 6: progress when stderr is not a terminal', () => {
  it('nothing for a short run; a line per finished cell (at most one per 2 s) once it runs over 10 s', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = stderrProgress({ enabled: false, clock: () => now, write: (l) => lines.push(l) });
    const short = progress.start('cells', 10);
    for (let k = 1; k <= 10; k++) { now += 500; short.tick(k); }
    short.end();
    expect(lines).toEqual([]);
    now = 0;
    const long = progress.start('cells', 100);
    for (let k = 1; k <= 100; k++) { now += 1000; long.tick(k); }
    long.end();
    expect(lines[0]).toBe('cells: 10/100 done, 10s, eta 90s\n');
    expect(lines).toHaveLength(47); // cells 10, 12, …, 100 (every 2 s from 10 s) and the end line
    expect(lines[lines.length - 1]).toBe('cells: 100/100 done, 100s\n');
  });
});
