#!/usr/bin/env node
// Calibrates the ensemble cost model (src/experiments/common/ensemble-cost.ts, ENSEMBLE_COEFFICIENTS;
// stationary/cost.ts and collapse/cost.ts count their units with it):
// runs stationary scenarios of every model kind and noise type (quadratic: additive noise; least
// squares and logistic regression: state-dependent), SGD and SDE separately, in-process on one
// worker, measures their CPU time (process.cpuUsage, the best of two: on a shared machine CPU time,
// not wall time), counts their units of work with the cost model's own stationaryCostUnits, and fits
// one coefficient per unit to minimise the squared log-ratio of estimate to measurement. Prints the
// fitted coefficients and each run's ratio measured / estimated under the current and the fitted ones.
// Needs `npm run build`.   node src/bench/stationary-calibrate.mjs
import { parseScenario } from '../../dist/run/load-scenario.js';
import { runScenario } from '../../dist/run/runner.js';
import { stationaryCostUnits } from '../../dist/experiments/stationary/cost.js';
import { loadedCurvature } from '../../dist/experiments/stationary/curvature.js';
import { ENSEMBLE_COEFFICIENTS, ensembleSeconds } from '../../dist/experiments/common/ensemble-cost.js';

const quad = (d, n) => ({ kind: 'quadratic', dim: d, n, spectrum: { powerLaw: { exponent: 1 } } });
const ls = (d, n) => ({ kind: 'linear-regression', n, dim: d });
const lg = (d, n) => ({ kind: 'logistic-regression', lambda: 1, data: { synthetic: { features: d - 1, trainPerClass: n / 2, testPerClass: 0, separation: 2 } } });
// [model, d, N, B, steps]: long enough that the steps outweigh the setup, except the last rows (the setup's least-squares theory)
const runs = [
  [quad, 2, 100, 4, 400000], [quad, 16, 100, 4, 200000], [quad, 64, 200, 16, 8000], [quad, 8, 100, 64, 100000],
  [ls, 2, 50, 4, 200000], [ls, 8, 400, 16, 40000], [ls, 8, 50, 16, 100000], [ls, 32, 2000, 64, 2000], [ls, 2, 2000, 256, 4000],
  [lg, 3, 100, 5, 50000], [lg, 9, 400, 20, 10000], [lg, 3, 1000, 200, 5000],
  [ls, 2, 12, 3, 100000], [ls, 2, 20, 4, 100000], [lg, 3, 20, 4, 100000],
  [ls, 32, 500, 16, 10], [ls, 40, 1000, 16, 10],
];
const rows = [];
for (const dyn of ['sgd', 'sde']) {
  for (const [model, d, n, b, steps] of runs) {
    const loaded = parseScenario({
      experiment: 'stationary', name: 'calibrate', seed: 1, model: model(d, n),
      optimizer: { lr: 0.05, batchSize: b }, dynamics: { sgd: dyn === 'sgd', sde: dyn === 'sde' ? { substeps: 1 } : false },
      run: { replicas: 4, steps, burnIn: 0 },
    }, { allowLong: true });
    let best = Infinity;
    for (let rep = 0; rep < 2; rep++) {
      const c0 = process.cpuUsage();
      await runScenario(loaded, { workers: 1 });
      const c = process.cpuUsage(c0);
      best = Math.min(best, (c.user + c.system) / 1e6);
    }
    const s = loaded.scenario;
    const { loss, lambdaMin, lambdaMax, exactLeastSquares } = loadedCurvature(s.model, s.seed, s.optimizer.weightDecay, loaded.baseDir);
    const { units } = stationaryCostUnits(loaded.scenario, loss, lambdaMin, lambdaMax, exactLeastSquares);
    rows.push({ label: `${dyn} ${model(d, n).kind} d=${d} N=${n} B=${b} steps=${steps}`, units, cpu: best });
    process.stderr.write('.');
  }
}
process.stderr.write('\n');
const keys = Object.keys(ENSEMBLE_COEFFICIENTS);
const estimate = (coef, u) => ensembleSeconds(u, coef);
const loss = (coef) => rows.reduce((t, r) => t + Math.log(estimate(coef, r.units) / r.cpu) ** 2, 0);
// coordinate descent on log c_k (golden section over two decades either side)
const fitted = { ...ENSEMBLE_COEFFICIENTS };
for (let sweep = 0; sweep < 40; sweep++) {
  for (const k of keys) {
    let lo = Math.log(fitted[k] / 100), hi = Math.log(fitted[k] * 100);
    const f = (x) => loss({ ...fitted, [k]: Math.exp(x) });
    for (let it = 0; it < 60; it++) {
      const a = hi - (hi - lo) / 1.618, b = lo + (hi - lo) / 1.618;
      if (f(a) < f(b)) hi = b; else lo = a;
    }
    fitted[k] = Number(Math.exp((lo + hi) / 2).toPrecision(2));
  }
}
for (const r of rows) console.log(`${r.label.padEnd(56)} cpu ${r.cpu.toFixed(3)} s  measured/estimated: current ${(r.cpu / estimate(ENSEMBLE_COEFFICIENTS, r.units)).toFixed(2)}  fitted ${(r.cpu / estimate(fitted, r.units)).toFixed(2)}`);
console.log('fitted coefficients:', JSON.stringify(fitted));
