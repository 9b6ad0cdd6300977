#!/usr/bin/env node
// Calibrates the evidence cost model (src/experiments/evidence/cost.ts, EVIDENCE_COEFFICIENTS): runs
// one cell of evidence sweeps on synthetic data of several sizes (both solver sides) in-process,
// measures its CPU time (process.cpuUsage, the best of two), counts its units with the cost model's
// own evidenceCellUnits, and fits the factor and pass coefficients to minimise the squared
// log-ratio of estimate to measurement; then times the first read of MNIST digits
// (MNIST_DIGIT_READ_SECONDS of experiments/common/cost-coefficients.ts, the sweep's once-per-process overhead).
// A small cell runs first, unmeasured, so that compilation is not counted against the first size.
// Needs `npm run build`.   node src/bench/evidence-calibrate.mjs
import { parseScenario } from '../../dist/run/load-scenario.js';
import { sweepCells } from '../../dist/run/sweep-cells.js';
import { tasks } from '../../dist/run/tasks.js';
import { EVIDENCE_COEFFICIENTS, evidenceCellUnits, evidenceSeconds } from '../../dist/experiments/evidence/cost.js';
import { mnistDigitImages } from '../../dist/data/mnist.js';

// [features, trainPerClass, testPerClass, λ count]
const sizes = [[100, 50, 500, 13], [400, 100, 500, 13], [100, 400, 500, 13], [800, 200, 200, 13], [200, 200, 2000, 25], [50, 1000, 500, 13], [300, 300, 500, 13], [784, 400, 500, 13], [784, 100, 500, 13], [100, 150, 500, 25]];
const rows = [];
const warm = parseScenario({ experiment: 'evidence', name: 'warm-up', seed: 2, data: { synthetic: { features: 20, trainPerClass: 30, testPerClass: 30, separation: 2 } }, lambda: { min: 0.1, max: 10, count: 5 } });
for (const cell of sweepCells(warm).cells) await tasks[cell.task](cell.payload);
for (const [features, perClass, testPerClass, count] of sizes) {
  const loaded = parseScenario({ experiment: 'evidence', name: 'calibrate', seed: 1, data: { synthetic: { features, trainPerClass: perClass, testPerClass, separation: 2 } }, lambda: { min: 0.01, max: 100, count } }, { allowLong: true });
  const { cells } = sweepCells(loaded);
  let best = Infinity;
  for (let rep = 0; rep < 2; rep++) {
    const c0 = process.cpuUsage();
    await tasks[cells[0].task](cells[0].payload);
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1e6);
  }
  rows.push({ label: `features=${features} n=${2 * perClass} test=${2 * testPerClass} λ=${count}`, units: evidenceCellUnits(2 * perClass, features + 1, 2 * testPerClass, count), cpu: best });
  process.stderr.write('.');
}
const c0 = process.cpuUsage();
mnistDigitImages(3);
mnistDigitImages(7);
const c = process.cpuUsage(c0);
const mnistDigit = Number(((c.user + c.system) / 1e6 / 2).toPrecision(2));
console.log(`reading one MNIST digit: ${mnistDigit} s of CPU`);
process.stderr.write('\n');
const loss = (coef) => rows.reduce((t, r) => t + Math.log(evidenceSeconds(r.units, coef) / r.cpu) ** 2, 0);
const fitted = { ...EVIDENCE_COEFFICIENTS };
for (let sweep = 0; sweep < 40; sweep++) {
  // the dual side has two sizes here: its coefficient is set by hand (FIT_DUAL=1 fits it too)
  for (const k of process.env.FIT_DUAL === '1' ? ['primal', 'dual', 'pass'] : ['primal', 'pass']) {
    let lo = Math.log(fitted[k] / 100), hi = Math.log(fitted[k] * 100);
    const f = (x) => loss({ ...fitted, [k]: Math.exp(x) });
    for (let it = 0; it < 60; it++) {
      const a = hi - (hi - lo) / 1.618, b = lo + (hi - lo) / 1.618;
      if (f(a) < f(b)) hi = b; else lo = a;
    }
    fitted[k] = Number(Math.exp((lo + hi) / 2).toPrecision(2));
  }
}
for (const r of rows) console.log(`${r.label.padEnd(44)} cpu ${r.cpu.toFixed(3)} s  measured/estimated: current ${(r.cpu / evidenceSeconds(r.units)).toFixed(2)}  fitted ${(r.cpu / evidenceSeconds(r.units, fitted)).toFixed(2)}`);
console.log('fitted coefficients:', JSON.stringify(fitted));
