#!/usr/bin/env node
// Calibrates the cost coefficients (src/experiments/<kind>/cost.ts and experiments/common/cost-coefficients.ts): runs a sample of cells of every
// sweep kind in-process (shipped scenarios in quick mode), measures their CPU time, and prints
// measured / estimated per task: a ratio r means the task's coefficient should be multiplied by r.
// Needs `npm run build`.   node src/bench/plan-calibrate.mjs [--cells 4]
import { loadScenarioFile } from '../../dist/run/load-scenario.js';
import { sweepCells } from '../../dist/run/sweep-cells.js';
import { tasks } from '../../dist/run/tasks.js';

const arg = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : def; };
const sample = Number(arg('cells', '4'));
const files = ['scenarios/toy-batch-size.json', 'scenarios/collapse-linreg.json', 'scenarios/transient-sme.json', 'scenarios/escape-kramers.json', 'scenarios/gradient-noise-linreg.json'];
const byTask = new Map();
for (const file of files) {
  const loaded = loadScenarioFile(file, { quick: true });
  const { cells, estimates } = sweepCells(loaded);
  // spread the sample over the list (cheap and dear cells alike)
  const picks = [...new Set(Array.from({ length: Math.min(sample, cells.length) }, (_, k) => Math.floor((k * (cells.length - 1)) / Math.max(1, sample - 1))))];
  tasks[cells[picks[0]].task](cells[picks[0]].payload); // warm-up
  for (const i of picks) {
    const c0 = process.cpuUsage();
    tasks[cells[i].task](cells[i].payload);
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    const row = byTask.get(cells[i].task) ?? [];
    row.push({ label: estimates[i].label, cpu, est: estimates[i].seconds });
    byTask.set(cells[i].task, row);
  }
}
for (const [task, rows] of byTask) {
  for (const r of rows) console.log(`${task.padEnd(22)} ${r.label.padEnd(36)} cpu ${r.cpu.toFixed(3)} s  estimated ${r.est.toFixed(3)} s  ratio ${(r.cpu / r.est).toFixed(2)}`);
  const logMean = rows.reduce((a, r) => a + Math.log(r.cpu / r.est), 0) / rows.length;
  console.log(`${task}: geometric-mean ratio ${Math.exp(logMean).toFixed(3)} (multiply its coefficient by this)`);
}
