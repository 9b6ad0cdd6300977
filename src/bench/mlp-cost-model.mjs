#!/usr/bin/env node
// Cost model of one MLP training step on MNIST inputs (sparse first layer), for sizing sweeps of
// the optimum-batch-size experiment. Needs `npm run build`. Prints, for each hidden size h and
// batch size B, the wall and CPU time per step and examples/s, then a fit time/step = a + b·B.
//   node src/bench/mlp-cost-model.mjs [--hidden 64,128,256,800] [--batch 1,10,100,1000] [--seconds 1.5]
import { mnistSplit } from '../../dist/data/mnist.js';
import { Mlp } from '../../dist/models/mlp.js';
import { runMlpSgd } from '../../dist/dynamics/train-mlp.js';

const arg = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : def; };
const hiddens = arg('hidden', '64,128,256,800').split(',').map(Number);
const batches = arg('batch', '1,10,100,1000').split(',').map(Number);
const budget = Number(arg('seconds', '1.5'));
const { train, test } = mnistSplit({ digits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], trainPerClass: 100, testPerClass: 100, seed: 1 });

const rows = [];
for (const hidden of hiddens) {
  for (const b of batches) {
    const model = new Mlp({ hidden, train, classes: 10, maxBatch: b });
    model.init(1);
    const velocity = model.newVector();
    runMlpSgd(model, { lr: 0.01, momentum: 0.9, batchSize: b, steps: 20, sampler: 'without-replacement', seed: 1 }, { velocity }); // warm-up (wasm tier-up)
    let steps = 20, wall = 0, cpu = 0;
    for (;;) {
      const c0 = process.cpuUsage(), t0 = performance.now();
      runMlpSgd(model, { lr: 0.01, momentum: 0.9, batchSize: b, steps, sampler: 'without-replacement', seed: 2 }, { velocity });
      wall = (performance.now() - t0) / 1000; const c = process.cpuUsage(c0); cpu = (c.user + c.system) / 1e6;
      if (wall > budget / 4 || steps > 1e6) break;
      steps *= 4;
    }
    const t0 = performance.now(); model.evaluate(train); model.evaluate(test);
    const evalMs = performance.now() - t0;
    rows.push({ hidden, b, msPerStepWall: 1000 * wall / steps, msPerStepCpu: 1000 * cpu / steps, exPerSecCpu: b * steps / cpu, evalMsPer2000: evalMs });
  }
}
console.log('hidden  B     ms/step(wall)  ms/step(cpu)  examples/s(cpu)  eval 2000 images (ms)');
for (const r of rows) console.log(`${String(r.hidden).padEnd(7)} ${String(r.b).padEnd(5)} ${r.msPerStepWall.toFixed(3).padStart(12)} ${r.msPerStepCpu.toFixed(3).padStart(13)} ${r.exPerSecCpu.toFixed(0).padStart(16)} ${r.evalMsPer2000.toFixed(1).padStart(12)}`);
// fit cpu ms/step = a + b·B per hidden size, by least squares on relative errors (weights 1/t²),
// so that small and large batches count alike
for (const hidden of hiddens) {
  const pts = rows.filter((r) => r.hidden === hidden);
  let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const r of pts) {
    const w = 1 / (r.msPerStepCpu * r.msPerStepCpu);
    sw += w; sx += w * r.b; sy += w * r.msPerStepCpu; sxx += w * r.b * r.b; sxy += w * r.b * r.msPerStepCpu;
  }
  const slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx), icpt = (sy - slope * sx) / sw;
  console.log(`h = ${hidden}: cpu ms/step ≈ ${icpt.toFixed(3)} + ${(slope * 1000).toFixed(2)} µs × B`);
}
