// Writes scenarios/data/my-data.csv: a small least-squares data set standing in for "your own data"
// (N = 20 rows, d = 2, y = 1.5 x1 − 0.7 x2 + noise). Deterministic: a fixed linear congruential
// generator and a fixed Box–Muller pairing, so the file is the same bytes on every machine.
// Run: node scenarios/data/make-my-data.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let state = 20261128;
const uniform = () => { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return (state + 0.5) / 4294967296; };
const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
const rows = ['x1,x2,y'];
for (let i = 0; i < 20; i++) {
  const x1 = normal();
  const x2 = 0.7 * normal();
  const y = 1.5 * x1 - 0.7 * x2 + 0.5 * normal();
  rows.push([x1, x2, y].map((v) => v.toFixed(4)).join(','));
}
writeFileSync(fileURLToPath(new URL('./my-data.csv', import.meta.url)), rows.join('\n') + '\n');
